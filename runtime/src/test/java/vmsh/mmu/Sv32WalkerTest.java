package vmsh.mmu;

import static org.junit.jupiter.api.Assertions.*;
import static vmsh.mmu.Access.*;
import static vmsh.mmu.Pte.*;
import static vmsh.mmu.Regime.*;
import static vmsh.isa.Encoding.*;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Sv32WalkerTest {
    static final int RWX = PTE_R | PTE_W | PTE_X, AD = PTE_A | PTE_D;
    static final int VA = 0x4000_1234;

    TestMemory mem;
    PageTables pt;
    Walker w;

    @BeforeEach void setUp() {
        mem = new TestMemory(0x8000_0000L, 16 << 20);
        pt = PageTables.sv32(mem, 0x8010_0000L);
        w = new Walker(mem);
    }

    Regime s(int mstatus) { return Regime.supervisor(PRV_S, pt.satp(0), mstatus); }

    Regime u() { return Regime.supervisor(PRV_U, pt.satp(0), 0); }

    Regime svade(int priv, int mstatus) { return Regime.of(priv, false, pt.satp(0), mstatus, 0, 0, 0, false); }

    void assertPageFault(int access, Regime r, String reasonPart) {
        assertFalse(w.walk(VA, access, r), "walk should fault");
        assertEquals(pageFault(access), w.cause);
        assertEquals(VA, w.tval);
        assertEquals(-1, w.faultGpa);
        assertTrue(w.reason.contains(reasonPart), w.reason);
    }

    @Test void fourKilobytePage() {
        pt.map4k(0x4000_1000L, 0x8040_0000L, RWX | AD);
        assertTrue(w.walk(VA, LOAD, s(0)));
        assertEquals(0x8040_0234L, w.pa);
        assertFalse(w.mega);
        assertFalse(w.global);
        assertEquals(2, w.references);
        assertEquals(2, mem.reads);
        assertEquals(RWX | AD | PTE_V, w.perm);
    }

    @Test void megapageCoversFourMegabytes() {
        pt.map4m(0x4000_0000L, 0x8040_0000L, RWX | AD);
        assertTrue(w.walk(0x403f_fffc, STORE, s(0)));
        assertEquals(0x807f_fffcL, w.pa);
        assertTrue(w.mega);
        assertEquals(1, w.references);
    }

    @Test void physicalAddressesHave34Bits() {
        pt.map4k(0x4000_1000L, 0x3_1234_5000L, RWX | AD);
        assertTrue(w.walk(VA, LOAD, s(0)));
        assertEquals(0x3_1234_5234L, w.pa);
        pt.map4m(0x8000_0000L, 0x3_ffc0_0000L, RWX | AD);
        assertTrue(w.walk(0x8012_3456, LOAD, s(0)));
        assertEquals(0x3_ffd2_3456L, w.pa);
    }

    @Test void globalBitOnLeafOrParent() {
        long l0 = pt.map4k(0x4000_1000L, 0x8040_0000L, RWX | AD | PTE_G);
        assertTrue(w.walk(VA, LOAD, s(0)));
        assertTrue(w.global);
        pt.set(l0, Pte.make(0x8040_0000L, RWX | AD | PTE_V));
        pt.set(pt.rootEntry(VA), pt.get(pt.rootEntry(VA)) | PTE_G);
        assertTrue(w.walk(VA, LOAD, s(0)));
        assertTrue(w.global, "G on a non-leaf makes the mappings below it global");
    }

    @Test void invalidRootEntry() {
        assertPageFault(LOAD, s(0), "V=0");
        assertEquals(1, w.references);
    }

    @Test void invalidLeaf() {
        long l0 = pt.map4k(0x4000_1000L, 0x8040_0000L, RWX | AD);
        pt.set(l0, pt.get(l0) & ~PTE_V);
        assertPageFault(FETCH, s(0), "V=0");
        assertEquals(2, w.references);
    }

    @Test void writeWithoutReadIsReservedAtEveryLevel() {
        pt.map4k(0x4000_1000L, 0x8040_0000L, PTE_W | AD);
        assertPageFault(STORE, s(0), "W=1 with R=0");
        pt.map4m(0x4000_0000L, 0x8040_0000L, PTE_W | PTE_X | AD);
        assertPageFault(FETCH, s(0), "W=1 with R=0");
        assertEquals(1, w.references);
    }

    @Test void nonLeafAtLevelZero() {
        long l0 = pt.map4k(0x4000_1000L, 0x8040_0000L, 0);
        assertEquals(PTE_V, pt.get(l0) & 0xff);
        assertPageFault(LOAD, s(0), "non-leaf PTE at level 0");
    }

    @ParameterizedTest
    @CsvSource({"64", "128", "16"})   // A, D, U
    void nonLeafWithReservedBits(int bit) {
        pt.map4k(0x4000_1000L, 0x8040_0000L, RWX | AD);
        pt.set(pt.rootEntry(VA), pt.get(pt.rootEntry(VA)) | bit);
        assertPageFault(LOAD, s(0), "non-leaf PTE with D, A or U");
        assertEquals(1, w.references);
    }

    @Test void misalignedMegapage() {
        pt.map4m(0x4000_0000L, 0x8040_1000L, RWX | AD);
        assertPageFault(LOAD, s(0), "misaligned megapage");
    }

    @Test void pteOutsideRamIsAnAccessFault() {
        Regime r = Regime.supervisor(PRV_S, Satp.make(true, 0, 0x1000_0000L), 0);
        assertFalse(w.walk(VA, STORE, r));
        assertEquals(CAUSE_STORE_ACCESS, w.cause);
        assertEquals(1, w.references);
        pt.set(pt.rootEntry(VA), Pte.make(0x2000_0000L, PTE_V));   // level-0 table outside RAM
        assertFalse(w.walk(VA, FETCH, s(0)));
        assertEquals(CAUSE_FETCH_ACCESS, w.cause);
        assertFalse(w.walk(VA, LOAD, s(0)));
        assertEquals(CAUSE_LOAD_ACCESS, w.cause);
        assertEquals(2, w.references);
    }

    /** The permission rules, case by case: leaf flags, access, privilege, SUM, MXR -> allowed. */
    @ParameterizedTest(name = "{0} {1} priv={2} sum={3} mxr={4} -> {5}")
    @CsvSource({
        // leaf   access priv  sum  mxr  allowed
        "r,       load,  S,    0,   0,   true",
        "r,       store, S,    0,   0,   false",
        "r,       fetch, S,    0,   0,   false",
        "rw,      store, S,    0,   0,   true",
        "rw,      fetch, S,    0,   0,   false",
        "x,       fetch, S,    0,   0,   true",
        "x,       load,  S,    0,   0,   false",
        "x,       load,  S,    0,   1,   true",
        "x,       store, S,    0,   1,   false",
        "rx,      load,  S,    0,   0,   true",
        "rwx,     store, S,    0,   0,   true",
        "rwx,     fetch, U,    0,   0,   false",
        "rwxu,    fetch, U,    0,   0,   true",
        "rwxu,    load,  U,    0,   0,   true",
        "rwxu,    store, U,    0,   0,   true",
        "ru,      store, U,    0,   0,   false",
        "xu,      load,  U,    0,   1,   true",
        "xu,      load,  U,    0,   0,   false",
        "rwxu,    load,  S,    0,   0,   false",
        "rwxu,    store, S,    0,   0,   false",
        "rwxu,    load,  S,    1,   0,   true",
        "rwxu,    store, S,    1,   0,   true",
        "rwxu,    fetch, S,    1,   0,   false",
        "rwxu,    fetch, S,    0,   0,   false",
        "xu,      load,  S,    1,   1,   true",
        "xu,      load,  S,    0,   1,   false",
        "rw,      load,  U,    1,   1,   false",
    })
    void permissions(String leaf, String access, String priv, int sum, int mxr, boolean allowed) {
        int flags = AD;
        for (char c : leaf.toCharArray())
            flags |= switch (c) { case 'r' -> PTE_R; case 'w' -> PTE_W; case 'x' -> PTE_X; default -> PTE_U; };
        pt.map4k(0x4000_1000L, 0x8040_0000L, flags);
        int mstatus = (sum != 0 ? MSTATUS_SUM : 0) | (mxr != 0 ? MSTATUS_MXR : 0);
        Regime r = Regime.supervisor(priv.equals("U") ? PRV_U : PRV_S, pt.satp(0), mstatus);
        int a = Access.parse(access);
        assertEquals(allowed, w.walk(VA, a, r), () -> String.valueOf(w.reason));
        if (!allowed) assertEquals(pageFault(a), w.cause);
        assertEquals(allowed, Permissions.allows(flags, a, priv.equals("U"), sum != 0, mxr != 0));
    }

    @Test void svadeFaultsOnClearAccessedOrDirty() {
        long l0 = pt.map4k(0x4000_1000L, 0x8040_0000L, RWX);
        assertPageFault(LOAD, svade(PRV_S, 0), "A=0");
        pt.set(l0, pt.get(l0) | PTE_A);
        assertTrue(w.walk(VA, LOAD, svade(PRV_S, 0)), "a load needs only A");
        assertPageFault(STORE, svade(PRV_S, 0), "D=0");
        pt.set(l0, pt.get(l0) | PTE_D);
        assertTrue(w.walk(VA, STORE, svade(PRV_S, 0)));
        assertEquals(0, mem.writes);
    }

    @Test void svaduSetsAccessedThenDirty() {
        long l0 = pt.map4k(0x4000_1000L, 0x8040_0000L, RWX);
        int before = pt.get(l0);
        assertTrue(w.walk(VA, LOAD, s(0)));
        assertEquals(before | PTE_A, pt.get(l0));
        assertEquals(1, w.adWrites);
        assertTrue(w.walk(VA, FETCH, s(0)));
        assertEquals(0, w.adWrites, "A already set");
        assertTrue(w.walk(VA, STORE, s(0)));
        assertEquals(before | PTE_A | PTE_D, pt.get(l0));
        assertEquals(1, w.adWrites);
        assertEquals(PTE_A | PTE_D, w.perm & AD);
        assertEquals(2, mem.writes);
    }

    @Test void svaduSetsBothOnAFirstStore() {
        long l1 = pt.map4m(0x4000_0000L, 0x8040_0000L, PTE_R | PTE_W);
        assertTrue(w.walk(VA, STORE, s(0)));
        assertEquals(PTE_A | PTE_D, pt.get(l1) & AD);
        assertEquals(1, mem.writes);
    }

    @Test void noAccessedUpdateWhenThePermissionCheckFails() {
        long l0 = pt.map4k(0x4000_1000L, 0x8040_0000L, PTE_R);
        assertPageFault(STORE, s(0), "store needs W");
        assertEquals(0, pt.get(l0) & AD);
        assertEquals(0, mem.writes);
    }

    @Test void bareSatpIsIdentity() {
        Regime r = Regime.supervisor(PRV_S, 0, 0);
        assertFalse(r.translated());
        assertTrue(w.walk(0x1234_5678, STORE, r));
        assertEquals(0x1234_5678L, w.pa);
        assertEquals(0, w.references);
        assertFalse(Regime.supervisor(PRV_M, pt.satp(0), 0).translated(), "M-mode is never translated");
    }
}
