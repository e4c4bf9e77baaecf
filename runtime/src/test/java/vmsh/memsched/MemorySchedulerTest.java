package vmsh.memsched;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;
import vmsh.hostmem.HostMemory;
import vmsh.hostmem.PageState;
import vmsh.mem.MemoryMap;
import vmsh.mem.Ram;

class MemorySchedulerTest {
    private static final MemSchedConfig CONFIG = MemSchedConfig.DEFAULTS.withSeed(7);

    private static MemoryScheduler host(int frames, MemSchedConfig c) { return MemoryScheduler.ofSize(frames * 4096L, c); }

    private static void write(VmMemory vm, int from, int count) {
        for (int g = from; g < from + count; g++) vm.touch(g, true);
    }

    @Test void admissionControlNamesTheVmThatDoesNotFit() {
        MemoryScheduler s = host(16384, CONFIG);             // 64 MiB; 15,400 pages for VMs
        assertEquals(16384 - 984, s.availablePages());
        s.create("a", 16384, 1000, 10000, 16384);
        var e = assertThrows(AdmissionException.class, () -> s.create("b", 16384, 1000, 6000, 16384));
        assertTrue(e.getMessage().contains("'b'") && e.getMessage().contains("min"), e.getMessage());
        assertEquals(1, s.vms().size());
        assertEquals(1, s.host().pmaps().size());
        s.create("c", 16384, 1000, 5400, 16384);             // exactly fits
    }

    @Test void admissionControlNeedsSwapForUnreservedMemory() {
        MemoryScheduler s = new MemoryScheduler(new HostMemory(new Ram(MemoryMap.RAM, 4096L * 4096), 100), CONFIG);
        var e = assertThrows(AdmissionException.class, () -> s.create("a", 1000, 1000, 0, 1000));
        assertTrue(e.getMessage().contains("'a'") && e.getMessage().contains("swap"), e.getMessage());
        s.create("a", 1000, 1000, 950, 1000);
    }

    @Test void theSwapKnobSizesTheSwapThatAdmissionReserves() {
        MemoryScheduler s = MemoryScheduler.ofSize(4096 * 4096L, CONFIG.with(Knob.SWAP, 8.0 * (1 << 20)));   // 2,048 slots
        assertEquals(2048, s.host().swap().capacity());
        s.create("a", 1024, 40, 0, 1024);
        s.create("b", 1024, 40, 0, 1024);
        var e = assertThrows(AdmissionException.class, () -> s.create("c", 1024, 40, 0, 1024));
        assertEquals("cannot admit VM 'c': swap space 8 MiB cannot hold the unreserved memory (max - min) of all VMs, 12 MiB"
                + " (hv.configure({swap}) gives more; VMs with a smaller max, or a min, need less)", e.getMessage());
        assertEquals(2, s.vms().size());
        s.create("c", 1024, 40, 1024, 1024);   // guaranteed in full: it needs no swap
    }

    @Test void theDefaultSwapAdmitsThousandsOfSmallVmsOnASmallHost() {
        MemoryScheduler s = host(65536, CONFIG);   // 256 MiB: four times its RAM in swap would admit 256 of these
        assertEquals(64L << 30, (long) s.config().get(Knob.SWAP));
        s.holdRebalance(true);
        for (int i = 0; i < 2000; i++) s.create("vm" + i, 1024, 40, 0, 1024);
        s.holdRebalance(false);
        long targets = 0;
        for (VmMemory v : s.vms()) targets += v.target();
        assertEquals(s.availablePages(), targets);
        assertEquals(0, s.host().swap().used(), "a reservation stores nothing");
    }

    @Test void aHostBuiltAroundItsOwnSwapDeviceReportsIt() {
        MemoryScheduler s = new MemoryScheduler(new HostMemory(new Ram(MemoryMap.RAM, 4096L * 4096), 100), CONFIG);
        assertEquals(100 * 4096.0, s.config().get(Knob.SWAP));
    }

    @Test void defaultSharesAreTenPerMiB() {
        assertEquals(2560, MemoryScheduler.defaultShares(256 << 8));   // 256 MiB, the ESX manual's example
    }

    @Test void badParametersAreNamed() {
        MemoryScheduler s = host(4096, CONFIG);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.create("x", 100, 1, 0, 101)).getMessage().contains("max"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.create("x", 100, 1, 60, 50)).getMessage().contains("min"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.create("x", 100, -1, 0, 50)).getMessage().contains("shares"));
        assertThrows(IllegalArgumentException.class, () -> MemSchedConfig.DEFAULTS.with(Knob.IDLE_TAX, 1));
    }

    /** Figure 7 of the paper, end to end: an idle and an active VM with equal shares, sampled on simulated time. */
    private static int[] idleVersusActive(double tax) {
        MemoryScheduler s = host(4096, CONFIG.with(Knob.IDLE_TAX, tax));   // 3,850 pages for VMs
        VmMemory idle = s.create("idle", 2560, 1000, 0, 2560), active = s.create("active", 2560, 1000, 0, 2560);
        // the idle VM touches nothing (any touch in a sampled period would linger in the slow average)
        for (int period = 0; period < 10; period++) {
            for (int g = 0; g < 2560; g++) active.touch(g, false);
            s.tick(s.time().cyclesIn(30));
        }
        assertEquals(0.0, idle.sampler().activeFraction());
        assertEquals(1.0, active.sampler().activeFraction());
        assertEquals(10, active.sampler().periods());
        return new int[] {idle.target(), active.target(), (int) s.availablePages()};
    }

    @Test void idleTaxMovesMemoryToTheActiveVm() {
        int[] none = idleVersusActive(0);
        assertEquals(3849, none[2]);                               // 4096 less the 6% reserve and the zero frame
        assertEquals(1924, none[0]);                               // an even split, to the page
        assertEquals(1925, none[1]);
        int[] taxed = idleVersusActive(0.75);
        assertEquals(2560, taxed[1]);                              // the active VM reaches its max
        assertEquals(3849 - 2560, taxed[0]);
    }

    @Test void softStateBalloonsVmsAboveTarget() {
        MemoryScheduler s = host(1000, CONFIG);
        VmMemory a = s.create("a", 800, 1000, 0, 800), b = s.create("b", 800, 1000, 0, 800);
        assertEquals(470, a.target());
        a.balloon().driverReady();
        write(a, 0, 600);
        write(b, 0, 370);                                          // 30 frames free: 3%
        s.reclaim();
        assertEquals(ReclaimState.SOFT, s.state());
        assertEquals(130, a.balloon().target());
        assertEquals(0, b.balloon().target());
        assertEquals(0, s.swappedOut());
        assertFalse(a.stalled());
    }

    @Test void softStateSwapsVmsWithoutABalloonDriver() {
        MemoryScheduler s = host(1000, CONFIG);
        VmMemory a = s.create("a", 800, 1000, 0, 800), b = s.create("b", 800, 1000, 0, 800);
        write(a, 0, 600);
        write(b, 0, 370);
        s.reclaim();
        assertEquals(ReclaimState.SOFT, s.state());
        assertEquals(0, a.balloon().size());                        // no driver: the balloon cannot shrink it
        assertEquals(30, s.swappedOut());                           // swapping brings free memory to 6%
        assertEquals(570, a.resident());
        assertEquals(60, s.host().frames().freeFrames());
    }

    @Test void hardStateSwapsEvenWithADriver() {
        MemoryScheduler s = host(1000, CONFIG);
        VmMemory a = s.create("a", 800, 1000, 0, 800), b = s.create("b", 800, 1000, 0, 800);
        a.balloon().driverReady();
        write(a, 0, 600);
        write(b, 0, 385);                                          // 15 free: 1.5%
        s.reclaim();
        assertEquals(ReclaimState.HARD, s.state());
        assertEquals(45, s.swappedOut());
        assertEquals(600 - 45, a.resident());
        assertEquals(385, b.resident());                            // b is below its target
        assertEquals(130, a.balloon().target());
    }

    @Test void lowStateStallsVmsAboveTargetUntilMemoryIsFreed() {
        MemoryScheduler s = host(1000, CONFIG);
        VmMemory a = s.create("a", 800, 1000, 0, 800), b = s.create("b", 800, 1000, 0, 800);
        write(a, 0, 600);
        write(b, 0, 395);                                          // 5 free: 0.5%
        s.reclaim();
        assertEquals(ReclaimState.LOW, s.state());
        assertTrue(a.stalled());
        assertFalse(b.stalled());
        assertEquals(60, s.host().frames().freeFrames());
        s.reclaim();
        assertEquals(ReclaimState.HIGH, s.state());
        assertFalse(a.stalled());
        assertEquals(0, a.balloon().reclaimTarget());
    }

    @Test void allocationsBeyondHostMemorySwapOnDemandAndKeepContents() {
        MemoryScheduler s = host(100, CONFIG);
        VmMemory v = s.create("v", 200, 1000, 0, 200);
        for (int g = 0; g < 150; g++) v.guest().storeWord(0x8000_0000L + g * 4096L + 4 * (g % 1024), g * 31 + 1);
        assertTrue(s.swappedOut() >= 50);
        for (int g = 0; g < 150; g++) assertEquals(g * 31 + 1, v.guest().loadWord(0x8000_0000L + g * 4096L + 4 * (g % 1024)));
        assertTrue(v.pmap().count(vmsh.hostmem.PageEvent.SWAP_IN) > 0);
    }

    @Test void tickScansAtTheConfiguredRate() {
        MemoryScheduler s = host(4096, CONFIG);
        VmMemory a = s.create("a", 1000, 1000, 0, 1000), b = s.create("b", 1000, 1000, 0, 1000);
        s.tick(s.time().cyclesIn(1));
        assertEquals(100, s.sharing().stats().scanned());
        s.tick(s.time().cyclesIn(2.5));
        assertEquals(350, s.sharing().stats().scanned());
        assertEquals(3.5, s.time().seconds(), 1e-12);
        assertEquals(3_500_000_000L, s.time().cycles());   // a 1 GHz clock
    }

    @Test void sharingFindsIdenticalGuestsUnderTicks() {
        MemoryScheduler s = host(4096, CONFIG.with(Map.of(Knob.SCAN_PER_VM, 1000, Knob.SCAN_TOTAL, 2000)));
        VmMemory a = s.create("a", 64, 1000, 0, 64), b = s.create("b", 64, 1000, 0, 64);
        for (VmMemory v : new VmMemory[] {a, b})
            for (int g = 0; g < 64; g++) v.guest().storeWord(0x8000_0000L + g * 4096L, g % 8);
        s.tick(s.time().cyclesIn(1));
        assertEquals(128, s.sharing().stats().sharedPages() + s.sharing().stats().zeroPages());
        assertEquals(7, s.sharing().stats().sharedFrames());        // patterns 1..7; pattern 0 is the zero page
        assertEquals(128 - 7 - 1, s.memory().savedPages());
    }

    @Test void periodsFollowSimulatedTime() {
        MemoryScheduler s = host(4096, CONFIG);
        VmMemory a = s.create("a", 1000, 1000, 0, 1000);
        s.tick(s.time().cyclesIn(29.9));
        assertEquals(0, a.sampler().periods());
        s.tick(s.time().cyclesIn(65.1));
        assertEquals(3, a.sampler().periods());
    }

    @Test void destroyFreesTheVmsMemory() {
        MemoryScheduler s = host(1000, CONFIG);
        VmMemory a = s.create("a", 800, 1000, 0, 800);
        write(a, 0, 100);
        s.destroy(a);
        assertEquals(1000, s.host().frames().freeFrames());
        assertTrue(s.vms().isEmpty());
        assertEquals(PageState.UNBACKED, a.pmap().state(0));
    }

    @Test void sameSeedSameHistory() {
        assertEquals(history(3), history(3));
        assertNotEquals(history(3), history(4));
    }

    private static String history(long seed) {
        MemoryScheduler s = host(300, CONFIG.withSeed(seed));
        VmMemory a = s.create("a", 400, 1000, 0, 400);
        write(a, 0, 350);
        s.tick(s.time().cyclesIn(31));
        return a.pmap().entries().toString() + s.memory();
    }
}
