package vmsh.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vmsh.hostmem.DiskImage;
import vmsh.image.Image;

/**
 * The hosts snapshots used to refuse are values too: a NUMA host under Disco's policy (node
 * frames, replicas, per-node G-stages and VMIDs, miss counters), VMs of several vCPUs (each
 * vCPU, its HSM state), superpages (reservations, promoted megapages in G-stages and
 * shadows), copy-on-write disks (overlays, shared block frames) and a VM whose writes are
 * being logged (a live migration), nested VMs (a guest hypervisor's virtual H state, the
 * shadow G-stage, the L1 table pages L0 protects). Each workload is snapshotted at seeded random points,
 * continues, is restored, continues again, and is made anew from the snapshot: the
 * consoles, counters and the hash of the whole host are identical each time.
 */
class HvWorkloadSnapshotTest {
    static final int POINTS = 2;

    record Workload(String name, long insns, Supplier<Hypervisor> host) {
        @Override public String toString() { return name; }
    }

    static Stream<Workload> workloads() {
        return Stream.of(
                new Workload("disco: 4 vCPUs on 4 NUMA nodes", 1_250_000, () -> disco(Placement.DISCO, 0)),
                new Workload("disco rewriting replicas", 1_850_000, () -> disco(Placement.DISCO, 1)),
                new Workload("round robin: 4 vCPUs on 4 NUMA nodes", 1_250_000, () -> disco(Placement.ROUND_ROBIN, 0)),
                new Workload("2 vCPUs on a uniform host", 1_520_000, HvWorkloadSnapshotTest::twoVcpus),
                new Workload("superpages, hw", 1_800_000, () -> superpages(Technique.HW)),
                new Workload("superpages, hw-shadow", 1_800_000, () -> superpages(Technique.HW_SHADOW)),
                new Workload("superpages, trap", 1_800_000, () -> superpages(Technique.TRAP)),
                new Workload("copy-on-write disks", 1_500_000, HvWorkloadSnapshotTest::disks),
                new Workload("whole machines, hw", 2_600_000, () -> wholeMachines(Technique.HW)),
                new Workload("whole machines, hw-shadow", 2_600_000, () -> wholeMachines(Technique.HW_SHADOW)),
                new Workload("whole machines, trap", 2_600_000, () -> wholeMachines(Technique.TRAP)),
                new Workload("dirty logging, hw", 2_410_000, () -> logging(Technique.HW)),
                new Workload("dirty logging, trap", 2_410_000, () -> logging(Technique.TRAP)),
                new Workload("nested, multi-dimensional", 2_800_000, () -> nested(NestedPaging.MULTI_DIMENSIONAL)),
                new Workload("nested, emulated", 2_800_000, () -> nested(NestedPaging.EMULATED)));
    }

    static Hypervisor disco(Placement placement, int rewrite) {
        NumaConfig numa = NumaConfig.UNIFORM.nodes(4).costs(100, 400).policy(4, 2, 1_000_000, 4, 20_000);
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20).numa(numa));
        Vm vm = hv.create("db", 4L << 20, Technique.HW, -1, 0, 4L << 20, VmOptions.DEFAULTS.vcpus(4).placement(placement));
        load(vm, Guests.sample("hv/disco.s"), Map.of("harts", 4, "rounds", 400, "rewrite", rewrite));
        return hv;
    }

    static Hypervisor twoVcpus() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(32L << 20).quantum(3_000));
        Vm vm = hv.create("pair", 4L << 20, Technique.HW, -1, 0, 4L << 20, VmOptions.DEFAULTS.vcpus(2));
        load(vm, Guests.sample("hv/disco.s"), Map.of("harts", 2, "rounds", 200));
        hv.create("k", 8L << 20, Technique.HW).load(Guests.kernel());
        return hv;
    }

    static Hypervisor superpages(Technique t) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20));
        Vm vm = hv.create("sp", 16L << 20, t, -1, 0, 16L << 20, VmOptions.DEFAULTS.superpages(SuperpagePolicy.RESERVE));
        load(vm, Guests.sample("hv/superpages.s"), Map.of("regions", 2, "rounds", 40, "guest_mega", 1));
        hv.create("k", 8L << 20, t).load(Guests.kernel());
        return hv;
    }

    static Hypervisor disks() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20));
        DiskImage base = hv.createDisk("base", 256, 7);
        Image disk = Guests.sample("hv/disk.s");
        for (int i = 0; i < 3; i++) {
            Vm vm = hv.create("v" + i, 4L << 20, Technique.HW, -1, 0, 4L << 20, VmOptions.DEFAULTS.disk(base));
            load(vm, disk, Map.of("blocks", 96, "write_block", i == 2 ? 5 : -1));
        }
        return hv;
    }

    static Hypervisor wholeMachines(Technique t) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(48L << 20));
        for (String name : new String[] {"a", "b"})
            hv.create(name, 8L << 20, t, -1, 0, 8L << 20, VmOptions.DEFAULTS.machine(VmMachine.FULL)).load(Guests.kernel());
        return hv;
    }

    static Hypervisor logging(Technique t) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(48L << 20));
        Vm a = hv.create("a", 8L << 20, t);
        a.load(Guests.kernel());
        hv.create("b", 8L << 20, t).load(Guests.kernel());
        a.memory().pmap().logWrites();
        return hv;
    }

    /** samples/hyper/hyper.s (a hypervisor in assembly) in a nested VM, running the kernel as its guest; a kernel VM beside it. */
    static Hypervisor nested(NestedPaging paging) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(128L << 20));
        hv.create("l1", 64L << 20, Technique.HW, -1, 0, 64L << 20, VmOptions.DEFAULTS.nested(paging)).load(Guests.sample("hyper/hyper.s"));
        hv.create("k", 8L << 20, Technique.HW).load(Guests.kernel());
        return hv;
    }

    private static void load(Vm vm, Image image, Map<String, Integer> params) {
        vm.load(image);
        params.forEach((symbol, v) -> vm.guest().write(Integer.toUnsignedLong(image.symbol(symbol)),
                new byte[] {(byte) (int) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)}));
    }

    /** Where a continuation ends: every VM's console, state, stats and the hash of the whole host. */
    static String ending(Hypervisor hv, long insns) {
        hv.run(insns, false);
        List<String> parts = new ArrayList<>();
        for (Vm v : hv.vms())
            parts.add(v.name() + ": " + v.console().text() + " / " + v.state() + " " + v.message() + " / " + v.stats() + " / " + v.tlbStats()
                    + " / " + v.numaStats() + " / " + v.diskStats() + " / " + v.levels());
        parts.add(hv.memory().memory().toString());
        parts.add(hv.stateHash());
        return String.join("\n", parts);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void continuesIdenticallyAfterARestore(Workload w) {
        SplittableRandom random = new SplittableRandom(w.name().hashCode());
        for (int p = 0; p < POINTS; p++) {
            long at = random.nextLong(w.insns());
            Hypervisor hv = w.host().get();
            hv.run(at, false);
            if (w.name().startsWith("dirty")) hv.vm("a").memory().pmap().takeWritten();   // a round of pre-copy
            HvSnapshot s = hv.snapshot();
            String where = w + " from instruction " + at;
            String first = ending(hv, w.insns() - at);
            hv.restore(s);
            assertEquals(s.hash(), hv.stateHash(), where + ": the hash after the restore");
            assertEquals(first, ending(hv, w.insns() - at), where + ": after a restore");
            Hypervisor copy = Hypervisor.open(s);
            assertEquals(s.hash(), copy.stateHash(), where + ": a host made from it");
            assertEquals(first, ending(copy, w.insns() - at), where + ": on a host made from it");
        }
    }

    /** The workloads do what they are for: NUMA moves, promoted regions, shared disk blocks, a dirty log. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void theWorkloadsExerciseWhatTheyNeed(Workload w) {
        Hypervisor hv = w.host().get();
        hv.run(w.insns(), false);
        String n = w.name();
        Vm first = hv.vms().get(0);
        if (n.startsWith("disco")) assertTrue(first.numaStats().replications() > 0 && first.numaStats().migrations() > 0, first.numaStats().toString());
        if (n.startsWith("disco rewriting")) assertTrue(first.numaStats().collapses() > 0, first.numaStats().toString());
        if (n.startsWith("2 vCPUs")) assertTrue(first.vcpus().get(1).instructions() > 0, "the second vCPU ran");
        if (n.startsWith("superpages")) assertTrue(first.tlbStats().superpages().promotions() > 0 && first.tlbStats().megapages() > 0,
                first.tlbStats().toString());
        if (n.startsWith("copy")) assertTrue(hv.vms().get(1).diskStats().sharedReads() > 0, hv.vms().get(1).diskStats().toString());
        if (n.startsWith("dirty")) assertTrue(hv.vm("a").memory().pmap().loggingWrites());
        if (n.startsWith("nested")) assertTrue(first.nesting().reflected() > 0 && first.console().text().contains("guest powered off"), first.nesting().toString());
    }
}
