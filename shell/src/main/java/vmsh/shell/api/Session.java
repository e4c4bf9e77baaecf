package vmsh.shell.api;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import vmsh.machine.Machine;
import vmsh.shell.ExitCode;
import vmsh.shell.limits.LimitExceeded;
import vmsh.shell.limits.Progress;
import vmsh.shell.limits.RunLimits;

/**
 * One JavaScript world, as the command line and the REPL use it: a {@link Sandbox} holding
 * the vmsh API ({@link Globals}), evaluations that end in a value or a one-line {@link
 * ScriptError}, Ctrl-C, and the limits of a graded run ({@link RunLimits}). The API objects
 * see the session only through its {@link ScriptHost}.
 */
public final class Session implements AutoCloseable {
    /**
     * How a session is set up.
     *
     * @param outDir   where plots and writeFile go (--out)
     * @param seed     the seed of everything random (--seed)
     * @param maxInsns the instruction budget across all guest runs (--max-insns), Long.MAX_VALUE for none
     * @param colors   the terminal shows colours (heat maps)
     * @param progress show a progress bar on stderr during long runs
     * @param realTime Date reads the wall clock (--real-time) instead of the simulated clock
     * @param allowRead more folders the script may read (--allow-read)
     * @param params   the script's global {@code params} (a sweep's parameters; empty otherwise)
     */
    public record Options(PrintStream out, PrintStream err, Path scriptDir, List<String> args, Path outDir, long seed,
                          long maxInsns, boolean colors, boolean progress, boolean realTime, List<Path> allowRead,
                          Map<String, Object> params) {
        public static final long DEFAULT_SEED = 1;

        /**
         * Defaults: output to the working directory, seed 1, no budget, no colours, no progress bar, simulated time,
         * no more folders to read, no params.
         */
        public static Options of(PrintStream out, PrintStream err, Path scriptDir, List<String> args) {
            return new Options(out, err, scriptDir, args, Path.of(""), DEFAULT_SEED, RunLimits.UNLIMITED, false, false, false, List.of(),
                    Map.of());
        }

        public Options outDir(Path dir) {
            return new Options(out, err, scriptDir, args, dir, seed, maxInsns, colors, progress, realTime, allowRead, params);
        }

        public Options seed(long s) {
            return new Options(out, err, scriptDir, args, outDir, s, maxInsns, colors, progress, realTime, allowRead, params);
        }

        public Options maxInsns(long n) {
            return new Options(out, err, scriptDir, args, outDir, seed, n, colors, progress, realTime, allowRead, params);
        }

        public Options terminal(boolean colors, boolean progress) {
            return new Options(out, err, scriptDir, args, outDir, seed, maxInsns, colors, progress, realTime, allowRead, params);
        }

        public Options realTime(boolean real) {
            return new Options(out, err, scriptDir, args, outDir, seed, maxInsns, colors, progress, real, allowRead, params);
        }

        /** Folders besides the script's and the working directory whose files the script may read (--allow-read). */
        public Options allowRead(List<Path> folders) {
            return new Options(out, err, scriptDir, args, outDir, seed, maxInsns, colors, progress, realTime, List.copyOf(folders), params);
        }

        public Options params(Map<String, Object> p) {
            return new Options(out, err, scriptDir, args, outDir, seed, maxInsns, colors, progress, realTime, allowRead, p);
        }
    }

    /** Where the simulated clock of Date starts: 2000-01-01T00:00:00Z (each reading advances it 1 ms). */
    public static final long SIMULATED_EPOCH_MILLIS = 946_684_800_000L;

    /** How long Ctrl-C waits for JavaScript to reach a point where it can be interrupted. */
    private static final Duration INTERRUPT_WAIT = Duration.ofSeconds(10);

    private final Options options;
    private final Sandbox sandbox;
    private final RunLimits limits;
    private final SessionHost host;
    private final EvaluationGate gate = new EvaluationGate();

    /**
     * A session for a script in {@code scriptDir} (the working directory for the REPL),
     * printing to {@code out} and {@code err}, with {@code args} as the global {@code args}.
     */
    public Session(PrintStream out, PrintStream err, Path scriptDir, List<String> args) {
        this(Options.of(out, err, scriptDir, args));
    }

    public Session(Options options) {
        this.options = options;
        this.sandbox = Sandbox.open(options.out(), options.err());
        this.limits = new RunLimits(options.maxInsns(), new Progress(options.err(), options.progress()));
        this.host = new SessionHost(sandbox, options, limits);
        sandbox.helpers().getMember("seedRandom").execute(options.seed());
        if (!options.realTime()) sandbox.helpers().getMember("simulateTime").execute(SIMULATED_EPOCH_MILLIS);
        Globals.install(host, sandbox.context().getBindings("js"));
    }

    /**
     * Starts building a session's JavaScript context on another thread, so that it is ready
     * (or nearly) when the command line has been parsed.
     */
    public static void warmUp(PrintStream out, PrintStream err) { Sandbox.warmUp(out, err); }

    /**
     * Evaluates {@code code} as the source {@code name} whose first line is line
     * {@code firstLine} of that file, so positions in errors match the file the user sees.
     */
    public Value eval(String code, String name, int firstLine) {
        String padded = "\n".repeat(Math.max(0, firstLine - 1)) + code;
        return call(() -> sandbox.context().eval(Source.newBuilder("js", padded, name).buildLiteral()));
    }

    /**
     * Runs host code that works on the script's values (a REPL monitor command) as one
     * evaluation: Ctrl-C stops it, and every failure comes back as a {@link ScriptError}.
     * Evaluations may nest; an evaluation during which Ctrl-C was pressed always ends as
     * interrupted, whatever it did after.
     */
    public <T> T call(Supplier<T> body) {
        boolean outermost = gate.begin();
        if (outermost) {
            limits.clearInterrupt();
            if (host.ending() == null) sandbox.output().open();
        }
        try {
            T result = body.get();
            if (outermost && limits.interrupted()) throw new ScriptError("interrupted", ExitCode.INTERRUPTED);
            return result;
        } catch (PolyglotException e) {
            throw ScriptErrors.of(e, host.ending(), limits.interrupted());
        } catch (JsError e) {
            throw ScriptErrors.of(e);
        } catch (LimitExceeded e) {
            throw new ScriptError(e.getMessage(), e.exitCode());
        } finally {
            if (outermost) gate.end();
        }
    }

    /** Syntax of a piece of JavaScript, without running it. */
    public enum Syntax { COMPLETE, UNFINISHED, WRONG }

    /** Whether {@code code} parses, or is a prefix of JavaScript that more lines could complete. */
    public Syntax syntax(String code) {
        try {
            sandbox.context().parse(Source.newBuilder("js", code, "input").cached(false).buildLiteral());
            return Syntax.COMPLETE;
        } catch (PolyglotException e) {
            return e.isSyntaxError() && e.isIncompleteSource() ? Syntax.UNFINISHED : Syntax.WRONG;
        }
    }

    /** The script's global names and values (for completion). */
    public Value globals() { return sandbox.context().getBindings("js"); }

    /**
     * Ctrl-C: stops the evaluation in progress (a guest run in it, and its JavaScript), and
     * nothing if none is; safe from any thread. Returns once the stop has been delivered.
     */
    public void interrupt() {
        gate.stop(() -> {
            limits.interrupt();
            sandbox.output().close();
            try {
                sandbox.context().interrupt(INTERRUPT_WAIT);
            } catch (TimeoutException | RuntimeException e) {
                // stuck in host code that does not look at Ctrl-C; the guest run has been stopped
            }
        });
    }

    /**
     * Ends the session when {@code timeout} of wall time has passed from now: a runaway
     * script or guest then fails with exit code 124 (the autograder's --timeout).
     */
    public void limitTime(Duration timeout) {
        limits.limitTime(timeout, host::timeUp);
    }

    @Override
    public void close() {
        limits.close();
        try {
            sandbox.context().close(true);
        } catch (RuntimeException e) {
            // closed already by a limit
        }
    }

    /** The help text of the globals (help() and .help). */
    public String helpText() { return Help.globals(); }

    /** The help text of {@code name}: a global or an API type ("machine", "tlb"). */
    public String helpText(String name) { return Help.text(sandbox.context().asValue(name)); }

    public Options options() { return options; }

    /** Guest instructions this session's script has run, over all its machines and VMs. */
    public long instructions() { return limits.used(); }

    /** What the script reported with result({...}), as plain Java data (empty when it never called it). */
    public Map<String, Object> result() { return host.result().fields(); }

    /** The files the script read (readFile, asm .include, .load), real paths, in first-read order. */
    public List<Path> filesRead() { return host.files().filesRead(); }

    /** The target of the monitor commands: the last created machine, or the one given to use(); null when none. */
    public Value current() {
        ApiObject target = host.selected();
        return target == null ? null : sandbox.context().asValue(target);
    }

    /**
     * Gives the session the REPL's monitor commands ({@code info tlb}, {@code x/4x ADDR}),
     * which gdb's {@code monitor} passes on: they are built on this package, so whoever
     * owns the session installs them.
     */
    public void setMonitorCommands(java.util.function.Function<String, String> commands) { host.setMonitorCommands(commands); }

    /**
     * Makes {@code machine} (with {@code image} loaded, or null) a machine of the script's,
     * as {@code machine()} makes one, and the current target; returns its JavaScript object.
     */
    public Value adopt(Machine machine, vmsh.image.Image image) {
        return call(() -> sandbox.context().asValue(JsMachine.adopt(host, machine, image)));
    }

    /**
     * Makes {@code vm}'s host the script's {@code hv} and {@code vm} the current target (as
     * {@code use(vm)} does); returns its JavaScript object.
     */
    public Value adopt(vmsh.hv.Vm vm) {
        return call(() -> {
            Value hv = sandbox.context().getBindings("js").getMember("hv");
            JsHypervisor jh = (JsHypervisor) hv.asProxyObject();
            jh.adoptHost(vm.hypervisor());
            JsVm handle = jh.wrapped(vm);
            host.select(handle);
            return sandbox.context().asValue(handle);
        });
    }

    /** The current machine's runtime object, for benchmarks that drive it from Java and JavaScript. */
    public Machine machineForBench() { return ((JsMachine) host.selected()).machine(); }

    /** The text of a script the REPL's .load names (read as readFile reads). */
    public String readScript(String name) {
        try {
            return host.files().read(name);
        } catch (JsError e) {
            throw ScriptErrors.of(e);
        }
    }

    /** Writes a file under the output folder (the REPL's .save); returns where. */
    public String writeOutput(String name, byte[] bytes) {
        try {
            return host.files().write(name, bytes).toString();
        } catch (JsError e) {
            throw ScriptErrors.of(e);
        }
    }
}
