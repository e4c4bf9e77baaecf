package vmsh.hv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import vmsh.hostmem.PageState;
import vmsh.hostmem.Pmap;

/**
 * vm.clone: a booted kernel's clone shares every page with it copy-on-write, starts with
 * its console, registers and devices, and then runs on its own without touching the
 * original's memory.
 */
class HvCloneTest {
    private static Vm booted(Hypervisor hv, Technique t) {
        Vm a = hv.create("a", 8L << 20, t);
        a.load(Guests.kernel());
        a.run(400_000);
        return a;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hw", "trap", "trap-vtlb", "hw-shadow", "bt"})
    void aCloneSharesMemoryAndRunsOnItsOwn(String name) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20));
        Vm a = booted(hv, Technique.parse(name));
        Pmap pa = a.memory().pmap();
        int resident = pa.resident();
        long freeBefore = hv.memory().memory().freeFrames();
        Vm c = hv.clone(a, "c");
        Pmap pc = c.memory().pmap();
        assertEquals(resident, pc.count(PageState.SHARED) + pc.count(PageState.ZERO), name + ": every mapped page shared");
        assertEquals(0, pa.count(PageState.PRIVATE), name + ": the original's private pages became shared");
        int cache = a.virtualization() instanceof BinaryTranslation bt ? (bt.translatorStats().tcBytes() + 4095) / 4096 + 2 : 0;
        assertTrue(freeBefore - hv.memory().memory().freeFrames() < 8 + cache,
                name + ": a clone costs tables (and bt's translation cache, its own copy), not copies");
        assertEquals(a.console().text(), c.console().text());
        assertEquals(a.vcpu().pc, c.vcpu().pc);
        assertEquals(a.state(), c.state());

        String at = c.console().text();
        c.run(2_000_000);
        a.run(2_000_000);
        assertEquals(VmState.HALTED, c.state(), name + ": " + c.message());
        assertEquals(0, c.exitCode(), name + ": the clone's kernel ran to its end");
        assertTrue(c.console().text().length() > at.length() && c.console().text().startsWith(at), name + ": the clone's kernel went on");
        assertEquals(a.console().text(), c.console().text(), name + ": the same kernel run twice from one point prints the same");
        assertNotEquals(0, pc.count(PageState.PRIVATE), name + ": writes broke sharing");

        int gpn = pc.next(PageState.SHARED, 0);
        long gpa = vmsh.hostmem.GuestMemory.BASE + ((long) gpn << 12);
        byte[] before = a.guest().read(gpa, 4);
        c.guest().write(gpa, new byte[] {1, 2, 3, 4});
        assertArrayEquals(before, a.guest().read(gpa, 4), name + ": a write in the clone leaves the original alone");
        assertArrayEquals(new byte[] {1, 2, 3, 4}, c.guest().read(gpa, 4));
    }

    @Test void aHostWithClonesIsAValueToo() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20));
        Vm a = booted(hv, Technique.HW);
        hv.clone(a, "c");
        hv.run(3_000_000, false);
        HvSnapshot s = hv.snapshot();
        hv.run(3_000_000, false);
        String hash = hv.stateHash();
        hv.restore(s);
        hv.run(3_000_000, false);
        assertEquals(hash, hv.stateHash());
        Hypervisor copy = Hypervisor.open(s);
        copy.run(3_000_000, false);
        assertEquals(hash, copy.stateHash());
    }

    /** Clones of a bt VM taken at seeded random points, mid-unit included (each with a copy of the translation cache), run to the kernel's end as the original does. */
    @Test void btClonesGoOnFromAnyPoint() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int p = 0; p < 4; p++) {
            Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20));
            Vm a = hv.create("a", 8L << 20, Technique.BT);
            a.load(Guests.kernel());
            a.run(1 + random.nextLong(900_000));
            Vm c = hv.clone(a, "c");
            c.run(3_000_000);
            a.run(3_000_000);
            assertEquals(Guests.kernelExpected(), c.console().text(), "the clone's kernel ran to its end");
            assertEquals(a.console().text(), c.console().text());
        }
    }

    /** A whole machine's clone takes its virtual M-mode with it (hw and hw-shadow keep it beside the vCPU) and runs to the kernel's end. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"hw", "hw-shadow", "trap", "bt"})
    void wholeMachinesCloneWithTheirMachineMode(String technique) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20));
        Vm a = hv.create("a", 8L << 20, Technique.parse(technique), -1, 0, 8L << 20, VmOptions.DEFAULTS.machine(VmMachine.FULL));
        a.load(Guests.kernel());
        a.run(500_000);
        Vm c = hv.clone(a, "c");
        c.run(5_000_000);
        a.run(5_000_000);
        assertEquals(Guests.kernelExpected(), c.console().text(), technique + ": the clone's kernel ran to its end");
        assertEquals(a.console().text(), c.console().text());
    }

    /**
     * Clones of a pv VM at seeded random points: the source first runs on to a task, the
     * clone's page tables are translated to its own frames, and both run to the kernel's end
     * alike (a table naming the source's frames would write into the source).
     */
    @Test void pvClonesGoOnInTheirOwnFrames() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int p = 0; p < 4; p++) {
            Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20));
            Vm a = hv.create("a", 8L << 20, Technique.PV);
            a.load(Guests.sample("kernel/kernel-pv.s"));
            a.run(1 + random.nextLong(900_000));
            Vm c = hv.clone(a, "c");
            assertEquals(0, c.stats().exits(), "a clone's counters start at zero");
            c.run(3_000_000);
            a.run(3_000_000);
            assertEquals(Guests.kernelExpected(), c.console().text(), "the clone's kernel ran to its end");
            assertEquals(a.console().text(), c.console().text());
        }
    }
}
