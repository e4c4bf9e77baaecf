package vmsh.shell.bench;

import java.io.PrintStream;
import java.util.SplittableRandom;
import vmsh.hostmem.HostMemory;
import vmsh.hostmem.MachineMemory;
import vmsh.hostmem.PageHash;
import vmsh.hostmem.Pmap;
import vmsh.memsched.PageSharing;
import vmsh.shell.ExitCode;

/**
 * {@code vmsh bench sharing}: how fast content-based sharing works in host time. Pages
 * hashed per second (ESX's scanner must hash at least a million a second to keep up),
 * pages scanned (hashed, looked up, compared, shared) per second, and what the scanner's
 * rate-limited steps cost on a host of many VMs.
 */
final class SharingBench {
    /** What the sharing scanner must reach, in pages hashed per second of host time. */
    static final double HASH_TARGET = 1e6;
    /** How long each rate is measured. */
    private static final double MEASURE_SECONDS = 0.5;

    private static volatile long sink;

    private SharingBench() {}

    static int run(Long iterations, long runs, PrintStream out) {
        double hashes = hashRate(), scans = scanRate();
        out.println(String.format("page hashing: %.2f M pages/s (target %.0f M pages/s: %s)", hashes / 1e6,
                HASH_TARGET / 1e6, hashes >= HASH_TARGET ? "met" : "NOT met"));
        out.println(String.format("sharing scan: %.2f M pages/s (hash, look up, compare, share)", scans / 1e6));
        double[] many = manyVms();
        out.println(String.format("scanner among %,d VMs (ESX's %d pages/s per VM, %d in all; %.0f us ticks of simulated time): %.1f us of host time per page scanned, %.0f ns per tick",
                MANY_VMS, (int) PER_VM_RATE, (int) TOTAL_RATE, TICK_SECONDS * 1e6, many[0] / 1e3, many[1]));
        return ExitCode.OK;
    }

    private static final int MANY_VMS = 10_000;
    private static final double PER_VM_RATE = 50, TOTAL_RATE = 200, TICK_SECONDS = 100e-6;

    /**
     * The scanner's rate-limited steps on a host of {@value #MANY_VMS} VMs of 16 pages (one
     * touched each), as the memory scheduler takes them every tick: host nanoseconds per
     * page scanned and per tick, the median of 5 runs of 20 simulated seconds.
     */
    private static double[] manyVms() {
        HostMemory host = HostMemory.ofSize(128L << 20);
        PageSharing s = new PageSharing(host, PER_VM_RATE, TOTAL_RATE, 1);
        for (int v = 0; v < MANY_VMS; v++) {
            Pmap p = host.createPmap("vm" + v, 16);
            host.frames().words(p.touch(0, true))[0] = v;
            s.add(p);
        }
        int ticks = (int) (20 / TICK_SECONDS);
        double[] perPage = new double[5], perTick = new double[5];
        for (int run = 0; run < 6; run++) {   // the first warms up
            long pages = 0, start = System.nanoTime();
            for (int t = 0; t < ticks; t++) pages += s.advance(TICK_SECONDS).scanned();
            long elapsed = System.nanoTime() - start;
            if (run == 0) continue;
            perPage[run - 1] = (double) elapsed / Math.max(1, pages);
            perTick[run - 1] = (double) elapsed / ticks;
        }
        java.util.Arrays.sort(perPage);
        java.util.Arrays.sort(perTick);
        return new double[] {perPage[2], perTick[2]};
    }

    /** Pages hashed per second: 1024 distinct random pages hashed over and over. */
    private static double hashRate() {
        SplittableRandom r = new SplittableRandom(1);
        int[][] pages = new int[1024][MachineMemory.WORDS];
        for (int[] p : pages) for (int i = 0; i < p.length; i++) p[i] = r.nextInt();
        long h = 0;
        for (int i = 0; i < 20_000; i++) h ^= PageHash.of(pages[i & 1023]);   // warm-up
        long n = 0, start = System.nanoTime(), elapsed;
        do {
            for (int i = 0; i < 4096; i++) h ^= PageHash.of(pages[i & 1023]);
            n += 4096;
            elapsed = System.nanoTime() - start;
        } while (elapsed < MEASURE_SECONDS * 1e9);
        sink = h;
        return n / (elapsed / 1e9);
    }

    /** Scans VMs of 16 Ki pages (a quarter zero, a quarter from 64 common pages, the rest unique) from scratch, repeatedly. */
    private static double scanRate() {
        long n = 0, elapsed = 0;
        for (int round = 0; elapsed < MEASURE_SECONDS * 1e9 || round < 2; round++) {
            HostMemory host = HostMemory.ofSize(128L << 20);
            Pmap p = host.createPmap("bench", 16384);
            fill(host, p, round);
            PageSharing s = new PageSharing(host, 0, 0, round);
            s.add(p);
            long start = System.nanoTime();
            s.scan(p, p.pages());
            if (round > 0) { elapsed += System.nanoTime() - start; n += p.pages(); }
        }
        return n / (elapsed / 1e9);
    }

    private static void fill(HostMemory host, Pmap p, int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int g = 0; g < p.pages(); g++) {
            int[] w = host.frames().words(p.touch(g, true));
            int kind = g & 3;
            if (kind == 0) continue;                                           // stays zero
            int pattern = kind == 1 ? g % 64 : r.nextInt();
            for (int i = 0; i < w.length; i++) w[i] = pattern * 31 + i;
        }
    }
}
