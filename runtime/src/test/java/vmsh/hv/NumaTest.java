package vmsh.hv;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import vmsh.hostmem.FrameUse;
import vmsh.image.Image;

/**
 * A NUMA host and Disco's placement: several vCPUs on the nodes' hart slots, frames placed
 * by first touch or round robin, misses counted per node and priced local or remote, hot
 * pages migrated and read-shared pages replicated, coherent when written.
 */
class NumaTest {
    private static final Image GUEST = Guests.sample("hv/disco.s");
    private static final int HARTS = 4, PAGES = 64, SHARED = 64;

    private static Vm vm(Placement placement, int rounds, boolean rewrite) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20).numa(NumaConfig.UNIFORM.nodes(4)));
        Vm vm = hv.create("db", 4L << 20, Technique.HW, -1, 0, 4L << 20, VmOptions.DEFAULTS.vcpus(HARTS).placement(placement));
        vm.load(GUEST);
        set(vm, "harts", HARTS);
        set(vm, "rounds", rounds);
        set(vm, "rewrite", rewrite ? 1 : 0);
        return vm;
    }

    private static void set(Vm vm, String symbol, int value) {
        vm.guest().storeWord(Integer.toUnsignedLong(GUEST.symbol(symbol)), value);
    }

    /** What the guest prints: its arithmetic done here (word 0 of page k starts as k). */
    private static String expected(int rounds, boolean rewrite) {
        long sum = 0;
        for (int k = 0; k < HARTS * PAGES; k++) for (int r = 0; r < rounds; r++) sum += k + r;
        for (int k = HARTS * PAGES; k < HARTS * PAGES + SHARED; k++) sum += (long) HARTS * rounds * k;
        if (rewrite) for (int k = HARTS * PAGES; k < HARTS * PAGES + SHARED; k++) sum += (long) HARTS * rounds * (k + 1);
        return String.format("disco: %d harts x %d pages, %d shared, %d rounds, checksum 0x%08x\n", HARTS, PAGES, SHARED, rounds, sum & 0xffff_ffffL);
    }

    private static Vm finish(Vm vm, int rounds, boolean rewrite) {
        vm.run(50_000_000);
        assertEquals(VmState.HALTED, vm.state(), vm.message());
        assertEquals(expected(rounds, rewrite), vm.console().text());
        return vm;
    }

    @Test void fourVcpusStartedByHartStartComputeWhatOneWould() {
        Vm vm = finish(vm(Placement.FIRST_TOUCH, 20, false), 20, false);
        assertEquals(4, vm.vcpus().size());
        assertTrue(vm.vcpus().stream().allMatch(v -> v.stopped || v.id == 0 || v.node == v.id % 4));
        assertEquals(List.of(0, 1, 2, 3), vm.vcpus().stream().map(v -> v.node).toList());
    }

    @Test void firstTouchPutsWhatHartZeroInitializedOnItsNode() {
        Vm vm = finish(vm(Placement.FIRST_TOUCH, 20, false), 20, false);
        List<NumaNode> nodes = vm.hypervisor().numaNodes();
        assertTrue(nodes.get(0).pages() >= HARTS * PAGES + SHARED, "all the data on node 0: " + nodes);
        NumaStats s = vm.numaStats();
        assertTrue(s.remoteFraction() > 0.7, "three harts of four miss remotely: " + s);
        assertEquals(0, s.migrations() + s.replications());
        assertEquals(0, nodes.get(1).localMisses(), "node 1 has no data of its own: " + nodes.get(1));
    }

    @Test void roundRobinSpreadsThePages() {
        Vm vm = finish(vm(Placement.ROUND_ROBIN, 20, false), 20, false);
        for (NumaNode n : vm.hypervisor().numaNodes()) assertTrue(n.pages() >= (HARTS * PAGES + SHARED) / 4, n.toString());
        assertTrue(vm.numaStats().remoteFraction() > 0.7, vm.numaStats().toString());
    }

    @Test void discoMigratesPrivatePagesAndReplicatesTheSharedTable() {
        Vm ft = finish(vm(Placement.FIRST_TOUCH, 300, false), 300, false);
        Vm disco = finish(vm(Placement.DISCO, 300, false), 300, false);
        NumaStats s = disco.numaStats();
        assertEquals(3 * PAGES, s.migrations(), "the private pages of harts 1-3 go to their nodes: " + s);
        assertEquals(3 * SHARED, s.replications(), "the table is copied to nodes 1-3: " + s);
        assertEquals(0, s.collapses());
        assertTrue(s.remoteFraction() < ft.numaStats().remoteFraction() / 2, s + " against " + ft.numaStats());
        assertTrue(disco.cycles() < ft.cycles(), disco.cycles() + " against " + ft.cycles());
        assertEquals(3 * SHARED, disco.hypervisor().host().frames().count(FrameUse.REPLICA));
    }

    @Test void aWrittenReplicaCollapsesAndEveryHartReadsTheNewWords() {
        Vm vm = finish(vm(Placement.DISCO, 300, true), 300, true);
        NumaStats s = vm.numaStats();
        assertTrue(s.replications() >= 3 * SHARED, s.toString());
        assertEquals(SHARED, s.collapses(), "hart 0's write drops the copies of each shared page: " + s);
    }

    /**
     * A 16 MiB host of four nodes (4096 frames: HIGH at 246 free, SOFT below 164): the Disco
     * VM's table is replicated, then the host is pushed to SOFT. Reclamation drops copies
     * (86 frames short: 29 pages' copies) and neither balloons nor swaps; the pages' originals
     * stay, so the guest, rewriting the table later, prints the checksum it would have.
     */
    @Test void underPressureReplicasGoFirstAndNoDataIsLost() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(16L << 20).numa(NumaConfig.UNIFORM.nodes(4)));
        Vm vm = hv.create("db", 4L << 20, Technique.HW, -1, 0, 4L << 20, VmOptions.DEFAULTS.vcpus(HARTS).placement(Placement.DISCO));
        vm.load(GUEST);
        set(vm, "harts", HARTS);
        set(vm, "rounds", 300);
        set(vm, "rewrite", 1);
        var frames = hv.host().frames();
        while (frames.count(FrameUse.REPLICA) < 3 * SHARED && vm.state() == VmState.READY) vm.run(100_000);
        assertEquals(3 * SHARED, hv.memory().memory().replicaFrames(), "hv.memory counts the copies of the table");

        java.util.List<Integer> taken = new java.util.ArrayList<>();
        while (frames.freeFrames() > 160) taken.add(hv.host().allocate(FrameUse.SYSTEM));
        hv.memory().reclaim();
        int left = frames.count(FrameUse.REPLICA);
        assertEquals(3 * SHARED - 3 * 29, left, "the copies of 29 pages go, the fewest that free 86 frames");
        assertEquals(vmsh.memsched.ReclaimState.HIGH, hv.memory().state(), "the copies were enough");
        assertEquals(0, hv.memory().swappedOut());
        assertEquals(0, hv.memory().memory().balloonedPages());
        assertEquals(0, hv.memory().vmStats().get(0).balloonTarget(), "no balloon was inflated");
        assertEquals(29, vm.numaStats().collapses());

        for (int mpn : taken) frames.free(mpn);
        finish(vm, 300, true);
    }

    @Test void hysteresisStopsAPageAfterItsMoveLimit() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20).numa(NumaConfig.UNIFORM.nodes(4).policy(32, 8, 10_000_000, 0, 20_000)));
        Vm vm = hv.create("db", 4L << 20, Technique.HW, -1, 0, 4L << 20, VmOptions.DEFAULTS.vcpus(HARTS).placement(Placement.DISCO));
        vm.load(GUEST);
        set(vm, "harts", HARTS);
        set(vm, "rounds", 100);
        finish(vm, 100, false);
        assertEquals(0, vm.numaStats().migrations() + vm.numaStats().replications(), "a move limit of 0 moves nothing");
    }

    @Test void severalVcpusNeedHardwareAssistance() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS);
        var e = assertThrows(IllegalArgumentException.class,
                () -> hv.create("t", 4L << 20, Technique.TRAP, -1, 0, 4L << 20, VmOptions.DEFAULTS.vcpus(2)));
        assertTrue(e.getMessage().contains("technique 'hw'"), e.getMessage());
    }

    @Test void aUniformHostCountsNothing() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20));
        Vm vm = hv.create("db", 4L << 20, Technique.HW, -1, 0, 4L << 20, VmOptions.DEFAULTS.vcpus(HARTS));
        vm.load(GUEST);
        set(vm, "harts", HARTS);
        set(vm, "rounds", 20);
        finish(vm, 20, false);
        assertNull(vm.numaStats());
        assertEquals(1, hv.numaNodes().size());
    }

    /**
     * vCPU 1 waits in wfi for a timer far ahead; vCPU 0 computes 200,000 loop rounds
     * (many quanta), prints "d" and shuts the VM down; vCPU 1 prints "L" if it ever wakes.
     * With {@code zeroSleepsToo}, vCPU 0 first waits in wfi for a near timer of its own.
     */
    private static Image sleeperGuest(boolean zeroSleepsToo) {
        return HvGuests.guest("""
                .equ SBI_EXT_HSM, 0x48534D
                .equ SBI_EXT_TIME, 0x54494D45
                    li a0, 1                    # start vCPU 1 at sleeper
                    la a1, sleeper
                    li a2, 0
                    li a7, SBI_EXT_HSM
                    li a6, 0
                    ecall
                """ + (zeroSleepsToo ? """
                    # vCPU 0 waits a little too: then both sleep
                """ + waitInWfi(1000) : "") + """
                    li t0, 200000
                1:  addi t0, t0, -1
                    bnez t0, 1b
                    li a0, 'd'
                    li a7, SBI_EXT_LEGACY_PUTCHAR
                    ecall
                    j shutdown
                sleeper:                        # a timer 10^8 ticks ahead: 10^10 cycles
                """ + waitInWfi(100_000_000) + """
                    li a0, 'L'
                    li a7, SBI_EXT_LEGACY_PUTCHAR
                    ecall
                2:  j 2b
                """);
    }

    /** SBI set_timer to {@code ticks} from now, then wfi. */
    private static String waitInWfi(int ticks) {
        return """
                    rdtime a0
                    li t0, %d
                    add a0, a0, t0
                    li a1, 0
                    li a7, SBI_EXT_TIME
                    li a6, 0
                    ecall
                    wfi
                """.formatted(ticks);
    }

    private static Vm sleeperVm(boolean zeroSleepsToo) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20).numa(NumaConfig.UNIFORM.nodes(2)));
        Vm vm = hv.create("s", 4L << 20, Technique.HW, -1, 0, 4L << 20, VmOptions.DEFAULTS.vcpus(2));
        vm.load(sleeperGuest(zeroSleepsToo));
        return vm;
    }

    @Test void aVcpuAsleepInWfiLeavesTheOthersRunning() {
        Vm vm = sleeperVm(false);
        VmRunResult r = vm.run(10_000_000);
        assertEquals(VmState.HALTED, r.state(), r.message());
        assertEquals("d", vm.console().text(), "vCPU 0 finished while vCPU 1 slept");
        assertEquals(0, vm.vcpus().get(1).idleCycles(), "vCPU 1 still waits for its timer");
        assertTrue(r.cycles() < 1_000_000_000L, "the VM never waited for vCPU 1's timer: " + r.cycles() + " cycles");
    }

    @Test void theVmSleepsOnlyWhenEveryStartedVcpuDoes() {
        Vm vm = sleeperVm(true);
        VmRunResult r = vm.run(10_000_000);
        assertEquals(VmState.HALTED, r.state(), r.message());
        assertEquals("d", vm.console().text(), "vCPU 0 woke at its own timer, not vCPU 1's");
        assertTrue(vm.vcpus().get(0).idleCycles() > 0, "vCPU 0 slept until its timer");
        assertEquals(0, vm.vcpus().get(1).idleCycles(), "vCPU 1 never woke");
        assertTrue(r.cycles() < 1_000_000_000L, r.cycles() + " cycles");
    }

    @Test void aSnapshotKeepsEachVcpusSleep() {
        Vm vm = sleeperVm(false);
        vm.run(50_000);   // vCPU 1 asleep, vCPU 0 in its loop
        assertEquals(VmState.READY, vm.state(), vm.message());
        VmSnapshot s = vm.snapshot();
        Vm copy = sleeperVm(false);
        copy.restore(s);
        assertEquals(s.hash(), copy.snapshot().hash());
        VmRunResult r = copy.run(10_000_000);
        assertEquals(VmState.HALTED, r.state(), r.message());
        assertEquals("d", copy.console().text(), "the copy's vCPU 1 sleeps on, its vCPU 0 runs");
        assertEquals(0, copy.vcpus().get(1).idleCycles());
    }
}
