package vmsh.shell.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import vmsh.shell.VmshRun;

/** {@code vmsh bench memory} and {@code vmsh bench sharing}: a sparse guest costs the host what it touches; the rates are measured against their targets. */
class MemoryBenchTest {
    @Test
    void aSparseGuestCostsWhatItTouches() {
        VmshRun r = VmshRun.of("bench", "memory");
        assertEquals(0, r.status(), r.toString());
        assertEquals("a 1 GiB guest that touched 1 MiB: 1024 KiB of machine frames, 4 KiB of pmap entries, 1028 KiB in all\n",
                r.out());
    }

    @Test
    @Tag("slow")   // a benchmark
    void sharingReportsHashAndScanRates() {
        VmshRun r = VmshRun.of("bench", "sharing");
        assertEquals(0, r.status(), r.toString());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].matches("page hashing: \\d+\\.\\d\\d M pages/s \\(target 1 M pages/s: (met|NOT met)\\)"), lines[0]);
        assertTrue(lines[1].matches("sharing scan: \\d+\\.\\d\\d M pages/s \\(hash, look up, compare, share\\)"), lines[1]);
        assertTrue(lines[2].matches("scanner among 10,000 VMs \\(.*\\): [\\d.]+ us of host time per page scanned, \\d+ ns per tick"), lines[2]);
    }
}
