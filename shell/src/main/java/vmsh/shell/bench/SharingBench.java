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
 * hashed per second (ESX's scanner must hash at least a million a second to keep up), and
 * pages scanned (hashed, looked up, compared, shared) per second.
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
        return ExitCode.OK;
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
