package vmsh.memsched;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import vmsh.hostmem.HostMemoryStats;
import vmsh.hostmem.PageState;

/** The README's "overcommit a host" walkthrough, step by step, without a CPU: four 48 MiB VMs on 128 MiB. */
class OvercommitWalkthroughTest {
    private static final int MIB = 256;   // pages per MiB

    @Test void overcommitAHost() {
        MemoryScheduler hv = MemoryScheduler.ofSize(128L << 20, MemSchedConfig.DEFAULTS.with(Knob.IDLE_TAX, 0.75).withSeed(7));
        VmMemory[] vms = new VmMemory[4];
        for (int i = 0; i < 4; i++) vms[i] = hv.create("vm" + i, 48 * MIB, 1000, 8 * MIB, 48 * MIB);
        var e = assertThrows(AdmissionException.class, () -> hv.create("big", 128 * MIB, 1000, 100 * MIB, 128 * MIB));
        assertTrue(e.getMessage().contains("'big'"), e.getMessage());

        // Each guest loads the same 256 KiB kernel image and writes 1 MiB of its own data.
        for (int i = 0; i < 4; i++) {
            for (int g = 0; g < 64; g++) vms[i].guest().storeWord(0x8000_0000L + g * 4096L, 0xC0DE0000 | g);
            for (int g = 64; g < 64 + MIB; g++) vms[i].guest().storeWord(0x8000_0000L + g * 4096L, i << 16 | g);
        }
        HostMemoryStats before = hv.memory();
        assertEquals(4 * (64 + MIB), before.privateFrames());

        ScanResult scan = hv.sharing().scan(4 * 48 * MIB);     // every page of every VM once
        assertEquals(64, scan.sharedNew());                      // a hint and its first match make a shared frame
        assertEquals(2 * 64, scan.sharedExisting());             // the other two copies join it
        assertEquals(3 * 64, scan.pagesShared());                // frames freed
        SharingStats sharing = hv.sharing().stats();
        assertEquals(4 * 64, sharing.sharedPages());
        assertEquals(64, sharing.sharedFrames());
        assertEquals(3 * 64, sharing.savedPages());

        assertEquals(4 * MIB, hv.memory().privateFrames());

        // vm1's balloon driver gives 16 MiB back: its 1 MiB of data, then 15 MiB it never touched.
        Balloon b = vms[1].balloon();
        b.setTarget(16 * MIB);
        for (int g = 64; b.delta() > 0; g++) assertTrue(b.inflate(g));
        assertEquals(16 * MIB, b.size());
        assertEquals(3 * MIB, hv.memory().privateFrames());
        assertEquals(16 * MIB, hv.memory().balloonedPages());
        assertEquals(PageState.SHARED, vms[1].pmap().state(0));   // the kernel stays shared
    }
}
