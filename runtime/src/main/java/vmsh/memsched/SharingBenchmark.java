package vmsh.memsched;

import java.util.SplittableRandom;
import vmsh.hostmem.HostMemory;
import vmsh.hostmem.MachineMemory;
import vmsh.hostmem.PageHash;
import vmsh.hostmem.Pmap;

/**
 * Host-time figures for {@code vmsh bench}: how fast pages are hashed and scanned for
 * sharing, and what a sparsely used VM costs the host. The only code in the package that
 * reads the wall clock, because measuring host time is its purpose.
 */
public final class SharingBenchmark {
    /**
     * @param hashesPerSecond   4 KiB pages hashed per second of host time
     * @param scansPerSecond    pages scanned (hashed, looked up, compared, shared) per second
     * @param vmBytes           configured guest memory of the sparse VM
     * @param touchedBytes      what that VM touched (written)
     * @param hostFrameBytes    machine frames in use for it, in bytes
     * @param pmapBytes         the pmap's own entries, in bytes
     */
    public record Result(double hashesPerSecond, double scansPerSecond, long vmBytes, long touchedBytes,
            long hostFrameBytes, long pmapBytes) {
        @Override public String toString() {
            return String.format("page hashing: %.2f M pages/s%nsharing scan: %.2f M pages/s%n"
                    + "a %d MiB VM that touched %d KiB uses %d KiB of machine frames and %d KiB of pmap",
                    hashesPerSecond / 1e6, scansPerSecond / 1e6, vmBytes >> 20, touchedBytes >> 10,
                    hostFrameBytes >> 10, pmapBytes >> 10);
        }
    }

    private static final double MEASURE_SECONDS = 0.5;
    private static volatile long sink;

    private SharingBenchmark() {}

    public static Result run() {
        return new Result(hashRate(), scanRate(), 1L << 30, 1L << 20, sparseVmFrames(), sparseVmPmapBytes());
    }

    public static void main(String[] args) { System.out.println(run()); }

    /** Pages hashed per second: 1024 distinct random pages hashed over and over. */
    public static double hashRate() {
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
    public static double scanRate() {
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

    /** A 1 GiB VM whose guest writes 1 MiB: machine frames in use afterwards, in bytes. */
    public static long sparseVmFrames() {
        HostMemory host = HostMemory.ofSize(256L << 20);
        touchOneMiB(host.createPmap("sparse", (1 << 30) >> MachineMemory.PAGE_SHIFT));
        return (long) host.frames().usedFrames() * MachineMemory.PAGE_SIZE;
    }

    public static long sparseVmPmapBytes() {
        HostMemory host = HostMemory.ofSize(256L << 20);
        Pmap p = host.createPmap("sparse", (1 << 30) >> MachineMemory.PAGE_SHIFT);
        touchOneMiB(p);
        return p.entryBytes();
    }

    /** 256 pages from the start of the VM (its pmap then holds one chunk of 1024 entries). */
    private static void touchOneMiB(Pmap p) {
        for (int g = 0; g < 256; g++) p.touch(g, true);
    }
}
