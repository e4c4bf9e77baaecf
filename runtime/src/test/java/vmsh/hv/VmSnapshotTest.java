package vmsh.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vmsh.hostmem.DiskImage;
import vmsh.image.Image;

/**
 * A VM's own snapshot: taken at seeded random points of a kernel sharing its host with
 * another, the VM goes back to it (the other VM untouched) and goes on exactly as the guest
 * did the first time, by its own instruction count; a new VM made from it, on this host or
 * another, does the same.
 */
class VmSnapshotTest {
    static final long AHEAD = 300_000;

    /** Runs {@code vm} alone until its guest has executed {@code n} more instructions (or stops). */
    static void runGuest(Vm vm, long n) {
        vm.stopAt(vm.guestInstructions() + n, () -> vm.pause("the test's stop"));
        vm.run(50 * n);
        vm.resume();
        vm.stopAt(-1, null);
    }

    /**
     * What the guest is after a continuation: its console and the hash of its side of the
     * state (under bt the translation cache is part of it: where an interrupt arrives depends
     * on where its units end). Under pv a VM in other frames holds other machine page numbers in its
     * tables and in memory it no longer uses (a stack's old words, the batch buffer): there
     * the registers stand for the guest's side.
     */
    static String guest(Vm vm, long n) {
        runGuest(vm, n);
        VmSnapshot s = vm.snapshot();
        String side = vm.technique() == Technique.PV ? java.util.Arrays.toString(vm.vcpu().x) + " pc " + vm.vcpu().pc : s.guestHash();
        return vm.console().text() + " / " + vm.state() + " / " + vm.guestInstructions() + " / " + side;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hw", "trap", "trap-vtlb", "hw-shadow", "bt", "pv"})
    void aVmGoesBackAndOnWhileItsHostMovesOn(String name) {
        Technique t = Technique.parse(name);
        SplittableRandom random = new SplittableRandom(name.hashCode());
        for (int p = 0; p < 2; p++) {
            long at = 20_000 + random.nextLong(800_000);
            Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(48L << 20));
            Vm a = hv.create("a", 8L << 20, t);
            a.load(kernel(t));
            Vm b = hv.create("b", 8L << 20, t);
            b.load(kernel(t));
            hv.run(at, false);
            VmSnapshot s = a.snapshot();
            String where = name + " from instruction " + at;
            String first = guest(a, AHEAD);
            b.run(100_000);
            String other = b.snapshot().hash();
            a.restore(s);
            assertEquals(s.hash(), a.snapshot().hash(), where + ": the VM's hash after the restore");
            assertEquals(other, b.snapshot().hash(), where + ": the other VM is untouched");
            assertEquals(first, guest(a, AHEAD), where + ": after a restore");
            Vm c = hv.load(s, "c");
            assertEquals(s.hash(), c.snapshot().hash(), where + ": a new VM made from it");
            assertEquals(first, guest(c, AHEAD), where + ": a new VM made from it");
            Hypervisor elsewhere = new Hypervisor(HvConfig.DEFAULTS.memory(16L << 20).seed(9));
            Vm d = elsewhere.load(s, "a");
            assertEquals(first, guest(d, AHEAD), where + ": on another host");
            a.run(3_000_000);
            c.run(3_000_000);
            assertEquals(Guests.kernelExpected(), a.console().text(), where + ": the kernel ran to its end");
            assertEquals(a.console().text(), c.console().text());
        }
    }

    /**
     * A restore that fails halfway (a snapshot cut short) leaves the VM as it was: its guest
     * goes on as a twin's that was never restored (pv's rollback keeps its pages of zeros
     * rather than look through every page for them).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"trap", "pv"})
    void aRestoreThatFailsLeavesTheVmAsItWas(String name) {
        Technique t = Technique.parse(name);
        Vm a = new Hypervisor(HvConfig.DEFAULTS.memory(48L << 20)).create("a", 8L << 20, t), twin = new Hypervisor(HvConfig.DEFAULTS.memory(48L << 20)).create("a", 8L << 20, t);
        for (Vm v : new Vm[] {a, twin}) {
            v.load(kernel(t));
            v.run(200_000);
        }
        VmSnapshot s = a.snapshot();
        twin.snapshot();   // (a pv VM's snapshot first runs it on to a task)
        runGuest(a, 50_000);
        runGuest(twin, 50_000);
        byte[] g = s.guest();
        VmSnapshot broken = new VmSnapshot(s.spec(), java.util.Arrays.copyOf(g, g.length * 3 / 5), s.counters(), s.pages(), s.warm());
        assertThrows(RuntimeException.class, () -> a.restore(broken));
        assertEquals(guest(twin, AHEAD), guest(a, AHEAD), name + ": as if no restore was tried");
    }

    /**
     * Restored on its host as a continuation (no other VM runs in between), a VM meets the
     * same TLB hits and misses, exits and cycles: the VMM's tables and its host TLB entries
     * come back from the warm state, so its counters and its guest's clock are exact too.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hw", "trap", "trap-vtlb", "hw-shadow", "bt", "pv"})
    void aContinuationCountsAlike(String name) {
        Technique t = Technique.parse(name);
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(48L << 20));
        Vm a = hv.create("a", 8L << 20, t);
        a.load(kernel(t));
        a.run(40_000);
        for (int point = 0; point < 3; point++) {
            VmSnapshot s = a.snapshot();
            a.run(20_000);
            VmSnapshot first = a.snapshot();
            String stats = a.stats().toString();
            a.restore(s);
            a.run(20_000);
            assertEquals(first.guestHash(), a.snapshot().guestHash(), name + " at point " + point + ": the guest");
            assertEquals(first.hash(), a.snapshot().hash(), name + " at point " + point + ": the counters");
            assertEquals(stats, a.stats().toString(), name + " at point " + point + ": cycles, exits, TLB misses");
            a.run(13_000);
        }
    }

    /**
     * A guest that reaches new 4 MiB of its memory after the snapshot: the G-stage's leaf
     * tables made for them stay with the host's table after a restore, and a walk through an
     * empty one reads one PTE more; the warm state says which root entries had one.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hw", "trap"})
    void aContinuationIntoNewRegionsCountsAlike(String name) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(96L << 20));
        Vm a = hv.create("a", 24L << 20, Technique.parse(name));
        Image image = Guests.sample("hv/superpages.s");
        a.load(image);
        poke(a, image, "regions", 4);
        poke(a, image, "rounds", 2);
        a.run(2_000);
        for (int point = 0; point < 6; point++) {
            VmSnapshot s = a.snapshot();
            a.run(30_000);
            String stats = a.stats() + " " + a.tlbStats();
            a.restore(s);
            a.run(30_000);
            assertEquals(stats, a.stats() + " " + a.tlbStats(), name + " at point " + point + ": cycles, exits, TLB misses and walks");
            a.run(7_000);
        }
    }

    /**
     * Superpages: restored as a continuation, a VM whose regions are promoted meets the same
     * hits, misses and exits: G-stage megapages come back as the restore writes the regions'
     * pages back (the pmap promotes them again, counting nothing), shadow megapages and the
     * TLB's 4 MiB entries from the warm state. With guest megapages ("guest-mega") the
     * shadows and the TLB map 4 MiB at once. Loaded on a fresh host (another extent of
     * frames), the VM counts the same too.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hw", "hw-shadow", "trap", "hw guest-mega", "hw-shadow guest-mega", "trap guest-mega"})
    void superpagesCountAlike(String name) {
        boolean guestMega = name.endsWith("guest-mega");
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(96L << 20));
        Vm a = hv.create("a", 16L << 20, Technique.parse(name.split(" ")[0]), -1, 0, 16L << 20, VmOptions.DEFAULTS.superpages(SuperpagePolicy.RESERVE));
        Image image = Guests.sample("hv/superpages.s");
        a.load(image);
        poke(a, image, "regions", 2);
        poke(a, image, "rounds", 40);
        poke(a, image, "guest_mega", guestMega ? 1 : 0);
        a.run(300_000);
        for (int point = 0; point < 3; point++) {
            String where = name + " at point " + point;
            VmSnapshot s = a.snapshot();
            a.run(100_000);
            VmSnapshot first = a.snapshot();
            String stats = a.stats() + " " + a.tlbStats();
            a.restore(s);
            if (guestMega || a.technique() == Technique.HW) assertTrue(a.tlbStats().megapages() > 0, where + ": megapages " + a.tlbStats());
            a.run(100_000);
            assertEquals(first.guestHash(), a.snapshot().guestHash(), where + ": the guest");
            assertEquals(stats, a.stats() + " " + a.tlbStats(), where + ": cycles, exits, TLB misses, megapages, promotions");
            assertEquals(first.hash(), a.snapshot().hash(), where + ": the counters");
            Hypervisor fresh = new Hypervisor(HvConfig.DEFAULTS.memory(96L << 20).seed(point));
            fresh.create("first", 4L << 20, Technique.HW);   // frames and VMIDs others than the original's
            Vm c = fresh.load(s, "a");
            c.run(100_000);
            assertEquals(first.hash() + " " + a.stats() + " " + megapagesAndWalks(a), c.snapshot().hash() + " " + c.stats() + " " + megapagesAndWalks(c),
                    where + ": on a fresh host");
            a.run(130_000);
        }
    }

    /** TLB misses, walk references and megapages (a fresh VM's superpages have a history of their own). */
    private static String megapagesAndWalks(Vm vm) {
        VmTlbStats t = vm.tlbStats();
        return t.misses() + " misses, " + t.walkReferences() + " walk references, " + t.megapages() + " megapages";
    }

    /** Four vCPUs on a NUMA host, superpages, a disk, a whole machine: each goes back and ends as it did. */
    @Test void vcpusSuperpagesDisksAndWholeMachines() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(96L << 20).numa(NumaConfig.UNIFORM.nodes(2)));
        Vm many = hv.create("many", 4L << 20, Technique.HW, -1, 0, 4L << 20, VmOptions.DEFAULTS.vcpus(4).placement(Placement.DISCO));
        Image disco = Guests.sample("hv/disco.s");
        many.load(disco);
        poke(many, disco, "harts", 4);
        poke(many, disco, "rounds", 100);
        Vm sp = hv.create("sp", 16L << 20, Technique.HW_SHADOW, -1, 0, 16L << 20, VmOptions.DEFAULTS.superpages(SuperpagePolicy.RESERVE));
        Image superpages = Guests.sample("hv/superpages.s");
        sp.load(superpages);
        poke(sp, superpages, "regions", 2);
        poke(sp, superpages, "rounds", 10);
        DiskImage base = hv.createDisk("base", 64, 3);
        Vm disk = hv.create("disk", 4L << 20, Technique.TRAP, -1, 0, 4L << 20, VmOptions.DEFAULTS.disk(base));
        Image reader = Guests.sample("hv/disk.s");
        disk.load(reader);
        poke(disk, reader, "blocks", 48);
        poke(disk, reader, "write_block", 7);
        Vm full = hv.create("full", 8L << 20, Technique.HW, -1, 0, 8L << 20, VmOptions.DEFAULTS.machine(VmMachine.FULL));
        full.load(Guests.kernel());
        hv.run(400_000, false);
        for (Vm vm : hv.vms()) {
            VmSnapshot s = vm.snapshot();
            vm.run(20_000_000);
            String end = vm.console().text() + " " + vm.state() + " " + vm.exitCode();
            assertTrue(vm.state() == VmState.HALTED, vm.name() + ": " + vm.message());
            vm.restore(s);
            assertEquals(s.hash(), vm.snapshot().hash(), vm.name() + ": the hash after the restore");
            vm.run(20_000_000);
            assertEquals(end, vm.console().text() + " " + vm.state() + " " + vm.exitCode(), vm.name() + ": after a restore");
            Hypervisor other = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20).numa(NumaConfig.UNIFORM.nodes(2)));
            Vm copy = other.load(s, vm.name());
            copy.run(20_000_000);
            assertEquals(end, copy.console().text() + " " + copy.state() + " " + copy.exitCode(), vm.name() + ": on another host");
        }
        assertEquals("base", hv.vm("disk").diskStats().image());
    }

    /** The teaching kernel as technique {@code t} runs it (pv: its paravirtual build, which prints the same). */
    static Image kernel(Technique t) { return t == Technique.PV ? Guests.sample("kernel/kernel-pv.s") : Guests.kernel(); }

    private static void poke(Vm vm, Image image, String symbol, int v) {
        vm.guest().write(Integer.toUnsignedLong(image.symbol(symbol)), new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)});
    }

    @Test void misfitsAndTechniquesThatCannotAreOneLine() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(48L << 20));
        Vm a = hv.create("a", 8L << 20, Technique.HW);
        a.load(Guests.kernel());
        a.run(100_000);
        Vm small = hv.create("small", 4L << 20, Technique.HW);
        VmSnapshot s = a.snapshot();
        var e = assertThrows(IllegalArgumentException.class, () -> small.restore(s));
        assertEquals("the snapshot of VM 'a' (hw, 8 MiB) is of another build than VM 'small' (hw, 4 MiB)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> hv.load(s, "small"));
        assertEquals(2, hv.vms().size(), "nothing was made");
    }
}
