package vmsh.shell.bench;

import java.io.PrintStream;
import java.util.SplittableRandom;
import vmsh.dc.Cluster;
import vmsh.dc.ClusterConfig;
import vmsh.dc.ClusterHistory;
import vmsh.dc.VmPort;
import vmsh.hv.HvConfig;
import vmsh.hv.Technique;
import vmsh.hv.Vm;
import vmsh.image.Image;

/**
 * {@code vmsh bench cluster-history}: what keeping a cluster's history costs and what going
 * back takes, with the default checkpoint interval, on three hosts each running the
 * counter service (samples/dc/server.s, 10,000 instructions a request) for a client at
 * 2,000 requests a second.
 * <ul>
 * <li>recording: the same 100 ms of cluster time with and without history, in pairs taken
 *     in turn (both see the same machine load; each pair's first run alternates), the median of
 *     each, against the target of 1.10x; what a checkpoint holds. Both are warmed up first
 *     (a history warms up with a checkpoint every 0.1 ms), so that what is timed is compiled
 *     code on both sides, as in a long session;
 * <li>a reverse step of the first host's VM from points spread over the history (each
 *     restores the checkpoint before and runs the cluster again up to an interval), and a
 *     seek back to the present: median and worst.
 * </ul>
 * CPU time of the running thread; for people, not tests.
 */
final class ClusterHistoryBench {
    private static final int HOSTS = 3, PAIRS = 7, STEPS = 20, WORK = 10_000;
    private static final long RUN = 100_000_000, WARM_INTERVAL = 100_000;
    /** Issue 9's target: recording costs at most 10% of the cluster's speed. */
    private static final double TARGET = 1.10;

    private ClusterHistoryBench() {}

    static int run(Long iterations, long runs, PrintStream out) {
        Image server = BenchGuests.load("samples/dc/server.s", null, out);
        out.println(String.format("cluster history: %d hosts, a server VM on each with a client at 2000 requests/s, %d ms of cluster time; "
                + "checkpoints every %.0f ms; CPU time of the running thread", HOSTS, RUN / 1_000_000, ClusterHistory.DEFAULT_INTERVAL / 1e6));
        cluster(server, false).run(RUN / 10);   // warm up both
        Cluster warm = cluster(server, false);
        warm.keepHistory(WARM_INTERVAL, ClusterHistory.DEFAULT_CAP);
        warm.run(RUN / 5);
        double[] plain = new double[PAIRS], kept = new double[PAIRS];
        Cluster last = null;
        for (int i = 0; i < PAIRS; i++) {
            Cluster a = cluster(server, false), b = cluster(server, true);
            if (i % 2 == 0) plain[i] = Timing.nanos(() -> a.run(RUN)) / 1e6;
            kept[i] = Timing.nanos(() -> b.run(RUN)) / 1e6;
            if (i % 2 == 1) plain[i] = Timing.nanos(() -> a.run(RUN)) / 1e6;
            last = b;
        }
        ClusterHistory h = last.history();
        double p = Timing.median(plain), k = Timing.median(kept);
        out.println(String.format("recording: %,d instructions, %.1f ms without history, %.1f ms with: %.2fx (target %.2fx: %s); "
                + "%d checkpoints, %,d KiB each", last.instructions(), p, k, k / p, TARGET, k / p <= TARGET ? "met" : "NOT met",
                h.checkpoints(), h.bytes() / h.checkpoints() >> 10));
        reverseSteps(last, out);
        return 0;
    }

    private static void reverseSteps(Cluster dc, PrintStream out) {
        ClusterHistory h = dc.history();
        VmPort port = dc.ports().get(0);
        long end = port.vm().guestInstructions();
        SplittableRandom random = new SplittableRandom(1);
        double[] step = new double[STEPS], back = new double[STEPS];
        for (int i = 0; i < STEPS; i++) {
            long at = i == 0 ? end : 1 + random.nextLong(end);
            h.seek(port, at);
            step[i] = Timing.nanos(() -> h.reverseStep(port, 1)) / 1e6;
            back[i] = Timing.nanos(() -> h.seek(port, end)) / 1e6;
        }
        out.println(String.format("reverse step over %,d instructions of the VM's history: median %.1f ms, worst %.1f ms; "
                + "a seek back to the present: median %.1f ms, worst %.1f ms (%d each)", end, Timing.median(step), Timing.max(step),
                Timing.median(back), Timing.max(back), STEPS));
    }

    private static Cluster cluster(Image server, boolean history) {
        Cluster dc = new Cluster(ClusterConfig.DEFAULTS.hosts(HOSTS).host(HvConfig.DEFAULTS.memory(256L << 20)));
        for (int i = 0; i < HOSTS; i++) {
            Vm vm = dc.hosts().get(i).create("web" + i, 64L << 20, Technique.HW);
            vm.load(server);
            if (server.hasSymbol("work")) vm.guest().storeWord(Integer.toUnsignedLong(server.symbol("work")), WORK);
            dc.client(vm, 2000, 5_000_000, false);
        }
        if (history) dc.keepHistory(ClusterHistory.DEFAULT_INTERVAL, ClusterHistory.DEFAULT_CAP);
        return dc;
    }
}
