package vmsh.shell.cli;

import java.io.PrintStream;
import java.util.List;
import vmsh.memsched.SharingBenchmark;
import vmsh.shell.ExitCode;

/**
 * {@code vmsh bench sharing} and {@code vmsh bench memory}: the ESX memory figures of
 * issue 5 (content-based sharing hashes at least a million pages per second; a guest costs
 * the host what it touches, not what it is configured with). Wall-clock time for sharing.
 */
final class MemoryBench {
    static final List<String> NAMES = List.of("sharing", "memory");

    /** What the sharing scanner must reach, in pages hashed per second of host time. */
    static final double HASH_TARGET = 1e6;

    private MemoryBench() {}

    static int run(String name, PrintStream out) {
        if (name.equals("sharing")) sharing(out);
        else memory(out);
        return ExitCode.OK;
    }

    private static void sharing(PrintStream out) {
        double hashes = SharingBenchmark.hashRate();
        double scans = SharingBenchmark.scanRate();
        out.println(String.format("page hashing: %.2f M pages/s (target %.0f M pages/s: %s)", hashes / 1e6,
                HASH_TARGET / 1e6, hashes >= HASH_TARGET ? "met" : "NOT met"));
        out.println(String.format("sharing scan: %.2f M pages/s (hash, look up, compare, share)", scans / 1e6));
    }

    private static void memory(PrintStream out) {
        long frames = SharingBenchmark.sparseVmFrames(), pmap = SharingBenchmark.sparseVmPmapBytes();
        out.println(String.format("a 1 GiB guest that touched 1 MiB: %d KiB of machine frames, %d KiB of pmap entries,"
                + " %d KiB in all", frames >> 10, pmap >> 10, (frames + pmap) >> 10));
    }
}
