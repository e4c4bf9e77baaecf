package vmsh.shell.api;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import vmsh.asm.AsmException;
import vmsh.elf.ElfException;
import vmsh.hv.Hypervisor;
import vmsh.hv.Vm;
import vmsh.hv.VmState;
import vmsh.machine.Machine;
import vmsh.machine.RunResult;
import vmsh.machine.StopReason;
import vmsh.shell.ExitCode;

/**
 * One JavaScript world: a sandboxed GraalJS context holding the vmsh API. Scripts see
 * only our API objects (no Java classes, threads, processes or network; files only
 * through {@link FileAccess}); their errors come back as one-line {@link ScriptError}s
 * with an exit code. The session also keeps the limits of a graded run: an instruction
 * budget across all guest runs and a wall-clock timeout.
 */
public final class Session implements AutoCloseable {
    /** Shared by every session of the process, so a second context starts warm. */
    private static Engine engine;

    /**
     * Run once per session: removes the GraalJS shell builtins that reach outside the
     * sandbox or duplicate ours, and returns the helpers the Java side needs.
     */
    private static final String BOOTSTRAP = """
            for (const name of ['Java', 'Packages', 'java', 'javax', 'javafx', 'com', 'org', 'edu', 'net',
                                'Polyglot', 'Graal', 'load', 'loadWithNewGlobal',
                                'quit', 'read', 'readbuffer', 'printErr', 'readline', 'importClass', 'importPackage',
                                'JavaImporter', 'Interop'])
                delete globalThis[name];
            ({
                // Math.random from a seeded generator (mulberry32), so that --seed decides it
                seedRandom(seed) {
                    let a = seed >>> 0;
                    Math.random = function random() {
                        a = (a + 0x6D2B79F5) >>> 0;
                        let t = a;
                        t = Math.imul(t ^ (t >>> 15), t | 1);
                        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
                        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
                    };
                },
                // throws a JS error of the named constructor (Error when there is none by that name)
                thrower(type, message) {
                    const Ctor = globalThis[type];
                    const isError = typeof Ctor === 'function' && (Ctor === Error || Ctor.prototype instanceof Error);
                    const e = isError ? new Ctor(message) : new Error(message);
                    if (e.name !== type) Object.defineProperty(e, 'name', {value: type, writable: true, configurable: true});
                    throw e;
                },
                object(keys, values) {
                    const o = {};
                    for (let i = 0; i < keys.length; i++) o[keys[i]] = values[i];
                    return o;
                },
                array(...elements) { return elements; },
            })
            """;

    /** Instructions per run slice: the granularity of budgets, time limits and the progress bar. */
    private static final long SLICE = 1L << 22;

    /**
     * How a session is set up.
     *
     * @param outDir   where plots and writeFile go (--out)
     * @param seed     the seed of everything random (--seed)
     * @param maxInsns the instruction budget across all guest runs (--max-insns), Long.MAX_VALUE for none
     * @param colors   the terminal shows colours (heat maps)
     * @param progress show a progress bar on stderr during long runs
     * @param params   the script's global {@code params} (a sweep's parameters; empty otherwise)
     */
    public record Options(PrintStream out, PrintStream err, Path scriptDir, List<String> args, Path outDir, long seed,
                          long maxInsns, boolean colors, boolean progress, Map<String, Object> params) {
        public static final long DEFAULT_SEED = 1;

        /** Defaults: output to the working directory, seed 1, no budget, no colours, no progress bar, no params. */
        public static Options of(PrintStream out, PrintStream err, Path scriptDir, List<String> args) {
            return new Options(out, err, scriptDir, args, Path.of(""), DEFAULT_SEED, Long.MAX_VALUE, false, false, Map.of());
        }

        public Options outDir(Path dir) { return new Options(out, err, scriptDir, args, dir, seed, maxInsns, colors, progress, params); }

        public Options seed(long s) { return new Options(out, err, scriptDir, args, outDir, s, maxInsns, colors, progress, params); }

        public Options maxInsns(long n) { return new Options(out, err, scriptDir, args, outDir, seed, n, colors, progress, params); }

        public Options terminal(boolean colors, boolean progress) {
            return new Options(out, err, scriptDir, args, outDir, seed, maxInsns, colors, progress, params);
        }

        public Options params(Map<String, Object> p) { return new Options(out, err, scriptDir, args, outDir, seed, maxInsns, colors, progress, p); }
    }

    private final Context context;
    private final Options options;
    private final PrintStream out;
    private final FileAccess files;
    private final Value thrower;
    private final Value objectMaker;
    private final Value arrayMaker;
    private final Progress progress;
    /** Stops the guest run in progress (a machine's or the hypervisor's), or null. */
    private volatile Runnable stopRunning;
    private JsMachine current;
    private long insnsLeft;
    /** Guest instructions run so far, over all machines and VMs. */
    private long insnsRun;
    private final ScriptResult result = new ScriptResult();
    private volatile boolean timedOut;
    private long timeoutSeconds;
    private Thread watchdog;

    /** A context with the bootstrap run, for these output streams. */
    private record Prepared(PrintStream out, PrintStream err, Context context, Value helpers) {}

    /** The context {@link #warmUp} is building, or null. */
    private static volatile CompletableFuture<Prepared> warm;

    /**
     * A session for a script in {@code scriptDir} (the working directory for the REPL),
     * printing to {@code out} and {@code err}, with {@code args} as the global {@code args}.
     */
    public Session(PrintStream out, PrintStream err, Path scriptDir, List<String> args) {
        this(Options.of(out, err, scriptDir, args));
    }

    public Session(Options options) {
        this.options = options;
        this.out = options.out();
        this.files = new FileAccess(options.scriptDir(), Path.of(""), options.outDir());
        this.insnsLeft = options.maxInsns();
        this.progress = new Progress(options.err(), options.progress());
        Prepared prepared = take(out, options.err());
        this.context = prepared.context();
        thrower = prepared.helpers().getMember("thrower");
        objectMaker = prepared.helpers().getMember("object");
        arrayMaker = prepared.helpers().getMember("array");
        prepared.helpers().getMember("seedRandom").execute(options.seed());
        Globals.install(this, context.getBindings("js"));
    }

    /**
     * Starts building a session's JavaScript context on another thread, so that it is ready
     * (or nearly) when the command line has been parsed: start-up work on both cores.
     */
    public static void warmUp(PrintStream out, PrintStream err) {
        CompletableFuture<Prepared> future = new CompletableFuture<>();
        warm = future;
        Thread t = new Thread(() -> {
            try {
                future.complete(prepare(out, err));
            } catch (RuntimeException | Error e) {
                future.completeExceptionally(e);
            }
        }, "vmsh-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** The warmed-up context if it was built for these streams, else a new one. */
    private static Prepared take(PrintStream out, PrintStream err) {
        CompletableFuture<Prepared> future = warm;
        warm = null;
        if (future != null) {
            try {
                Prepared p = future.join();
                if (p.out() == out && p.err() == err) return p;
                p.context().close();
            } catch (CompletionException e) {
                // it failed in the background; building it here reports the failure properly
            }
        }
        return prepare(out, err);
    }

    private static Prepared prepare(PrintStream out, PrintStream err) {
        Context context = Context.newBuilder("js")
                .engine(engine())
                .allowHostAccess(HostAccess.EXPLICIT)
                .allowHostClassLookup(className -> false)
                .allowIO(IOAccess.NONE)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .out(out)
                .err(err)
                .build();
        Value helpers = context.eval(Source.newBuilder("js", BOOTSTRAP, "vmsh:bootstrap").internal(true).buildLiteral());
        return new Prepared(out, err, context, helpers);
    }

    private static synchronized Engine engine() {
        if (engine == null) {
            engine = Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build();
        }
        return engine;
    }

    /**
     * Evaluates {@code code} as the source {@code name} whose first line is line
     * {@code firstLine} of that file, so positions in errors match the file the user sees.
     */
    public Value eval(String code, String name, int firstLine) {
        String padded = "\n".repeat(Math.max(0, firstLine - 1)) + code;
        try {
            return context.eval(Source.newBuilder("js", padded, name).buildLiteral());
        } catch (PolyglotException e) {
            throw translate(e);
        }
    }

    /** True when {@code code} is a prefix of valid JavaScript that more lines could complete. */
    public boolean isIncomplete(String code) {
        try {
            context.parse(Source.newBuilder("js", code, "input").cached(false).buildLiteral());
            return false;
        } catch (PolyglotException e) {
            return e.isSyntaxError() && (e.isIncompleteSource() || hasOpenTemplate(code));
        }
    }

    /** An odd number of unescaped backquotes: a template literal still open. */
    private static boolean hasOpenTemplate(String code) {
        int quotes = 0;
        for (int i = 0; i < code.length(); i++) {
            if (code.charAt(i) == '\\') i++;
            else if (code.charAt(i) == '`') quotes++;
        }
        return quotes % 2 == 1;
    }

    /** Stops a running guest and the script around it; safe from any thread (Ctrl-C). */
    public void interrupt() {
        Runnable stop = stopRunning;
        if (stop != null) stop.run();
        Thread t = new Thread(() -> {
            try {
                context.interrupt(Duration.ofSeconds(10));
            } catch (Exception ignored) {
                // the evaluation ended on its own, or is stuck in host code; nothing to do
            }
        }, "vmsh-interrupt");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Ends every later evaluation that runs past {@code seconds} of wall time from now:
     * a runaway script or guest then fails with exit code 124 (the autograder's --timeout).
     */
    public void limitTime(long seconds) {
        timeoutSeconds = seconds;
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(Duration.ofSeconds(seconds));
            } catch (InterruptedException e) {
                return;   // the script finished in time
            }
            timedOut = true;
            interrupt();
        }, "vmsh-timeout");
        t.setDaemon(true);
        t.start();
        watchdog = t;
    }

    @Override
    public void close() {
        if (watchdog != null) watchdog.interrupt();
        context.close(true);
    }

    /** The help text of the globals (help() and .help). */
    public String helpText() { return Help.globals(); }

    /** The help text of {@code name}: a global or an API type ("machine", "tlb"). */
    public String helpText(String name) { return Help.text(context.asValue(name)); }

    public Options options() { return options; }

    /** Guest instructions this session's script has run, over all its machines and VMs. */
    public long instructions() { return insnsRun; }

    /** What the script reported with result({...}), as plain Java data (empty when it never called it). */
    public Map<String, Object> result() { return result.fields(); }

    /** The files the script read (readFile, asm .include, .load), real paths, in first-read order. */
    public List<Path> filesRead() { return files.filesRead(); }

    ScriptResult scriptResult() { return result; }

    Map<String, Object> params() { return options.params(); }

    /** True when stderr is a terminal: progress bars may be drawn there. */
    public static boolean stderrIsTerminal() { return Progress.stderrIsTerminal(); }

    void println(String line) {
        out.println(line);
        out.flush();
    }

    FileAccess files() { return files; }

    List<String> args() { return options.args(); }

    long seed() { return options.seed(); }

    boolean colors() { return options.colors(); }

    /** The machine the monitor commands work on: the last created, or the one given to use(m). */
    public Value current() { return current == null ? null : context.asValue(current); }

    void setCurrent(JsMachine m) { current = m; }

    JsMachine currentMachine() { return current; }

    /** The current machine's runtime object, for benchmarks that drive it from Java and JavaScript. */
    public Machine machineForBench() { return current.machine(); }

    /** The text of a script the REPL's .load names (read as readFile reads). */
    public String readScript(String name) {
        try {
            return files.read(name);
        } catch (JsError e) {
            throw new ScriptError(e.type() + ": " + e.getMessage(), ExitCode.ERROR);
        }
    }

    /** Writes a file under the output folder (the REPL's .save); returns where. */
    public String writeOutput(String name, byte[] bytes) {
        try {
            return files.write(name, bytes).toString();
        } catch (JsError e) {
            throw new ScriptError(e.type() + ": " + e.getMessage(), ExitCode.ERROR);
        }
    }

    /** Evaluates a short expression of a monitor command (an address). */
    Value evalQuiet(String code) {
        try {
            return context.eval(Source.newBuilder("js", code, "monitor").buildLiteral());
        } catch (PolyglotException e) {
            throw JsError.range("cannot evaluate '" + code + "': " + e.getMessage());
        }
    }

    /** Runs a monitor command: its text, or a ScriptError (one line) as eval would throw. */
    String guardText(java.util.function.Supplier<String> body) {
        try {
            return body.get();
        } catch (JsError e) {
            throw new ScriptError(e.type() + ": " + e.getMessage(), ExitCode.ERROR);
        } catch (Abort e) {
            throw new ScriptError(e.getMessage(), e.exitCode);
        } catch (PolyglotException e) {
            throw translate(e);
        } catch (IllegalArgumentException e) {
            throw new ScriptError("Error: " + e.getMessage(), ExitCode.ERROR);
        }
    }

    /** Member names of the object the dotted path {@code a.b.c} names, for completion; empty when none. */
    public List<String> memberNames(String path) {
        Value v = context.getBindings("js");
        try {
            if (!path.isEmpty()) {
                for (String part : path.split("\\.")) {
                    if (v == null || !v.hasMembers()) return List.of();
                    v = v.getMember(part);
                }
            }
            if (v == null || !v.hasMembers()) return List.of();
            return List.copyOf(v.getMemberKeys());
        } catch (RuntimeException e) {
            return List.of();   // a getter failed: nothing to offer
        }
    }

    Object use(Value v) {
        if (v == null || !v.isProxyObject() || !(v.asProxyObject() instanceof JsMachine m))
            throw JsError.type("use(m) needs a machine, got " + ValueFormat.inspect(v));
        current = m;
        return m;
    }

    /**
     * Runs {@code jm} for at most {@code budget} instructions in slices, so that Ctrl-C, the
     * time limit, the session's instruction budget and the progress bar act between them.
     * A stop asked for by the user ends the run with reason 'stopped'; the session's
     * budget or time running out ends the script ({@link Abort}, exit 124).
     */
    RunResult run(JsMachine jm, long budget) {
        Machine m = jm.machine();
        stopRunning = m::requestStop;
        progress.begin();
        long done = 0, cycles = 0;
        try {
            while (true) {
                checkTime(m);
                long slice = Math.min(budget - done, SLICE);
                if (slice > insnsLeft) {
                    if (insnsLeft == 0) throw budgetExhausted(m);
                    slice = insnsLeft;
                }
                RunResult r = jm.hooks().run(slice);
                done += r.insns();
                insnsRun += r.insns();
                cycles += r.cycles();
                insnsLeft -= insnsLeft == Long.MAX_VALUE ? 0 : r.insns();
                if (r.reason() == StopReason.STOPPED) checkTime(m);
                if (r.reason() != StopReason.BUDGET || done >= budget)
                    return new RunResult(r.reason(), done, cycles, r.exitCode(), r.message());
                progress.update(done, budget);
            }
        } finally {
            stopRunning = null;
            progress.end();
        }
    }

    /**
     * Runs VMs of {@code hv} under the same limits as a machine's run: {@code run} gets the
     * session's instruction budget left and passes it to hv.run or vm.run as their limit;
     * Ctrl-C stops the hypervisor's run loop (it returns early); the session's budget or time
     * running out ends the script ({@link Abort}, exit 124). {@code insnsOf} tells the
     * instructions a result used, {@code unfinished} whether the run would have gone on.
     */
    <T> T runVms(Hypervisor hv, LongFunction<T> run, ToLongFunction<T> insnsOf, Predicate<T> unfinished) {
        stopRunning = hv::requestStop;   // in place before the checks: a timeout from now on stops the run
        try {
            if (timedOut) throw new Abort(ExitCode.BUDGET, String.format("timeout of %d s %s", timeoutSeconds, where(hv)));
            if (insnsLeft == 0) throw vmBudgetExhausted(hv);
            T r = run.apply(insnsLeft);
            long used = insnsOf.applyAsLong(r);
            insnsRun += used;
            if (insnsLeft != Long.MAX_VALUE) insnsLeft -= used;
            if (timedOut) throw new Abort(ExitCode.BUDGET, String.format("timeout of %d s %s", timeoutSeconds, where(hv)));
            if (insnsLeft == 0 && unfinished.test(r)) throw vmBudgetExhausted(hv);
            return r;
        } finally {
            stopRunning = null;
        }
    }

    private Abort vmBudgetExhausted(Hypervisor hv) {
        return new Abort(ExitCode.BUDGET, String.format("instruction budget of %d exhausted %s", options.maxInsns(), where(hv)));
    }

    /** "in VM 'a' at guest pc 0x80001234, VM 'b' at ...": the VMs that could go on (all when none can). */
    private static String where(Hypervisor hv) {
        List<Vm> ready = hv.vms().stream().filter(v -> v.state() == VmState.READY).toList();
        List<String> parts = new java.util.ArrayList<>();
        for (Vm v : ready.isEmpty() ? hv.vms() : ready) parts.add(String.format("VM '%s' at guest pc 0x%08x", v.name(), v.vcpu().pc));
        return parts.isEmpty() ? "(no VMs)" : "in " + String.join(", ", parts);
    }

    private void checkTime(Machine m) {
        if (timedOut) throw new Abort(ExitCode.BUDGET, String.format("timeout of %d s at guest pc 0x%08x", timeoutSeconds, m.pc()));
    }

    private Abort budgetExhausted(Machine m) {
        return new Abort(ExitCode.BUDGET, String.format("instruction budget of %d exhausted at guest pc 0x%08x", options.maxInsns(), m.pc()));
    }

    /** Runs a piece of the API, turning any failure into a JavaScript error for the script. */
    <T> T guard(Supplier<T> body) {
        try {
            return body.get();
        } catch (PolyglotException | Abort e) {
            throw e;
        } catch (JsError e) {
            throw raise(e.type(), e.getMessage());
        } catch (AsmException e) {
            throw raise("AsmError", e.getMessage());
        } catch (ElfException e) {
            throw raise("ElfError", e.getMessage());
        } catch (RuntimeException e) {
            throw raise("Error", e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        }
    }

    private RuntimeException raise(String type, String message) {
        thrower.execute(type, message);
        return new IllegalStateException("unreachable: the thrower always throws");
    }

    /** A plain JavaScript object with these properties, in order. */
    Value object(Map<String, ?> properties) {
        return objectMaker.execute(array(List.copyOf(properties.keySet())), array(new java.util.ArrayList<>(properties.values())));   // values may be null
    }

    /** A JavaScript array of these elements. */
    Value array(List<?> elements) {
        return arrayMaker.execute(elements.toArray());
    }

    private ScriptError translate(PolyglotException e) {
        String where = position(e);
        String prefix = where == null ? "" : where + ": ";
        if (e.isInterrupted() || e.isCancelled()) {
            if (timedOut) return new ScriptError(prefix + "timeout of " + timeoutSeconds + " s", ExitCode.BUDGET);
            return new ScriptError(prefix + "interrupted", ExitCode.INTERRUPTED);
        }
        if (e.isExit()) return new ScriptError("exit " + e.getExitStatus(), e.getExitStatus());
        if (e.isHostException() && e.asHostException() instanceof Abort a) return new ScriptError(prefix + a.getMessage(), a.exitCode);
        String message = e.isSyntaxError() ? syntaxMessage(e) : guestMessage(e);
        return new ScriptError(prefix + message, isGuestFault(e) ? ExitCode.GUEST_FAULT : ExitCode.ERROR);
    }

    private static boolean isGuestFault(PolyglotException e) {
        Value error = e.isGuestException() ? e.getGuestObject() : null;
        if (error == null || !error.hasMembers()) return false;
        Value name = error.getMember("name");
        return name != null && name.isString() && name.asString().equals("GuestFault");
    }

    /** file:line:col of the innermost frame in the user's code, skipping our internals. */
    private static String position(PolyglotException e) {
        SourceSection at = e.isSyntaxError() ? e.getSourceLocation() : null;
        if (at == null) {
            for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
                SourceSection s = frame.getSourceLocation();
                if (frame.isGuestFrame() && s != null && !s.getSource().isInternal()) {
                    at = s;
                    break;
                }
            }
        }
        if (at == null) at = e.getSourceLocation();
        if (at == null || !at.isAvailable()) return null;
        return at.getSource().getName() + ":" + at.getStartLine() + ":" + at.getStartColumn();
    }

    /** "SyntaxError: t.js:1:3 Expected ...\n<line>\n<caret>" becomes "SyntaxError: Expected ...". */
    private static String syntaxMessage(PolyglotException e) {
        String first = e.getMessage().lines().findFirst().orElse("SyntaxError");
        return first.replaceFirst("^(\\w*Error: )?\\S+:\\d+:\\d+ ", "SyntaxError: ");
    }

    private static String guestMessage(PolyglotException e) {
        if (e.isHostException()) {
            Throwable t = e.asHostException();
            return "InternalError: " + t;
        }
        String m = e.getMessage();
        return m == null ? "Error" : m;
    }
}
