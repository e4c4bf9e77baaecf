package vmsh.hv;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vmsh.hostmem.PageEvent;
import vmsh.hostmem.PageState;
import vmsh.hostmem.Pmap;
import vmsh.image.Image;
import vmsh.memsched.Knob;
import vmsh.memsched.MemSchedConfig;

/** The ESX memory side wired into the hypervisor, with real guests (samples/esx). */
class EsxWiringTest {
    private static final Image TOUCHER = Guests.sample("esx/toucher.s");

    private static void set(Vm vm, String symbol, int value) {
        vm.guest().storeWord(Integer.toUnsignedLong(TOUCHER.symbol(symbol)), value);
    }

    private static Vm toucher(Hypervisor hv, String name, Technique t, int ws, int cache, int passes, int idleTicks) {
        Vm vm = hv.create(name, 8L << 20, t);
        vm.load(TOUCHER);
        set(vm, "ws_pages", ws);
        set(vm, "cache_pages", cache);
        set(vm, "passes", passes);
        set(vm, "idle_ticks", idleTicks);
        return vm;
    }

    @Test void theGuestsBalloonDriverInflatesAndDeflatesThroughSbiExits() {
        for (Technique t : new Technique[] {Technique.HW, Technique.TRAP}) {
            Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20));
            Vm vm = toucher(hv, "t", t, 64, 256, 0, 0);
            List<String> reasons = new ArrayList<>();
            vm.onExit(e -> { if (e.reason() == ExitReason.BALLOON) reasons.add(e.detail()); });
            hv.run(10_000_000, true);                                      // the cache is read
            assertTrue(vm.memory().balloon().driverPresent(), "the driver probed VMSH_BALLOON and found it");
            Pmap pmap = vm.memory().pmap();
            int used = hv.host().frames().usedFrames();
            vm.memory().balloon().setTarget(200);
            hv.run(20_000_000, true);
            assertEquals(200, vm.memory().balloon().size(), t.label);
            assertEquals(200, pmap.count(PageState.BALLOONED));
            assertTrue(hv.host().frames().usedFrames() <= used - 190, "cache pages given back free their frames");
            assertTrue(vm.exits(ExitReason.BALLOON) > 200 / 32, vm.stats().toString());
            assertFalse(reasons.isEmpty());
            assertTrue(reasons.get(0).startsWith("VMSH_BALLOON fid "), reasons.get(0));

            vm.memory().balloon().setTarget(0);
            hv.run(20_000_000, true);
            assertEquals(0, pmap.count(PageState.BALLOONED), t.label);
            assertEquals(200, pmap.count(PageEvent.BALLOON_DEFLATE));
            assertEquals(VmState.READY, vm.state(), vm.message());
        }
    }

    @Test void aSleepingVmLeavesTheHartAndHostTimeToTheBusyOne() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20));
        Vm idle = toucher(hv, "idle", Technique.HW, 16, 0, 0, 100_000);   // sleeps 10 ms after each pass
        Vm busy = toucher(hv, "busy", Technique.HW, 256, 0, 0, 0);
        hv.run(50_000_000, true);                                          // 50 ms of host time
        assertEquals(50_000_000, hv.now(), 100_000);
        assertTrue(busy.insns > 20 * idle.insns, idle.insns + " vs " + busy.insns);
        assertTrue(idle.vcpu().idleCycles() >= 30_000_000, "the idle vCPU slept through the busy one's slices: "
                + idle.vcpu().idleCycles());
        long passes = idle.exits(ExitReason.WFI);
        assertTrue(passes >= 4 && passes <= 6, "one sleep per 10 ms: " + passes);
    }

    @Test void everyoneAsleepMakesHostTimeJumpToTheNextTimer() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20));
        Vm vm = toucher(hv, "idle", Technique.TRAP, 16, 0, 3, 1_000_000);  // 0.1 s sleeps
        hv.run(Long.MAX_VALUE, true);
        assertEquals(VmState.HALTED, vm.state(), vm.message());
        assertTrue(hv.now() >= 300_000_000L, "three sleeps of 0.1 s: " + hv.now());
        assertTrue(vm.insns < 5_000_000, "time jumped rather than spinning: " + vm.insns);
    }

    @Test void sampledPagesAreUnmappedAndTheirTouchesCountedThroughFaults() {
        MemSchedConfig m = MemSchedConfig.DEFAULTS.with(Map.of(Knob.SAMPLE_PAGES, 100, Knob.SAMPLE_PERIOD, 0.001));
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20), m);
        Vm vm = toucher(hv, "t", Technique.HW, 1800, 0, 0, 0);            // most of its 2048 pages
        hv.run(30_000_000, true);
        Pmap pmap = vm.memory().pmap();
        assertTrue(pmap.count(PageEvent.SAMPLE_TOUCH) > 100, "touches seen: " + pmap.count(PageEvent.SAMPLE_TOUCH));
        double f = vm.memory().sampler().activeFraction();
        assertTrue(f > 0.6 && f <= 1.0, "active fraction " + f);
    }

    @Test void writesToSharedPagesAreCowExitsAndSwappedPagesSwapInExits() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20));
        Vm a = toucher(hv, "a", Technique.HW, 64, 0, 0, 0), b = toucher(hv, "b", Technique.TRAP, 64, 0, 0, 0);
        hv.run(2_000_000, true);
        hv.memory().sharing().scan(2 * 2048 * 2);                         // two passes over both VMs
        assertTrue(hv.memory().sharing().stats().sharedPages() > 0);
        hv.run(2_000_000, true);
        assertTrue(a.exits(ExitReason.COW) > 0 && b.exits(ExitReason.COW) > 0, a.stats() + "\n" + b.stats());
        Pmap pa = a.memory().pmap();
        int victim = pa.next(PageState.PRIVATE, 0);
        for (int g = victim; g >= 0; g = pa.next(PageState.PRIVATE, g + 1)) pa.swapOut(g);
        hv.run(2_000_000, true);
        assertTrue(a.exits(ExitReason.SWAP_IN) > 10, a.stats().toString());
        long cost = hv.costs().exit(ExitReason.SWAP_IN);
        assertTrue(a.cycles() > a.exits(ExitReason.SWAP_IN) * cost);
    }
}
