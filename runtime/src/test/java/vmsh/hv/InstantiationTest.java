package vmsh.hv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vmsh.hostmem.PageState;
import vmsh.image.Image;

/**
 * hv.spawn: VMs made from a booted template by clone, boot or copy behave exactly as the
 * template goes on; a control plane's cost grows with the VMs (a central store) or stays
 * flat (noxs); bad requests name what is wrong.
 */
class InstantiationTest {
    private static final Image ECHO = Guests.sample("tiny/echo.s"), COMPUTE = Guests.sample("tiny/compute.s");

    private static Hypervisor host() { return new Hypervisor(HvConfig.DEFAULTS.memory(128L << 20)); }

    /** An echo server booted and idle, waiting for input. */
    private static Vm echo(Hypervisor hv, Technique t) {
        Vm base = hv.create("base", 64L << 10, t);
        base.load(ECHO, Map.of("idle_ticks", 0));
        base.run(100_000);
        assertEquals(VmState.IDLE, base.state(), base.message());
        assertEquals("echo: ready\n", base.console().text());
        return base;
    }

    /** The guest-visible state of a VM: pc, registers, console, and every mapped page's words. */
    private static void assertSameGuest(Vm expected, Vm actual, String what) {
        assertEquals(expected.console().text(), actual.console().text(), what + ": console");
        assertEquals(expected.state(), actual.state(), what + ": " + actual.message());
        assertEquals(expected.vcpu().pc, actual.vcpu().pc, what + ": pc");
        assertArrayEquals(expected.vcpu().x, actual.vcpu().x, what + ": registers");
        assertEquals(expected.guestInstructions(), actual.guestInstructions(), what + ": guest instructions");
        for (int gpn = 0; gpn < expected.memory().pmap().pages(); gpn++) {
            long gpa = vmsh.hostmem.GuestMemory.BASE + ((long) gpn << 12);
            for (int off = 0; off < 4096; off += 4)
                if (expected.peek(gpa + off, 4) != actual.peek(gpa + off, 4))
                    throw new AssertionError(String.format("%s: word 0x%08x differs", what, gpa + off));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hw", "trap", "trap-vtlb", "hw-shadow"})
    void everyMethodMakesAVmThatGoesOnAsTheTemplateDoes(String technique) {
        Hypervisor hv = host();
        Vm base = echo(hv, Technique.parse(technique));
        List<Vm> made = new java.util.ArrayList<>();
        for (SpawnMethod m : SpawnMethod.values()) made.addAll(hv.spawn(base, 2, m, ControlPlane.NOXS, null, Long.MAX_VALUE));
        assertEquals(6, made.size());
        for (Vm v : made) assertSameGuest(base, v, technique + " " + v.name() + " when made");
        base.console().feed("ping\n");
        for (Vm v : made) v.console().feed("ping\n");
        hv.run(100_000_000, true);
        assertEquals("echo: ready\nping\n", base.console().text());
        for (Vm v : made) assertSameGuest(base, v, technique + " " + v.name() + " after serving");
    }

    /** The README's density example on a default host: 4 MiB clones, far more than fit in its RAM, admitted against the default swap. */
    @Test
    void manyFourMegabyteClonesFitOnADefaultHost() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS);
        Vm base = hv.create("base", 4L << 20, Technique.HW);
        base.load(ECHO);
        base.run(100_000);
        assertEquals(VmState.IDLE, base.state(), "the echo server waits for input by default: " + base.message());
        List<Vm> vms = hv.spawn(base, 1500, SpawnMethod.CLONE, ControlPlane.NOXS, null, Long.MAX_VALUE);
        assertEquals(1501, hv.vms().size());
        long targets = 0;
        for (vmsh.memsched.VmMemory m : hv.memory().vms()) targets += m.target();
        assertEquals(hv.memory().availablePages(), targets, "the targets share out the host's memory");
        for (int i = 0; i < vms.size(); i += 100) vms.get(i).console().feed("x");
        hv.run(100_000_000, true);
        for (int i = 0; i < vms.size(); i++)
            assertEquals(i % 100 == 0 ? "echo: ready\nx" : "echo: ready\n", vms.get(i).console().text(), vms.get(i).name());
    }

    @Test
    void aCloneOfAComputationMidwayFinishesItAsTheTemplateDoes() {
        Hypervisor hv = host();
        Vm base = hv.create("job", 64L << 10, Technique.HW);
        base.load(COMPUTE, Map.of("limit", 3000));
        base.run(20_000);
        assertEquals(VmState.READY, base.state());
        Vm c = hv.spawn(base, 1, SpawnMethod.CLONE, ControlPlane.NOXS, List.of("c"), Long.MAX_VALUE).get(0);
        Vm b = hv.spawn(base, 1, SpawnMethod.BOOT, ControlPlane.NOXS, List.of("b"), Long.MAX_VALUE).get(0);
        assertSameGuest(base, b, "a boot runs to the template's instruction");
        hv.run(100_000_000, true);
        assertEquals("compute: 430 primes below 3000\n", base.console().text());
        assertSameGuest(base, c, "clone");
        assertSameGuest(base, b, "boot");
        assertEquals(VmState.HALTED, c.state());
    }

    @Test
    void aCloneSharesEveryPageAndACopyOwnsItsOwn() {
        Hypervisor hv = host();
        Vm base = echo(hv, Technique.HW);
        int mapped = base.memory().pmap().resident();
        Vm clone = hv.spawn(base, 1, SpawnMethod.CLONE, ControlPlane.NOXS, null, Long.MAX_VALUE).get(0);
        Vm copy = hv.spawn(base, 1, SpawnMethod.COPY, ControlPlane.NOXS, null, Long.MAX_VALUE).get(0);
        assertEquals(mapped, clone.memory().pmap().count(PageState.SHARED), "a clone maps the template's frames");
        assertEquals(0, clone.memory().pmap().count(PageState.PRIVATE));
        assertEquals(mapped, copy.memory().pmap().count(PageState.PRIVATE), "a copy has frames of its own");
        assertEquals(0, copy.memory().pmap().count(PageState.SHARED));
        assertEquals(List.of("base-1", "base-2"), List.of(clone.name(), copy.name()));
    }

    @Test
    void aCentralStoreCostsMoreWithEveryVmAndNoxsStaysFlat() {
        Hypervisor hv = host();
        Vm base = echo(hv, Technique.HW);
        long[] store = new long[3], noxs = new long[3];
        for (int i = 0; i < 3; i++) {
            hv.spawn(base, 10, SpawnMethod.CLONE, ControlPlane.STORE, null, Long.MAX_VALUE);
            store[i] = last(hv, ControlPlane.STORE);
            hv.spawn(base, 10, SpawnMethod.CLONE, ControlPlane.NOXS, null, Long.MAX_VALUE);
            noxs[i] = last(hv, ControlPlane.NOXS);
        }
        long perVm = ControlPlane.STORE_WRITES * ControlPlane.STORE_WATCH_CYCLES + ControlPlane.STORE_LIST_CYCLES;
        assertEquals(20 * perVm, store[1] - store[0], "each VM on the host adds its watch and its listing entry");
        assertEquals(20 * perVm, store[2] - store[1]);
        assertEquals(noxs[0], noxs[1], "noxs: the same cost however many VMs run");
        assertEquals(noxs[1], noxs[2]);
        assertTrue(store[0] > noxs[0]);
        InstantiationStats row = hv.instantiation().get(0);
        assertEquals(30, row.vms());
        assertEquals(ControlPlane.STORE, row.controlPlane());
        assertTrue(row.bytesPerVm() > 0);
    }

    private static long last(Hypervisor hv, ControlPlane p) {
        return hv.instantiation().stream().filter(r -> r.controlPlane() == p).findFirst().orElseThrow().lastCycles();
    }

    @Test
    void anIdleCloneHoldsNoFrameUntilItRuns() {
        Hypervisor hv = host();
        Vm base = echo(hv, Technique.HW);
        int frames = hv.host().frames().usedFrames();
        List<Vm> made = hv.spawn(base, 20, SpawnMethod.CLONE, ControlPlane.NOXS, null, Long.MAX_VALUE);
        assertEquals(frames, hv.host().frames().usedFrames(), "no copies, and the VMM's tables wait for the first run");
        made.get(0).console().feed("x");
        hv.run(10_000_000, true);
        assertEquals("echo: ready\nx", made.get(0).console().text());
        assertTrue(made.get(0).exits(ExitReason.G_STAGE_FAULT) > 0, "its G-stage was built as it ran");
        assertEquals("echo: ready\n", made.get(1).console().text(), "the others still sleep");
    }

    /**
     * A VM waiting for input with no timer armed gives its VMM tables back (a G-stage, or
     * shadows and their bookkeeping): a served clone holds what it held before it ran; the
     * next input rebuilds them on faults, exits the VM pays, and it serves as before.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hw", "trap", "trap-vtlb"})
    void anIdleVmGivesItsTablesBackAndRebuildsThemOnFaults(String technique) {
        Hypervisor hv = host();
        Vm base = echo(hv, Technique.parse(technique));
        int frames = hv.host().frames().usedFrames();
        Vm clone = hv.spawn(base, 1, SpawnMethod.CLONE, ControlPlane.NOXS, null, Long.MAX_VALUE).get(0);
        ExitReason fill = technique.equals("hw") ? ExitReason.G_STAGE_FAULT : ExitReason.HIDDEN_FAULT;
        long[] fills = new long[3];
        for (int round = 0; round < 3; round++) {
            clone.console().feed(String.valueOf(round));
            base.console().feed(String.valueOf(round));
            hv.run(10_000_000, true);
            assertEquals(VmState.IDLE, clone.state(), clone.message());
            assertEquals(frames, hv.host().frames().usedFrames(), technique + " round " + round + ": every table went back");
            fills[round] = clone.exits(fill);
        }
        assertTrue(fills[0] > 0 && fills[1] - fills[0] == fills[0] && fills[2] - fills[1] == fills[0],
                "each input refills the same tables: " + java.util.Arrays.toString(fills));
        assertEquals("echo: ready\n012", clone.console().text());
        assertSameGuest(base, clone, technique + " clone after three inputs");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hw", "trap"})
    void moreVmsThanVmidsOrAsidsServeEachItsOwn(String technique) {
        Hypervisor hv = host();
        Vm base = echo(hv, Technique.parse(technique));
        int n = technique.equals("hw") ? 140 : 520;   // 126 VMIDs of their own, 510 host ASIDs
        List<Vm> made = hv.spawn(base, n, SpawnMethod.CLONE, ControlPlane.NOXS, null, Long.MAX_VALUE);
        for (int i = 0; i < n; i++) made.get(i).console().feed("<" + i + ">");
        hv.run(1_000_000_000, true);
        for (int i = 0; i < n; i++) assertEquals("echo: ready\n<" + i + ">", made.get(i).console().text(), made.get(i).name());
        for (int i = 0; i < n; i++) made.get(i).console().feed("!");
        hv.run(1_000_000_000, true);
        for (int i = 0; i < n; i++) assertEquals("echo: ready\n<" + i + ">!", made.get(i).console().text(), "again " + made.get(i).name());
    }

    /** A guest that stores the byte it receives, waits, and echoes what memory holds: a VM that reads another's frame shows. */
    private static final Image KEEPER = vmsh.asm.Assembler.assemble("""
                li   s0, 0x10000000
            1:  lbu  t0, 5(s0)
                andi t0, t0, 1
                beqz t0, 1b
                lbu  t1, 0(s0)
                la   t2, slot
                sw   t1, 0(t2)
                li   t3, 30000
            2:  lw   t4, 0(t2)
                addi t3, t3, -1
                bnez t3, 2b
                sb   t4, 0(s0)
                j    1b
                .balign 4096
            slot: .word 0
            """, "keeper.s");

    @Test
    void vmsSharingTheLastVmidNeverSeeEachOthersTranslations() {
        Hypervisor hv = host();
        Vm base = hv.create("base", 64L << 10, Technique.HW);
        base.load(KEEPER);
        base.run(1_000);
        List<Vm> made = hv.spawn(base, 140, SpawnMethod.COPY, ControlPlane.NOXS, null, Long.MAX_VALUE);
        for (int i = 0; i < made.size(); i++) made.get(i).console().feed(String.valueOf((char) ('!' + i % 90)));
        hv.run(200_000_000, false);
        for (int i = 0; i < made.size(); i++)
            assertEquals(String.valueOf((char) ('!' + i % 90)), made.get(i).console().text(), made.get(i).name() + " read its own word");
    }

    @Test
    void creatingTakesHostTime() {
        Hypervisor hv = host();
        Vm base = echo(hv, Technique.HW);
        long t0 = hv.now();
        hv.spawn(base, 5, SpawnMethod.CLONE, ControlPlane.NOXS, null, Long.MAX_VALUE);
        InstantiationStats row = hv.instantiation().get(0);
        assertEquals(row.cycles(), hv.now() - t0, "the host's clock moved by what the creations cost");
    }

    @Test
    void badRequestsNameWhatIsWrong() {
        Hypervisor hv = host();
        Vm base = echo(hv, Technique.HW);
        assertEquals("spawn count 0 must be in 1.." + Instantiation.MAX_VMS,
                assertThrows(IllegalArgumentException.class, () -> hv.spawn(base, 0, SpawnMethod.CLONE, ControlPlane.NOXS, null, Long.MAX_VALUE)).getMessage());
        assertEquals("2 names for 3 VMs: give one name per VM",
                assertThrows(IllegalArgumentException.class, () -> hv.spawn(base, 3, SpawnMethod.CLONE, ControlPlane.NOXS, List.of("a", "b"), Long.MAX_VALUE)).getMessage());
        assertEquals("a VM named 'base' exists",
                assertThrows(IllegalArgumentException.class, () -> hv.spawn(base, 1, SpawnMethod.CLONE, ControlPlane.NOXS, List.of("base"), Long.MAX_VALUE)).getMessage());
        assertEquals("the name 'a' is given twice",
                assertThrows(IllegalArgumentException.class, () -> hv.spawn(base, 2, SpawnMethod.BOOT, ControlPlane.NOXS, List.of("a", "a"), Long.MAX_VALUE)).getMessage());
        Vm empty = hv.create("empty", 64L << 10, Technique.HW);
        assertEquals("VM 'empty' has no image loaded: spawn needs a booted template",
                assertThrows(IllegalArgumentException.class, () -> hv.spawn(empty, 1, SpawnMethod.CLONE, ControlPlane.NOXS, null, Long.MAX_VALUE)).getMessage());
        assertEquals("method 'fork' is not one of 'clone', 'boot', 'copy'",
                assertThrows(IllegalArgumentException.class, () -> SpawnMethod.parse("fork")).getMessage());
        assertEquals("control plane 'xs' is not one of 'store', 'noxs'",
                assertThrows(IllegalArgumentException.class, () -> ControlPlane.parse("xs")).getMessage());
        assertEquals(2, hv.vms().size(), "nothing was made");
    }

    @Test
    void bootsStopAtTheirInstructionLimit() {
        Hypervisor hv = host();
        Vm base = echo(hv, Technique.HW);
        List<Vm> made = hv.spawn(base, 5, SpawnMethod.BOOT, ControlPlane.NOXS, null, 1);
        assertEquals(1, made.size(), "the first boot used the budget up");
        assertTrue(made.get(0).guestInstructions() < base.guestInstructions());
    }
}
