package vmsh.shell.js;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
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
import vmsh.machine.Machine;
import vmsh.machine.RunResult;

/**
 * One JavaScript world: a sandboxed GraalJS context holding the vmsh API. Scripts see
 * only our API objects (no Java classes, files, threads or processes); their errors come
 * back as one-line {@link ScriptError}s.
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
                                'quit', 'read', 'readbuffer', 'printErr', 'readline'])
                delete globalThis[name];
            ({
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

    private final Context context;
    private final PrintStream out;
    private final FileAccess files;
    private final Value thrower;
    private final Value objectMaker;
    private final Value arrayMaker;
    private volatile Machine running;

    /** A context with the bootstrap run, for these output streams. */
    private record Prepared(PrintStream out, PrintStream err, Context context, Value helpers) {}

    /** The context {@link #warmUp} is building, or null. */
    private static volatile CompletableFuture<Prepared> warm;

    /**
     * A session for a script in {@code scriptDir} (the working directory for the REPL),
     * printing to {@code out} and {@code err}, with {@code args} as the global {@code args}.
     */
    public Session(PrintStream out, PrintStream err, Path scriptDir, List<String> args) {
        this.out = out;
        this.files = new FileAccess(scriptDir, Path.of(""));
        Prepared prepared = take(out, err);
        this.context = prepared.context();
        thrower = prepared.helpers().getMember("thrower");
        objectMaker = prepared.helpers().getMember("object");
        arrayMaker = prepared.helpers().getMember("array");
        Globals.install(this, context.getBindings("js"), args);
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
        Machine m = running;
        if (m != null) m.requestStop();
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

    @Override
    public void close() {
        context.close(true);
    }

    /** The globals with a line of help each, for .help. */
    public Map<String, String> globalsHelp() { return Globals.HELP; }

    /** A machine's members with a line of help each, for .help. */
    public Map<String, String> machineHelp() {
        return new JsMachine(this, new Machine(vmsh.machine.MachineConfig.defaults())).help();
    }

    PrintStream out() { return out; }

    FileAccess files() { return files; }

    /** Runs {@code m}, remembering it so that {@link #interrupt} can stop it. */
    RunResult run(Machine m, long insns) {
        running = m;
        try {
            return m.run(insns);
        } finally {
            running = null;
        }
    }

    /** Runs a piece of the API, turning any failure into a JavaScript error for the script. */
    <T> T guard(Supplier<T> body) {
        try {
            return body.get();
        } catch (PolyglotException e) {
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
        return objectMaker.execute(array(List.copyOf(properties.keySet())), array(List.copyOf(properties.values())));
    }

    /** A JavaScript array of these elements. */
    Value array(List<?> elements) {
        return arrayMaker.execute(elements.toArray());
    }

    private ScriptError translate(PolyglotException e) {
        if (e.isInterrupted() || e.isCancelled()) return new ScriptError("interrupted", true);
        if (e.isExit()) return new ScriptError("exit " + e.getExitStatus(), false);
        String where = position(e);
        String message = e.isSyntaxError() ? syntaxMessage(e) : guestMessage(e);
        return new ScriptError(where == null ? message : where + ": " + message, false);
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
