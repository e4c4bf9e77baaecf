package vmsh.shell.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vmsh.board.RunResult;
import vmsh.debug.Hook;
import vmsh.debug.Hooks;
import vmsh.image.Image;
import vmsh.machine.Machine;
import vmsh.machine.MachineConfig;
import vmsh.shell.Home;
import vmsh.shell.api.JsCompilation;
import vmsh.shell.api.Session;

/**
 * {@code vmsh bench hooks}: what hooks cost. The cpu guest runs with no hook, with a hook
 * that was added and removed again (it must cost nothing), with a Java hook on every
 * instruction (the runtime's mechanism: at most 10x slower), and with a JavaScript hook on
 * every instruction, once with GraalJS interpreting and once compiling
 * ({@code vmsh bench js-hook} in a child vmsh for each: the JVM is started for one or the other).
 *
 * <p>Each case is warmed up (HotSpot compiles the interpreter during the first runs, Graal
 * the hook) and the best of {@link #RUNS} measured runs reported, timed by the CPU time of
 * the running thread: on a shared machine that is steadier than wall time, which also counts
 * waiting for a core. For people, not tests.
 */
final class HooksBench {
    /** Measured runs per case, after the warm-up. */
    private static final int RUNS = 3;
    /** Instructions a Java-hooked run executes (the whole guest takes too long hooked). */
    private static final long HOOKED_INSNS = 20_000_000;
    /** Instructions a JavaScript-hook run executes: enough to measure, short enough to wait for. */
    private static final long JS_INSNS = 2_000_000;
    /** The JavaScript warm-up ends when this much CPU time of runs brought no run 5% faster than the best... */
    private static final long JS_SETTLED_NANOS = 4_000_000_000L;
    /** ...or after this much: the compiler may be starved on a busy machine. */
    private static final long JS_WARM_UP_LIMIT_NANOS = 90_000_000_000L;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Pattern MIPS = Pattern.compile(": +([0-9.]+) MIPS \\(([^)]*)\\)");

    /** Iterations of the cpu guest by default: a twentieth of its own, since hooked runs are slow. */
    private static final long ITERATIONS = 600;

    private HooksBench() {}

    static int run(Long iterations, long runs, PrintStream out) throws IOException, InterruptedException {
        Image image = BenchGuests.load(BenchGuests.CPU, iterations == null ? ITERATIONS : iterations, out);
        long[] count = {0};
        Consumer<Machine> none = m -> {}, addedAndRemoved = m -> new Hooks(m).onInstruction(0, Hook.SPACE_END, c -> {}).remove(),
                everyInstruction = m -> new Hooks(m).onInstruction(0, Hook.SPACE_END, c -> count[0]++);
        double plain = mips(image, none, Long.MAX_VALUE);
        double removed = mips(image, addedAndRemoved, Long.MAX_VALUE);
        double hooked = mips(image, everyInstruction, HOOKED_INSNS);
        out.println("MIPS by the CPU time of the running thread, the best of " + RUNS + " runs after a warm-up:");
        out.println(String.format("no hooks:                         %7.1f MIPS", plain));
        out.println(String.format("a hook added and removed:         %7.1f MIPS (%.2fx the time of no hooks)", removed, plain / removed));
        out.println(String.format("a Java hook on every instruction: %7.1f MIPS (%.1fx slower)", hooked, plain / hooked));
        out.flush();
        for (boolean compiled : new boolean[] {false, true}) {
            String label = compiled ? "compiled:   " : "interpreted:";
            String line = "a JavaScript hook on every instruction, " + label + " ";
            Figure f = jsInChild(compiled, iterations);
            out.println(f.mips() > 0 ? String.format("%s%7.2f MIPS (%.1fx slower; %s)", line, f.mips(), plain / f.mips(), f.note())
                    : line + "    -   (" + f.note() + ")");
            out.flush();
        }
        return 0;
    }

    /** {@code vmsh bench js-hook}: a JavaScript hook on every instruction, in this JVM's GraalJS (interpreted or compiled). */
    static int js(Long iterations, long runs, PrintStream out) {
        Image image = BenchGuests.load(BenchGuests.CPU, iterations == null ? ITERATIONS : iterations, out);
        double js = jsMips(image);
        out.println(String.format("a JavaScript hook on every instruction: %.2f MIPS (%s)", js, JsCompilation.describe()));
        return 0;
    }

    /** A child vmsh's js-hook figure and what it ran on, or a MIPS of 0 and why there is none. */
    private record Figure(double mips, String note) {}

    private static Figure jsInChild(boolean compiled, Long iterations) throws IOException, InterruptedException {
        Path launcher = Home.path("vmsh");
        if (!Files.isExecutable(launcher)) return new Figure(0, "no launcher at " + launcher + " to start a vmsh for it");
        List<String> command = new ArrayList<>(List.of(launcher.toString(), "bench", "js-hook", compiled ? "--js-compile" : "--no-js-compile"));
        if (iterations != null) command.addAll(List.of("--iterations", Long.toString(iterations)));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        Matcher m = MIPS.matcher(output);
        if (status != 0 || !m.find()) return new Figure(0, "vmsh bench js-hook exited with " + status);
        String ranOn = m.group(2);
        if (compiled && !ranOn.endsWith("compiled by Graal")) ranOn += ": " + noCompilerHere();
        return new Figure(Double.parseDouble(m.group(1)), ranOn);
    }

    /** Why a child asked to compile may not: the JDK it runs on. */
    private static String noCompilerHere() {
        return Runtime.version().feature() < 25 ? "JDK 25 compiles, this JDK " + Runtime.version().feature() + " does not" : "no Graal compiler";
    }

    /** The best MIPS of the measured runs of the guest on a fresh machine that {@code setUp} prepared. */
    private static double mips(Image image, Consumer<Machine> setUp, long budget) {
        double best = 0;
        for (int run = 0; run <= RUNS; run++) {
            Machine m = new Machine(MachineConfig.defaults());
            m.load(image);
            setUp.accept(m);
            Hooks driver = new Hooks(m);
            long start = THREADS.getCurrentThreadCpuTime();
            RunResult r = driver.run(budget);
            long elapsed = THREADS.getCurrentThreadCpuTime() - start;
            if (run > 0) best = Math.max(best, r.insns() / (elapsed / 1e9) / 1e6);
        }
        return best;
    }

    /**
     * The guest for JS_INSNS instructions at a time with m.on('insn', ...) counting in
     * JavaScript: warmed up until the runs stop getting faster (at once when interpreted;
     * compiled, after Graal compiled the hook, seconds the first time while Graal itself
     * warms up), then the best of RUNS runs.
     */
    private static double jsMips(Image image) {
        PrintStream sink = new PrintStream(java.io.OutputStream.nullOutputStream());
        try (Session s = new Session(sink, sink, Path.of(""), List.of())) {
            s.eval("var n = 0; var m = machine(); m.on('insn', c => { n++ });", "bench-hooks.js", 1);
            Machine m = s.machineForBench();
            double best = 0;
            long warming = 0, settled = 0;
            while (settled < JS_SETTLED_NANOS && warming < JS_WARM_UP_LIMIT_NANOS) {
                long[] nanos = {0};
                double mips = jsRun(s, m, image, nanos);
                warming += nanos[0];
                settled = mips > best * 1.05 ? 0 : settled + nanos[0];
                best = Math.max(best, mips);
            }
            best = 0;
            for (int run = 0; run < RUNS; run++) best = Math.max(best, jsRun(s, m, image, new long[1]));
            return best;
        }
    }

    private static double jsRun(Session s, Machine m, Image image, long[] nanos) {
        m.load(image);
        long start = THREADS.getCurrentThreadCpuTime();
        long insns = s.eval("m.run({insns: " + JS_INSNS + "}).insns", "bench-hooks.js", 1).asLong();
        nanos[0] = THREADS.getCurrentThreadCpuTime() - start;
        return insns / (nanos[0] / 1e9) / 1e6;
    }
}
