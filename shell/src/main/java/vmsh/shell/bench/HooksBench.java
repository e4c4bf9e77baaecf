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
 * instruction (the runtime's mechanism), and with a JavaScript hook on every instruction,
 * once with GraalJS interpreting and once compiling ({@code vmsh bench js-hook} in a child
 * vmsh for each: the JVM is started for one or the other).
 *
 * <p>A slowdown is always against no hooks in the same JVM, run by run: the cases take
 * turns ({@link #ROUNDS} rounds after a warm-up, each in another order), each round's ratio is its hooked run's
 * time per instruction over its run without hooks, and the median of the rounds is
 * reported, with the median MIPS. Every machine interprets (the translator off): hooked
 * instructions are never translated, so a hook's cost is against the same interpreter, not
 * against translated code warming up meanwhile. Time is the CPU time of the running thread: on a shared
 * machine that is steadier than wall time, which also counts waiting for a core. For
 * people, not tests.
 */
final class HooksBench {
    /** Measured rounds, after the warm-up. */
    private static final int ROUNDS = 7;
    /** Instructions of a run without hooks (and of one with a hook added and removed). */
    private static final long PLAIN_INSNS = 60_000_000;
    /** Instructions of a run with a Java hook on every instruction. */
    private static final long HOOKED_INSNS = 12_000_000;
    /** Instructions of a run with a JavaScript hook on every instruction: enough to measure, short enough to wait for. */
    private static final long JS_INSNS = 3_000_000;
    /** The JavaScript warm-up ends when this much CPU time of runs brought no run 5% faster than the best... */
    private static final long JS_SETTLED_NANOS = 4_000_000_000L;
    /** ...or after this much: the compiler may be starved on a busy machine. */
    private static final long JS_WARM_UP_LIMIT_NANOS = 90_000_000_000L;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** What a child's js-hook line says: the hooked MIPS, the runtime, no hooks' MIPS and the median slowdown. */
    private static final Pattern CHILD = Pattern.compile(
            ": +([0-9.]+) MIPS \\(([^)]*)\\); no hooks in the same JVM: +([0-9.]+) MIPS; ([0-9.]+)x slower");

    /** Iterations of the cpu guest by default: a twentieth of its own, since hooked runs are slow. */
    private static final long ITERATIONS = 600;

    private HooksBench() {}

    static int run(Long iterations, long runs, PrintStream out) throws IOException, InterruptedException {
        Image image = BenchGuests.load(BenchGuests.CPU, iterations == null ? ITERATIONS : iterations, out);
        Consumer<Machine> none = m -> {}, addedAndRemoved = m -> new Hooks(m).onInstruction(0, Hook.SPACE_END, c -> {}).remove();
        long[] count = {0};
        Consumer<Machine> everyInstruction = m -> new Hooks(m).onInstruction(0, Hook.SPACE_END, c -> count[0]++);
        for (int warm = 0; warm < 2; warm++) {
            nanosPerInsn(image, none, PLAIN_INSNS);
            nanosPerInsn(image, addedAndRemoved, PLAIN_INSNS);
            nanosPerInsn(image, everyInstruction, HOOKED_INSNS);
        }
        double[] plain = new double[ROUNDS], removed = new double[ROUNDS], hooked = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            for (int k = 0; k < 3; k++) {   // each round in another order: no case always follows the same one
                switch ((r + k) % 3) {
                    case 0 -> plain[r] = nanosPerInsn(image, none, PLAIN_INSNS);
                    case 1 -> removed[r] = nanosPerInsn(image, addedAndRemoved, PLAIN_INSNS);
                    default -> hooked[r] = nanosPerInsn(image, everyInstruction, HOOKED_INSNS);
                }
            }
        }
        out.println("MIPS by the CPU time of the running thread, medians of " + ROUNDS + " rounds after a warm-up; slower: the median of");
        out.println("each round's time per instruction against its run without hooks, in the same JVM; all interpreted (no translator):");
        out.println(String.format("no hooks:                         %7.1f MIPS", 1e3 / Timing.median(plain)));
        out.println(String.format("a hook added and removed:         %7.1f MIPS (%.2fx the time of no hooks)", 1e3 / Timing.median(removed),
                Timing.median(ratios(removed, plain))));
        out.println(String.format("a Java hook on every instruction: %7.1f MIPS (%.1fx slower)", 1e3 / Timing.median(hooked),
                Timing.median(ratios(hooked, plain))));
        out.flush();
        for (boolean compiled : new boolean[] {false, true}) {
            String label = compiled ? "compiled:   " : "interpreted:";
            String line = "a JavaScript hook on every instruction, " + label + " ";
            Figure f = jsInChild(compiled, iterations);
            out.println(f.mips() > 0 ? String.format("%s%7.2f MIPS (%.1fx slower; %s; no hooks there: %.1f MIPS)", line, f.mips(), f.slower(),
                    f.note(), f.plainMips()) : line + "    -   (" + f.note() + ")");
            out.flush();
        }
        return 0;
    }

    /**
     * {@code vmsh bench js-hook}: a JavaScript hook on every instruction, in this JVM's
     * GraalJS (interpreted or compiled), and no hooks in turns with it.
     */
    static int js(Long iterations, long runs, PrintStream out) {
        Image image = BenchGuests.load(BenchGuests.CPU, iterations == null ? ITERATIONS : iterations, out);
        double[][] paired = jsPaired(image);
        double[] js = paired[0], plain = paired[1];
        out.println(String.format("a JavaScript hook on every instruction: %.2f MIPS (%s); no hooks in the same JVM: %.1f MIPS; %.1fx slower"
                        + " (medians of %d rounds)", 1e3 / Timing.median(js), JsCompilation.describe(), 1e3 / Timing.median(plain),
                Timing.median(ratios(js, plain)), ROUNDS));
        return 0;
    }

    /** Each round's time per instruction over its reference's. */
    private static double[] ratios(double[] nanos, double[] reference) {
        double[] r = new double[nanos.length];
        for (int i = 0; i < r.length; i++) r[i] = nanos[i] / reference[i];
        return r;
    }

    /** A child vmsh's js-hook figures and what it ran on, or a MIPS of 0 and why there are none. */
    private record Figure(double mips, String note, double plainMips, double slower) {}

    private static Figure jsInChild(boolean compiled, Long iterations) throws IOException, InterruptedException {
        Path launcher = Home.path("vmsh");
        if (!Files.isExecutable(launcher)) return new Figure(0, "no launcher at " + launcher + " to start a vmsh for it", 0, 0);
        List<String> command = new ArrayList<>(List.of(launcher.toString(), "bench", "js-hook", compiled ? "--js-compile" : "--no-js-compile"));
        if (iterations != null) command.addAll(List.of("--iterations", Long.toString(iterations)));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        Matcher m = CHILD.matcher(output);
        if (status != 0 || !m.find()) return new Figure(0, "vmsh bench js-hook exited with " + status, 0, 0);
        String ranOn = m.group(2);
        if (compiled && !ranOn.endsWith("compiled by Graal")) ranOn += ": " + noCompilerHere();
        return new Figure(Double.parseDouble(m.group(1)), ranOn, Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)));
    }

    /** Why a child asked to compile may not: the JDK it runs on. */
    private static String noCompilerHere() {
        return Runtime.version().feature() < 25 ? "JDK 25 compiles, this JDK " + Runtime.version().feature() + " does not" : "no Graal compiler";
    }

    /** Nanoseconds per instruction of one run of {@code budget} instructions of the guest on a fresh machine that {@code setUp} prepared. */
    private static double nanosPerInsn(Image image, Consumer<Machine> setUp, long budget) {
        Machine m = new Machine(MachineConfig.defaults().jit(false));
        m.load(image);
        setUp.accept(m);
        Hooks driver = new Hooks(m);
        long start = THREADS.getCurrentThreadCpuTime();
        RunResult r = driver.run(budget);
        long elapsed = THREADS.getCurrentThreadCpuTime() - start;
        return (double) elapsed / r.insns();
    }

    /**
     * Nanoseconds per instruction of the guest with m.on('insn', ...) counting in JavaScript
     * (JS_INSNS at a time) and without hooks, in turns: [0] hooked, [1] plain, a round each.
     * The JavaScript is warmed up first until its runs stop getting faster (at once when
     * interpreted; compiled, after Graal compiled the hook, seconds the first time while
     * Graal itself warms up).
     */
    private static double[][] jsPaired(Image image) {
        PrintStream sink = new PrintStream(java.io.OutputStream.nullOutputStream());
        try (Session s = new Session(sink, sink, Path.of(""), List.of())) {
            s.eval("var n = 0; var m = machine({jit: false}); m.on('insn', c => { n++ });", "bench-hooks.js", 1);
            Machine m = s.machineForBench();
            double best = Double.MAX_VALUE;
            long warming = 0, settled = 0;
            while (settled < JS_SETTLED_NANOS && warming < JS_WARM_UP_LIMIT_NANOS) {
                long[] nanos = {0};
                double perInsn = jsRun(s, m, image, nanos);
                warming += nanos[0];
                settled = perInsn < best / 1.05 ? 0 : settled + nanos[0];
                best = Math.min(best, perInsn);
            }
            Consumer<Machine> none = x -> {};
            nanosPerInsn(image, none, PLAIN_INSNS);
            double[][] paired = new double[2][ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                if (r % 2 == 0) paired[1][r] = nanosPerInsn(image, none, PLAIN_INSNS);
                paired[0][r] = jsRun(s, m, image, new long[1]);
                if (r % 2 == 1) paired[1][r] = nanosPerInsn(image, none, PLAIN_INSNS);
            }
            return paired;
        }
    }

    /** Nanoseconds per instruction of a run of the JavaScript-hooked machine (its CPU time in {@code nanos[0]}). */
    private static double jsRun(Session s, Machine m, Image image, long[] nanos) {
        m.load(image);
        long start = THREADS.getCurrentThreadCpuTime();
        long insns = s.eval("m.run({insns: " + JS_INSNS + "}).insns", "bench-hooks.js", 1).asLong();
        nanos[0] = THREADS.getCurrentThreadCpuTime() - start;
        return (double) nanos[0] / insns;
    }
}
