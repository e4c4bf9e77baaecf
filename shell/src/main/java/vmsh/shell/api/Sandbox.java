package vmsh.shell.api;

import java.io.PrintStream;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

/**
 * The sandboxed GraalJS context of a session: no Java classes, threads, processes, native
 * code or file system; only what {@link Globals} installs. Building one is a good part of
 * start-up, so {@link #warmUp} builds it on another thread while the command line is
 * parsed, and the engine is shared by every context of the process.
 *
 * @param out     the stream the context was built for
 * @param err     its error stream
 * @param output  the script's output: {@code out} behind a gate that ends it
 * @param context the context
 * @param helpers what the bootstrap returned: JavaScript helpers the Java side calls
 */
record Sandbox(PrintStream out, PrintStream err, OutputGate output, Context context, Value helpers) {
    /**
     * Run once per context: removes the GraalJS shell builtins that reach outside the
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
                // Date on a simulated clock: it starts at startMillis and each reading advances it 1 ms
                simulateTime(startMillis) {
                    const RealDate = Date;
                    let now = startMillis;
                    const tick = () => now++;
                    function SimulatedDate(...args) {
                        if (!new.target) return new RealDate(tick()).toString();
                        return args.length === 0 ? new RealDate(tick()) : new RealDate(...args);
                    }
                    SimulatedDate.prototype = RealDate.prototype;
                    Object.defineProperty(RealDate.prototype, 'constructor', {value: SimulatedDate, writable: true, configurable: true});
                    SimulatedDate.now = tick;
                    SimulatedDate.parse = RealDate.parse;
                    SimulatedDate.UTC = RealDate.UTC;
                    Object.defineProperty(SimulatedDate, 'name', {value: 'Date'});
                    globalThis.Date = SimulatedDate;
                    if (typeof performance === 'object' && performance) performance.now = () => tick() - startMillis;
                },
                undefined: undefined,
                // the script's stack now, innermost first (this internal frame is left out)
                stack() { return new Error().stack; },
            })
            """;

    /** Shared by every context of the process, so a second one starts warm. */
    private static Engine engine;

    /** The context {@link #warmUp} is building, or null. */
    private static volatile CompletableFuture<Sandbox> warm;

    /**
     * Starts building a context on another thread, so that it is ready (or nearly) when the
     * command line has been parsed: start-up work on both cores.
     */
    static void warmUp(PrintStream out, PrintStream err) {
        CompletableFuture<Sandbox> future = new CompletableFuture<>();
        warm = future;
        Thread t = new Thread(() -> {
            try {
                future.complete(build(out, err));
            } catch (RuntimeException | Error e) {
                future.completeExceptionally(e);
            }
        }, "vmsh-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** The warmed-up context if it was built for these streams, else a new one. */
    static Sandbox open(PrintStream out, PrintStream err) {
        CompletableFuture<Sandbox> future = warm;
        warm = null;
        if (future != null) {
            try {
                Sandbox s = future.join();
                if (s.out() == out && s.err() == err) return s;
                s.context().close();
            } catch (CompletionException e) {
                // it failed in the background; building it here reports the failure properly
            }
        }
        return build(out, err);
    }

    private static Sandbox build(PrintStream out, PrintStream err) {
        OutputGate gate = new OutputGate(out);
        Context context = Context.newBuilder("js")
                .engine(engine())
                .allowHostAccess(HostAccess.EXPLICIT)
                .allowHostClassLookup(className -> false)
                .allowIO(IOAccess.NONE)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .timeZone(ZoneOffset.UTC)   // dates print the same everywhere
                .out(gate.stream())
                .err(err)
                .build();
        Value helpers = context.eval(Source.newBuilder("js", BOOTSTRAP, "vmsh:bootstrap").internal(true).buildLiteral());
        return new Sandbox(out, err, gate, context, helpers);
    }

    /** The engine's implementation: "Interpreted" without an optimizing runtime (see {@link JsCompilation}). */
    static String engineName() { return engine().getImplementationName(); }

    private static synchronized Engine engine() {
        if (engine == null) {
            // experimental options only as -Dpolyglot.engine.* system properties: Truffle's
            // diagnostics (a compilation trace, compiling in the foreground) for whoever looks
            engine = Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").allowExperimentalOptions(true).build();
        }
        return engine;
    }
}
