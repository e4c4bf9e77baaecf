package vmsh.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vmsh.isa.Encoding.PRV_S;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vmsh.image.Image;
import vmsh.mmu.Access;

/**
 * Nested virtualization: samples/hyper/hyper.s (a hypervisor in assembly) as L1, the teaching
 * kernel as its L2, on the Java VMM (L0); and a small guest hypervisor for the H extension's
 * single rules as L0 emulates them.
 */
class NestedTest {
    static final long MEMORY = 64L << 20;

    private static Image hyper() { return Guests.sample("hyper/hyper.s"); }

    private static Vm nested(Hypervisor hv, String name, NestedPaging paging, Image image) {
        Vm vm = hv.create(name, MEMORY, Technique.HW, -1, 0, MEMORY, VmOptions.DEFAULTS.nested(paging));
        vm.load(image);
        return vm;
    }

    /** hyper.s's lines around the kernel's console, as on the bare machine with the H extension. */
    private static String hyperConsole() {
        return "hyper: H extension present, guest at 0x80400000, G-stage Sv32x4\n" + Guests.kernelExpected()
                + "hyper: guest powered off: 28 sbi, 21 guest-page fault, 0 virtual instruction exits\n";
    }

    @ParameterizedTest
    @EnumSource(NestedPaging.class)
    void theKernelRunsAsL2UnderHyperWithTheConsoleItHasBare(NestedPaging paging) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(256L << 20));
        Vm l1 = nested(hv, "l1", paging, hyper());
        hv.run(20_000_000_000L, true);
        assertEquals(VmState.HALTED, l1.state(), l1.message());
        assertEquals(0, l1.exitCode());
        assertEquals(hyperConsole(), l1.console().text());
    }

    /**
     * A nested VM's own snapshot and its clones, at seeded random points (L1 or L2 on the
     * hart): restored in place, made anew on another host and cloned, each goes on as the
     * original did (the console, the guest's state by its hash) and runs to hyper.s's end.
     */
    @ParameterizedTest
    @EnumSource(NestedPaging.class)
    void aNestedVmIsSavedRestoredAndClonedWithL1sHState(NestedPaging paging) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(paging.hashCode() + 5);
        for (int p = 0; p < 3; p++) {
            long at = 50_000 + random.nextLong(1_300_000);
            Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(256L << 20));
            Vm l1 = nested(hv, "l1", paging, hyper());
            l1.run(at);
            String where = paging + " from instruction " + at + (l1.nesting().l2Exits() > 0 ? "" : " (L1 only)");
            VmSnapshot s = l1.snapshot();
            Vm c = hv.clone(l1, "c");
            String first = VmSnapshotTest.guest(l1, 100_000);
            l1.restore(s);
            assertEquals(s.hash(), l1.snapshot().hash(), where + ": the hash after the restore");
            assertEquals(first, VmSnapshotTest.guest(l1, 100_000), where + ": after a restore");
            Vm copy = new Hypervisor(HvConfig.DEFAULTS.memory(256L << 20)).load(s, "copy");
            assertEquals(first, VmSnapshotTest.guest(copy, 100_000), where + ": on another host");
            for (Vm v : List.of(l1, c, copy)) {
                v.run(20_000_000);
                assertEquals(hyperConsole(), v.console().text(), where + ": " + v.name() + " ran to hyper.s's end");
            }
        }
    }

    /**
     * Restored on its host as a continuation, a nested VM meets the same shadow fills, exits
     * by level, TLB hits and misses and cycles: L0's G-stage, the shadow G-stage with what it
     * was composed from, the protected pages and the host TLB entries of both VMIDs come back
     * from the warm state. Loaded on a fresh host (other frames, other VMIDs), it does the
     * same: the warm state names no frame and no VMID. Points where L1 runs and where L2
     * runs, under both pagings.
     */
    @ParameterizedTest
    @EnumSource(NestedPaging.class)
    void aContinuationCountsAlike(NestedPaging paging) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(256L << 20));
        Vm l1 = nested(hv, "l1", paging, hyper());
        java.util.SplittableRandom random = new java.util.SplittableRandom(paging.hashCode() + 7);
        l1.run(40_000);
        java.util.Set<Boolean> levels = new java.util.TreeSet<>();
        for (int point = 0; point < 6; point++) {
            String where = paging + " at point " + point + " (instruction " + l1.guestInstructions() + ")";
            levels.add(((NestedHardwareAssisted) l1.virtualization()).guestOfGuestRunning());
            VmSnapshot s = l1.snapshot();
            l1.run(20_000);
            VmSnapshot first = l1.snapshot();
            String counted = counted(l1);
            l1.restore(s);
            assertEquals(s.hash(), l1.snapshot().hash(), where + ": the hash after the restore");
            l1.run(20_000);
            assertEquals(first.guestHash(), l1.snapshot().guestHash(), where + ": the guest");
            assertEquals(counted, counted(l1), where + ": cycles, exits by level, TLB misses, the shadow");
            assertEquals(first.hash(), l1.snapshot().hash(), where + ": the counters");
            Hypervisor fresh = new Hypervisor(HvConfig.DEFAULTS.memory(256L << 20).seed(point));
            fresh.create("first", 4L << 20, Technique.HW);   // VMIDs and frames others than the original's
            Vm copy = fresh.load(s, "l1");
            copy.run(20_000);
            assertEquals(first.hash() + " " + counted, copy.snapshot().hash() + " " + counted(copy), where + ": on a fresh host");
            l1.run(13_000 + random.nextLong(400_000));
        }
        assertEquals(java.util.Set.of(false, true), levels, "L1 and L2 were each on the hart at some point");
    }

    /** What a nested VM counted: cycles, exits, TLB misses and walks, exits by level, the shadow G-stage's pages. */
    private static String counted(Vm vm) {
        return vm.stats() + " " + vm.tlbStats() + " " + vm.nesting() + " " + vm.levels() + " "
                + ((NestedHardwareAssisted) vm.virtualization()).shadowGStage().mappedPages();
    }

    @Test void everyExitL1CountsIsOneL0Reflected() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(256L << 20));
        Image image = hyper();
        Vm l1 = nested(hv, "l1", NestedPaging.MULTI_DIMENSIONAL, image);
        hv.run(20_000_000_000L, true);
        int at = image.symbol("hyper_exits");
        long counted = 0;
        for (int kind = 0; kind < 5; kind++) counted += l1.guest().load(Integer.toUnsignedLong(at) + 4L * kind, 4);
        NestedExits.Summary n = l1.nesting();
        assertEquals(counted, n.reflected(), "hyper's own exit counters against L0's reflections");
        assertEquals(n.reflected(), l1.exits(ExitReason.REFLECT));
        long rows = l1.levels().stream().mapToLong(NestedExits.Row::exits).sum();
        assertEquals(l1.exits(), rows, "the levels table accounts for every exit");
        assertEquals(n.l2Exits() + n.l1Exits(), l1.exits());
        assertEquals(l1.exits(ExitReason.SHADOW_FILL), n.l2HandledByL0(), "hyper's L2 exits L0 handles alone: shadow fills");
        assertTrue(n.multiplication() > 1 && n.multiplication() < 5, "L1 exits per reflection: " + n.multiplication());
        assertEquals(n.reflected(), l1.exits(ExitReason.VM_ENTRY), "each reflection ends in an sret back into L2");
    }

    @Test void multiDimensionalPagingProtectsL1sTableAndEmulatedPagingDoesNot() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(256L << 20));
        Vm md = nested(hv, "md", NestedPaging.MULTI_DIMENSIONAL, hyper());
        Vm em = nested(hv, "em", NestedPaging.EMULATED, hyper());
        hv.run(40_000_000_000L, true);
        assertEquals(md.console().text(), em.console().text());
        // hyper maps 21 guest pages on first touch: each a store into its protected G-stage table
        assertEquals(21, md.exits(ExitReason.PT_WRITE));
        assertEquals(0, em.exits(ExitReason.PT_WRITE));
        assertTrue(em.exits(ExitReason.SHADOW_FILL) >= 21, "emulated: every page L1 maps is an L2 miss for L0 to fill");
        assertEquals(NestedPaging.EMULATED, em.nestedPaging());
    }

    @Test void withoutNestingAGuestHasNoHExtension() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(256L << 20));
        Vm vm = hv.create("plain", MEMORY, Technique.HW);
        vm.load(hyper());
        hv.run(1_000_000_000L, true);
        assertEquals("hyper: this hart has no H extension (misa.H): no guest can run\n", vm.console().text());
        assertEquals(1, vm.exitCode());
        assertFalse(vm.nested());
        assertThrows(IllegalArgumentException.class, () -> hv.create("t", MEMORY, Technique.TRAP, -1, 0, MEMORY, VmOptions.DEFAULTS.nested(NestedPaging.EMULATED)));
    }

    @Test void aLevelTwoTranslationShowsThreeDimensionsAndTheShadowsTwo() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(256L << 20));
        Vm l1 = nested(hv, "l1", NestedPaging.MULTI_DIMENSIONAL, hyper());
        hv.run(20_000_000_000L, true);
        // the kernel maps itself with a megapage: 1 reference in L2's table; each of the two
        // L2 addresses (the PTE's, the data's) takes 2 in L1's G-stage and 3 walks of 2 in L0's
        NestedTranslation t = l1.translateNested(0x80001000, Access.LOAD, PRV_S);
        assertTrue(t.ok(), t.toString());
        assertEquals(0x80001000L, t.l2Gpa());
        assertEquals(0x80401000L, t.l1Gpa(), "hyper keeps guest RAM at 0x8040_0000");
        assertEquals(1 + 2 * (2 + 3 * 2), t.references());
        assertTrue(t.shadow().ok());
        assertEquals(t.hostAddress(), t.shadow().pa(), "the shadow G-stage gives the same host page");
        assertEquals(1 + 2 * 2, t.shadow().references(), "a megapage over two levels of shadow");
        assertThrows(IllegalStateException.class, () -> hv.create("plain", MEMORY, Technique.HW).translateNested(0, Access.LOAD, PRV_S));
    }

    /**
     * A guest hypervisor of a few lines: it reads back its hedeleg (the spec's writable
     * bits), builds a one-megapage G-stage, uses HLV and HSV on its guest's memory, takes
     * the guest-page fault of an HLV outside it, then runs a guest of two instructions whose
     * ecall comes back to it as cause 10.
     */
    @Test void l0EmulatesL1sHypervisorInstructionsAndReflectsL2sExits() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(256L << 20));
        Vm l1 = nested(hv, "mini", NestedPaging.MULTI_DIMENSIONAL, HvGuests.guest("""
                    la t0, l1_trap
                    csrw stvec, t0
                    li t0, -1
                    csrw hedeleg, t0
                    csrr s2, hedeleg             # the writable bits only
                    la t0, g_root                # G-stage: guest-physical 0x8000_0000 -> itself, one megapage
                    li t1, 0x200000df            # PPN 0x80000 | V R W X U A D
                    li t2, 0x200 * 4
                    add t0, t0, t2
                    sw t1, 0(t0)
                    la t0, g_root
                    srli t0, t0, 12
                    li t1, 0x80000000 | (1 << 22)
                    or t0, t0, t1
                    csrw hgatp, t0
                    hfence.gvma zero, zero
                    li t0, 1 << 8                # hstatus.SPVP: HLV as VS-mode
                    csrs hstatus, t0
                    la t1, word
                    hlv.w s3, (t1)               # 0x1234 through both G-stages
                    li t2, 0x5678
                    addi t1, t1, 4
                    hsv.w t2, (t1)
                    lw s4, 0(t1)                 # what HSV wrote
                    li t1, 0x90000000            # not in its G-stage: a guest-page fault for it
                    hlv.w t0, (t1)
                    li t0, 1 << 7                # hstatus.SPV: sret enters the guest
                    csrs hstatus, t0
                    li t0, 1 << 8
                    csrs sstatus, t0             # ... in VS-mode
                    la t0, guest
                    csrw sepc, t0
                    sret
                guest:
                    li a7, 0x42
                    ecall                        # back to L1 as cause 10
                l1_trap:
                    csrr t0, scause
                    li t1, 21
                    bne t0, t1, 1f
                    mv s5, t0                    # the HLV's fault: scause, htval, hstatus.GVA
                    csrr s6, htval
                    csrr s7, hstatus
                    csrr t0, sepc
                    addi t0, t0, 4
                    csrw sepc, t0
                    li t0, 1 << 8
                    csrs sstatus, t0             # (back to itself: sret with SPV = 0)
                    sret
                1:  mv s8, t0                    # the guest's ecall
                    csrr s9, hstatus
                    mv s10, a7
                    j shutdown
                    .data
                    .balign 4
                word: .word 0x1234, 0
                    .bss
                    .balign 16384
                g_root: .space 16384
                    .text
                """));
        hv.run(100_000_000L, true);
        assertEquals(VmState.HALTED, l1.state(), l1.message());
        int[] x = l1.vcpu().x;
        assertEquals(0xb1ff, x[18], "hedeleg keeps the bits the spec makes writable");
        assertEquals(0x1234, x[19], "hlv.w");
        assertEquals(0x5678, x[20], "hsv.w");
        assertEquals(21, x[21], "an HLV outside the guest's G-stage: load guest-page fault");
        assertEquals(0x90000000 >>> 2, x[22], "htval");
        assertTrue((x[23] & 1 << 6) != 0, "hstatus.GVA: stval is a guest virtual address");
        assertEquals(10, x[24], "the guest's ecall, reflected as an ecall from VS-mode");
        assertTrue((x[25] & 1 << 7) != 0 && (x[25] & 1 << 8) != 0, "hstatus.SPV and SPVP: it came from VS-mode");
        assertEquals(0x42, x[26], "the guest's registers reach L1 as they were");
        assertEquals(1, l1.exits(ExitReason.VM_ENTRY));
        assertEquals(1, l1.exits(ExitReason.REFLECT));
        assertEquals(2, l1.exits(ExitReason.HLV), "hlv.w and hsv.w; the faulting one is L1's guest fault");
        List<NestedExits.Row> rows = l1.levels();
        assertTrue(rows.stream().anyMatch(r -> r.level().equals("L2") && r.handledBy().equals("L1") && r.reason().equals("reflect")));
    }
}
