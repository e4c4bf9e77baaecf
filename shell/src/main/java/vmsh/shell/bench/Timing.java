package vmsh.shell.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/** Host time of the running thread, and medians: what the state benchmarks report. */
final class Timing {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Timing() {}

    /** CPU time of the running thread in nanoseconds: steadier than wall time on a shared machine. */
    static long cpuNanos() { return THREADS.getCurrentThreadCpuTime(); }

    /** Nanoseconds {@code body} takes, by the CPU time of this thread. */
    static long nanos(Runnable body) {
        long start = cpuNanos();
        body.run();
        return cpuNanos() - start;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static double max(double[] values) { return Arrays.stream(values).max().orElse(0); }

    /** Host bytes the heap holds after a full collection (approximate: the JVM may hold back). */
    static long heapBytes() {
        for (int i = 0; i < 3; i++) System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
