package vmsh.shell.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import vmsh.debug.Hook;
import vmsh.debug.Hooks;
import vmsh.image.Image;
import vmsh.machine.Machine;
import vmsh.machine.MachineConfig;
import vmsh.machine.RunResult;
import vmsh.shell.api.Session;

/**
 * {@code vmsh bench hooks}: what hooks cost. The cpu guest runs with no hook, with a hook
 * that was added and removed again (it must cost nothing), with a Java hook on every
 * instruction (the runtime's mechanism: at most 10x slower), and for a slice with a
 * JavaScript hook on every instruction (the interpreter's call cost).
 *
 * <p>Each case runs once to warm up (HotSpot compiles the interpreter during the first
 * runs) and reports the best of {@link #RUNS} measured runs, timed by the CPU time of the
 * running thread: on a shared machine that is steadier than wall time, which also counts
 * waiting for a core. For people, not tests.
 */
final class HooksBench {
    /** Measured runs per case, after one warm-up run. */
    private static final int RUNS = 3;
    /** Instructions a Java-hooked run executes (the whole guest takes too long hooked). */
    private static final long HOOKED_INSNS = 20_000_000;
    /** Instructions the JavaScript-hook run executes: enough to measure, short enough to wait for. */
    private static final long JS_INSNS = 2_000_000;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Iterations of the cpu guest by default: a twentieth of its own, since hooked runs are slow. */
    private static final long ITERATIONS = 600;

    private HooksBench() {}

    static int run(Long iterations, long runs, PrintStream out) {
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
        double js = jsMips(image);
        out.println(String.format("a JavaScript hook on every instruction: %.2f MIPS (%.0fx slower; GraalJS without its JIT here)", js, plain / js));
        return 0;
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

    /** The same guest for JS_INSNS instructions with m.on('insn', ...) counting in JavaScript. */
    private static double jsMips(Image image) {
        PrintStream sink = new PrintStream(java.io.OutputStream.nullOutputStream());
        try (Session s = new Session(sink, sink, Path.of(""), List.of())) {
            s.eval("var n = 0; var m = machine(); m.on('insn', c => { n++ });", "bench-hooks.js", 1);
            Machine m = s.machineForBench();
            double best = 0;
            for (int run = 0; run <= RUNS; run++) {
                m.load(image);
                long start = THREADS.getCurrentThreadCpuTime();
                long insns = s.eval("m.run({insns: " + JS_INSNS + "}).insns", "bench-hooks.js", 1).asLong();
                long elapsed = THREADS.getCurrentThreadCpuTime() - start;
                if (run > 0) best = Math.max(best, insns / (elapsed / 1e9) / 1e6);
            }
            return best;
        }
    }
}
