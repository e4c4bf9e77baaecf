package vmsh.mmu;

import static org.junit.jupiter.api.Assertions.*;
import static vmsh.mmu.Access.*;
import static vmsh.mmu.Pte.*;
import static vmsh.mmu.Regime.*;
import static vmsh.isa.Encoding.*;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Sv32x4 G-stage and two-stage composition. Guest RAM is GPA 0x8000_0000..0x8040_0000,
 * mapped by the G-stage in 4 KiB pages to HPA 0x8200_0000..; the guest's own (VS-stage)
 * tables live in guest-physical memory from GPA 0x8010_0000.
 */
class TwoStageWalkerTest {
    static final int RWX = PTE_R | PTE_W | PTE_X, AD = PTE_A | PTE_D;
    static final long GUEST_RAM = 0x8000_0000L, HOST_OF_GUEST = 0x8200_0000L;
    static final int GVA = 0x4000_1234;
    static final long DATA_GPA = 0x8030_0000L;

    TestMemory mem;
    PageTables g, vs;
    Walker w;

    static long host(long gpa) { return gpa - GUEST_RAM + HOST_OF_GUEST; }

    @BeforeEach void setUp() {
        mem = new TestMemory(0x8000_0000L, 64 << 20);
        g = PageTables.sv32x4(mem, 0x8100_0000L);
        for (long gpa = GUEST_RAM; gpa < GUEST_RAM + (4 << 20); gpa += 4096) g.map4k(gpa, host(gpa), RWX | PTE_U | AD);
        vs = new PageTables(mem, 0x8010_0000L, false, TwoStageWalkerTest::host);
        vs.map4k(GVA & ~0xfff, DATA_GPA, RWX | AD);
        w = new Walker(mem);
    }

    Regime guest(int priv, int vsstatus, int mstatus) {
        return Regime.guest(priv, vs.satp(3), vsstatus, g.hgatp(5), mstatus);
    }

    Regime guest() { return guest(PRV_S, 0, 0); }

    void assertGuestFault(int access, Regime r, long gpa, boolean implicit, String reasonPart) {
        assertFalse(w.walk(GVA, access, r));
        assertEquals(guestPageFault(access), w.cause);
        assertEquals(GVA, w.tval, "stval/mtval hold the guest virtual address");
        assertEquals(gpa, w.faultGpa);
        assertEquals(implicit, w.implicit);
        assertTrue(w.reason.contains(reasonPart), w.reason);
    }

    @Test void fullTwoLevelOverTwoLevelCostsEightReferences() {
        assertTrue(w.walk(GVA, LOAD, guest()));
        assertEquals(host(DATA_GPA) + 0x234, w.pa);
        assertEquals(DATA_GPA + 0x234, w.gpa);
        assertEquals(8, w.references, "(2+1)*(2+1)-1");
        assertEquals(8, mem.reads);
        assertFalse(w.mega);
        assertEquals(RWX | AD | PTE_V, w.perm & 0xff);
        assertEquals(RWX | AD | PTE_U | PTE_V, w.perm >>> 8);
    }

    @Test void bareVsStageTranslatesOnlyTheGuestPhysicalAddress() {
        Regime r = Regime.guest(PRV_S, 0, 0, g.hgatp(5), 0);
        assertTrue(r.translated());
        assertTrue(w.walk((int) (DATA_GPA + 0x10), STORE, r));
        assertEquals(host(DATA_GPA) + 0x10, w.pa);
        assertEquals(2, w.references);
        assertEquals(0, w.perm & 0xff, "a Bare stage has no leaf flags");
    }

    @Test void bareGStageMeansGuestPhysicalIsHostPhysical() {
        PageTables direct = PageTables.sv32(mem, 0x8300_0000L);
        direct.map4k(GVA & ~0xfff, DATA_GPA, RWX | AD);
        Regime r = Regime.guest(PRV_S, direct.satp(1), 0, 0, 0);
        assertTrue(w.walk(GVA, LOAD, r));
        assertEquals(DATA_GPA + 0x234, w.pa);
        assertEquals(2, w.references);
        assertEquals(0, w.perm >>> 8);
    }

    @Test void bothBareIsNoTranslation() {
        Regime r = Regime.guest(PRV_S, 0, 0, 0, 0);
        assertFalse(r.translated());
    }

    @Test void vsMegapageOverFourKilobyteGStage() {
        vs.map4m(0x4000_0000L, GUEST_RAM, RWX | AD);
        assertTrue(w.walk(0x4020_0010, LOAD, guest()));
        assertEquals(host(GUEST_RAM + 0x20_0010), w.pa);
        assertEquals(5, w.references, "(1+1)*(2+1)-1");
        assertFalse(w.mega, "the combined page is the smaller of the two");
    }

    @Test void megapagesInBothStagesMakeACombinedMegapage() {
        PageTables gm = PageTables.sv32x4(mem, 0x8180_0000L);
        gm.map4m(GUEST_RAM, HOST_OF_GUEST, RWX | PTE_U | AD);
        PageTables vm = new PageTables(mem, 0x8010_0000L, false, TwoStageWalkerTest::host);
        vm.map4m(0x4000_0000L, GUEST_RAM, RWX | AD);
        Regime r = Regime.guest(PRV_S, vm.satp(0), 0, gm.hgatp(1), 0);
        assertTrue(w.walk(0x4012_3456, FETCH, r));
        assertEquals(HOST_OF_GUEST + 0x12_3456, w.pa);
        assertEquals(3, w.references, "(1+1)*(1+1)-1");
        assertTrue(w.mega);
    }

    @Test void guestPhysicalAddressesHave34BitsAndAWideRoot() {
        long highGpa = 0x2_4000_0000L;   // root index 0x900: beyond the first 4 KiB of the 16 KiB root
        long l1 = g.map4k(highGpa, 0x8380_0000L, RWX | PTE_U | AD);
        assertEquals(0x8100_0000L + 4 * 0x900, g.rootEntry(highGpa));
        assertTrue(l1 > 0);
        vs.map4k(0x5000_0000L, highGpa, RWX | AD);
        assertTrue(w.walk(0x5000_0042, LOAD, guest()));
        assertEquals(highGpa + 0x42, w.gpa);
        assertEquals(0x8380_0042L, w.pa);
        vs.map4k(0x5000_1000L, 0x3_ffff_f000L, RWX | AD);   // unmapped high GPA: guest-page fault
        assertFalse(w.walk(0x5000_1008, STORE, guest()));
        assertEquals(CAUSE_STORE_GUEST_PAGE_FAULT, w.cause);
        assertEquals(0x3_ffff_f008L, w.faultGpa);
        assertEquals(0xffff_fc02L, w.faultGpa >>> 2, "htval");
    }

    @Test void everyGStageLeafNeedsU() {
        g.map4k(DATA_GPA, host(DATA_GPA), RWX | AD);
        assertGuestFault(LOAD, guest(), DATA_GPA + 0x234, false, "U=0");
        assertGuestFault(FETCH, guest(), DATA_GPA + 0x234, false, "U=0");
        assertGuestFault(STORE, guest(), DATA_GPA + 0x234, false, "U=0");
        assertEquals(8, w.references);
    }

    @Test void guestFaultCausesByAccess() {
        g.map4k(DATA_GPA, host(DATA_GPA), PTE_R | PTE_U | AD);
        assertTrue(w.walk(GVA, LOAD, guest()));
        assertGuestFault(STORE, guest(), DATA_GPA + 0x234, false, "store needs W");
        assertGuestFault(FETCH, guest(), DATA_GPA + 0x234, false, "fetch needs X");
        assertEquals(20, CAUSE_FETCH_GUEST_PAGE_FAULT);
        assertEquals(21, CAUSE_LOAD_GUEST_PAGE_FAULT);
        assertEquals(23, CAUSE_STORE_GUEST_PAGE_FAULT);
    }

    @Test void gStageInvalidAndReservedEntries() {
        long leaf = g.leafEntry(DATA_GPA);
        g.set(leaf, 0);
        assertGuestFault(LOAD, guest(), DATA_GPA + 0x234, false, "V=0");
        g.set(leaf, Pte.make(host(DATA_GPA), PTE_V | PTE_W | PTE_U | AD));
        assertGuestFault(LOAD, guest(), DATA_GPA + 0x234, false, "W=1 with R=0");
        g.set(leaf, Pte.make(host(DATA_GPA), PTE_V));
        assertGuestFault(LOAD, guest(), DATA_GPA + 0x234, false, "non-leaf PTE at level 0");
        g.set(leaf, Pte.make(host(DATA_GPA), PTE_V | RWX | PTE_U | AD));
        long root = g.rootEntry(DATA_GPA);
        g.set(root, g.get(root) | PTE_U);
        assertGuestFault(LOAD, guest(), 0x8010_0000L + 4 * (GVA >>> 22), true, "non-leaf PTE with D, A or U");
    }

    @Test void gStageMisalignedMegapage() {
        PageTables gm = PageTables.sv32x4(mem, 0x8180_0000L);
        gm.map4m(GUEST_RAM, HOST_OF_GUEST + 0x1000, RWX | PTE_U | AD);
        Regime r = Regime.guest(PRV_S, 0, 0, gm.hgatp(1), 0);
        assertFalse(w.walk(0x8000_0000, LOAD, r));
        assertEquals(CAUSE_LOAD_GUEST_PAGE_FAULT, w.cause);
        assertTrue(w.reason.contains("misaligned"));
    }

    @Test void vsStageFaultsArePageFaults() {
        vs.set(vs.leafEntry(GVA), 0);
        assertFalse(w.walk(GVA, LOAD, guest()));
        assertEquals(CAUSE_LOAD_PAGE_FAULT, w.cause);
        assertEquals(-1, w.faultGpa);
        assertEquals(6, w.references, "two G walks of the VS PTE addresses, two VS PTEs");
    }

    @Test void vsPteAddressNotMappedByGStageIsAnImplicitGuestPageFault() {
        long vsLeafGpa = vs.leafEntry(GVA);
        g.set(g.leafEntry(vsLeafGpa), 0);
        assertGuestFault(STORE, guest(), vsLeafGpa, true, "V=0");
        assertEquals(5, w.references);
    }

    @Test void vsAccessedUpdateIsAnImplicitStoreAtTheGStage() {
        long vsLeafGpa = vs.leafEntry(GVA);
        vs.set(vsLeafGpa, Pte.make(DATA_GPA, PTE_V | RWX));   // A = D = 0
        long gLeafOfTable = g.leafEntry(vsLeafGpa);
        g.set(gLeafOfTable, Pte.make(host(vsLeafGpa & ~0xfff), PTE_V | PTE_R | PTE_U | PTE_A));   // read-only
        assertGuestFault(LOAD, guest(), vsLeafGpa, true, "implicit store");
        assertEquals(0, vs.get(vsLeafGpa) & AD, "nothing written");

        g.set(gLeafOfTable, Pte.make(host(vsLeafGpa & ~0xfff), PTE_V | PTE_R | PTE_W | PTE_U | PTE_A));   // D = 0
        assertTrue(w.walk(GVA, LOAD, guest()));
        assertEquals(PTE_A, vs.get(vsLeafGpa) & AD);
        assertEquals(PTE_D, g.get(gLeafOfTable) & PTE_D, "the implicit store set the G leaf's D");
        assertEquals(2, w.adWrites);
        assertEquals(8, w.references, "the implicit store reuses the G translation: no new reads");
    }

    @Test void svadeAtBothStages() {
        Regime r = Regime.of(PRV_S, true, 0, 0, vs.satp(3), 0, g.hgatp(5), false);
        long vsLeaf = vs.leafEntry(GVA);
        vs.set(vsLeaf, vs.get(vsLeaf) & ~PTE_D);
        assertFalse(w.walk(GVA, STORE, r));
        assertEquals(CAUSE_STORE_PAGE_FAULT, w.cause, "VS-stage D=0: a page fault");
        vs.set(vsLeaf, vs.get(vsLeaf) | PTE_D);
        long gLeaf = g.leafEntry(DATA_GPA);
        g.set(gLeaf, g.get(gLeaf) & ~PTE_A);
        assertFalse(w.walk(GVA, LOAD, r));
        assertEquals(CAUSE_LOAD_GUEST_PAGE_FAULT, w.cause, "G-stage A=0: a guest-page fault");
        assertEquals(0, mem.writes);
    }

    @Test void gStageAccessedAndDirtyAreSetByHardware() {
        long gLeaf = g.leafEntry(DATA_GPA);
        g.set(gLeaf, g.get(gLeaf) & ~AD);
        assertTrue(w.walk(GVA, LOAD, guest()));
        assertEquals(PTE_A, g.get(gLeaf) & AD);
        assertTrue(w.walk(GVA, STORE, guest()));
        assertEquals(AD, g.get(gLeaf) & AD);
    }

    @Test void mxrOfVsstatusOnlyReachesTheVsStage() {
        g.map4k(DATA_GPA, host(DATA_GPA), PTE_X | PTE_U | AD);
        assertGuestFault(LOAD, guest(PRV_S, MSTATUS_MXR, 0), DATA_GPA + 0x234, false, "load needs R");
        assertTrue(w.walk(GVA, LOAD, guest(PRV_S, 0, MSTATUS_MXR)), "mstatus.MXR reaches both stages");
        vs.map4k(GVA & ~0xfff, DATA_GPA, PTE_X | AD);
        g.map4k(DATA_GPA, host(DATA_GPA), RWX | PTE_U | AD);
        assertTrue(w.walk(GVA, LOAD, guest(PRV_S, MSTATUS_MXR, 0)));
    }

    @Test void vuModeAndSumUseTheGuestBits() {
        assertFalse(w.walk(GVA, LOAD, guest(PRV_U, 0, 0)));
        assertEquals(CAUSE_LOAD_PAGE_FAULT, w.cause);
        vs.map4k(GVA & ~0xfff, DATA_GPA, RWX | PTE_U | AD);
        assertTrue(w.walk(GVA, LOAD, guest(PRV_U, 0, 0)));
        assertFalse(w.walk(GVA, LOAD, guest(PRV_S, 0, MSTATUS_SUM)), "mstatus.SUM does not apply with V=1");
        assertTrue(w.walk(GVA, LOAD, guest(PRV_S, MSTATUS_SUM, 0)));
    }

    @Test void gStageTableOutsideRamIsAnAccessFault() {
        Regime r = Regime.guest(PRV_S, vs.satp(0), 0, Hgatp.make(true, 1, 0x4000_0000L), 0);
        assertFalse(w.walk(GVA, FETCH, r));
        assertEquals(CAUSE_FETCH_ACCESS, w.cause);
        assertTrue(w.implicit);
        assertEquals(-1, w.faultGpa);
    }
}
