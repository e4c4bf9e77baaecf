package vmsh.mmu;

import static org.junit.jupiter.api.Assertions.*;
import static vmsh.mmu.Access.*;
import static vmsh.mmu.Pte.*;
import static vmsh.mmu.Regime.*;
import static vmsh.isa.Encoding.*;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vmsh.mmu.TlbConfig.Replacement;

/** The TLB through the MMU's fast path: hits, misses, replacement, fences, counters. */
class TlbTest {
    static final int RWX = PTE_R | PTE_W | PTE_X, AD = PTE_A | PTE_D;

    TestMemory mem;
    PageTables pt;

    @BeforeEach void setUp() {
        mem = new TestMemory(0x8000_0000L, 64 << 20);
        pt = PageTables.sv32(mem, 0x8010_0000L);
        for (int i = 0; i < 64; i++) pt.map4k(0x4000_0000L + i * 4096L, 0x8100_0000L + i * 4096L, RWX | AD);
    }

    Mmu mmu(TlbConfig c) {
        Mmu m = new Mmu(mem, c);
        m.update(PRV_S, pt.satp(1), 0);
        return m;
    }

    static int page(int i) { return 0x4000_0000 + i * 4096; }

    static long pa(int i) { return 0x8100_0000L + i * 4096L; }

    static TlbStats stats(long lookups, long hits, long misses, long refs, long ad, long flushes, long flushed, long evictions) {
        return new TlbStats(lookups, hits, misses, refs, ad, flushes, flushed, evictions);
    }

    void load(Mmu m, int page, int offset) { assertEquals(pa(page) + offset, m.translate(page(page) + offset, LOAD)); }

    @Test void missThenHits() {
        Mmu m = mmu(TlbConfig.DEFAULT);
        load(m, 0, 0x10);
        load(m, 0, 0x10);
        load(m, 0, 0xffc);
        assertEquals(stats(3, 2, 1, 2, 0, 0, 0, 0), m.stats());
        assertEquals(1, m.tlbEntries().size());
    }

    @Test void directMappedConflicts() {
        Mmu m = mmu(new TlbConfig(4, 1, false, Replacement.LRU, 1));
        load(m, 0, 0);
        load(m, 4, 0);   // same set as page 0
        load(m, 0, 0);
        load(m, 1, 0);   // another set
        load(m, 1, 0);
        assertEquals(stats(5, 1, 4, 8, 0, 0, 0, 2), m.stats());
    }

    /** Two-way sets under LRU: pages 0, 2, 4 share set 0 of a 4-entry TLB. */
    @Test void lruSequence() {
        Mmu m = mmu(new TlbConfig(4, 2, false, Replacement.LRU, 1));
        int[] sequence = {0, 2, 0, 4, 0, 2, 4};
        boolean[] hits = {false, false, true, false, true, false, false};
        for (int i = 0; i < sequence.length; i++) {
            long before = m.stats().hits();
            load(m, sequence[i], 0);
            assertEquals(hits[i], m.stats().hits() > before, "access " + i + " to page " + sequence[i]);
        }
        assertEquals(stats(7, 2, 5, 10, 0, 0, 0, 3), m.stats());
        List<Integer> cached = m.tlbEntries().stream().map(TlbEntry::va).sorted().toList();
        assertEquals(List.of(page(2), page(4)), cached, "page 0 was least recently used");
    }

    @Test void fullyAssociativeHoldsAnyPagesAndEvictsTheLeastRecentlyUsed() {
        Mmu m = mmu(new TlbConfig(4, 4, false, Replacement.LRU, 1));
        for (int p : new int[] {0, 8, 16, 24}) load(m, p, 0);
        for (int p : new int[] {8, 0, 24}) load(m, p, 0);
        load(m, 32, 0);   // evicts page 16, the least recently used
        assertEquals(stats(8, 3, 5, 10, 0, 0, 0, 1), m.stats());
        assertTrue(m.tlbEntries().stream().noneMatch(e -> e.va() == page(16)));
    }

    @Test void randomReplacementIsDeterministicForASeed() {
        TlbConfig c = new TlbConfig(8, 4, false, Replacement.RANDOM, 42);
        Mmu a = mmu(c), b = mmu(c);
        int[] seq = new int[200];
        long x = 7;
        for (int i = 0; i < seq.length; i++) { x = x * 6364136223846793005L + 1; seq[i] = (int) ((x >>> 33) % 24); }
        for (int p : seq) { load(a, p, 0); load(b, p, 0); }
        assertEquals(a.stats(), b.stats());
        assertEquals(a.tlbEntries(), b.tlbEntries());
        assertTrue(a.stats().evictions() > 0);
        Mmu lru = mmu(c.withReplacement(Replacement.LRU, 42));
        for (int p : seq) load(lru, p, 0);
        assertEquals(lru.stats().lookups(), a.stats().lookups());
        assertNotEquals(lru.tlbEntries(), a.tlbEntries(), "random and LRU pick different victims on this sequence");
    }

    @Test void megapageEntryCoversItsWholeRange() {
        pt.map4m(0x8000_0000L, 0x8000_0000L, RWX | AD);
        Mmu m = mmu(new TlbConfig(16, 4, true, Replacement.LRU, 1));
        for (int va : new int[] {0x8000_0000, 0x8012_3456, 0x803f_fffc, 0x8000_1000, 0x8000_3000})
            assertEquals(va & 0xffff_ffffL, m.translate(va, LOAD));
        assertEquals(stats(5, 4, 1, 1, 0, 0, 0, 0), m.stats());
        TlbEntry e = m.tlbEntries().get(0);
        assertEquals(1L << 22, e.size());
        m.sfenceVma(true, 0x8020_0000, false, 0);   // any address inside flushes it
        assertEquals(0, m.tlbEntries().size());
    }

    @Test void addressSpacesAreTaggedByAsid() {
        PageTables other = PageTables.sv32(mem, 0x8200_0000L);
        other.map4k(page(0), 0x8300_0000L, RWX | AD);
        Mmu m = mmu(TlbConfig.DEFAULT);
        load(m, 0, 4);
        m.update(PRV_S, other.satp(2), 0);
        assertEquals(0x8300_0004L, m.translate(page(0) + 4, LOAD));
        m.update(PRV_S, pt.satp(1), 0);
        load(m, 0, 4);
        assertEquals(stats(3, 1, 2, 4, 0, 0, 0, 0), m.stats());
    }

    @Test void globalEntriesMatchEveryAsid() {
        pt.map4k(page(5), pa(5), RWX | AD | PTE_G);
        PageTables other = PageTables.sv32(mem, 0x8200_0000L);   // maps nothing
        Mmu m = mmu(TlbConfig.DEFAULT);
        load(m, 5, 0);
        m.update(PRV_S, other.satp(2), 0);
        load(m, 5, 0);   // the cached global mapping serves asid 2
        assertEquals(1, m.stats().hits());
        assertTrue(m.tlbEntries().get(0).global());
    }

    /** Entries: global page 5 (asid 1), page 6 in asids 1 and 2, page 7 in asid 1. */
    Mmu fenceFixture() {
        pt.map4k(page(5), pa(5), RWX | AD | PTE_G);
        PageTables other = PageTables.sv32(mem, 0x8200_0000L);
        other.map4k(page(6), 0x8300_0000L, RWX | AD);
        Mmu m = mmu(new TlbConfig(16, 16, false, Replacement.LRU, 1));
        load(m, 5, 0);
        load(m, 6, 0);
        load(m, 7, 0);
        m.update(PRV_S, other.satp(2), 0);
        assertEquals(0x8300_0000L, m.translate(page(6), LOAD));
        assertEquals(4, m.tlbEntries().size());
        return m;
    }

    static List<String> spaces(Mmu m) {
        return m.tlbEntries().stream().map(e -> Integer.toHexString(e.va() >>> 12) + (e.global() ? "g" : "/" + e.asid())).sorted().toList();
    }

    @Test void sfenceAll() {
        Mmu m = fenceFixture();
        m.sfenceVma(false, 0, false, 0);
        assertEquals(List.of(), spaces(m));
        assertEquals(stats(4, 0, 4, 8, 0, 1, 4, 0), m.stats());
    }

    @Test void sfenceAddressFlushesItInEveryAsidGlobalIncluded() {
        Mmu m = fenceFixture();
        m.sfenceVma(true, page(6) + 0x123, false, 0);
        assertEquals(List.of("40005g", "40007/1"), spaces(m));
        m.sfenceVma(true, page(5), false, 0);
        assertEquals(List.of("40007/1"), spaces(m));
        assertEquals(3, m.stats().entriesFlushed());
        assertEquals(2, m.stats().flushes());
    }

    @Test void sfenceAsidFlushesItsNonGlobalEntries() {
        Mmu m = fenceFixture();
        m.sfenceVma(false, 0, true, 1);
        assertEquals(List.of("40005g", "40006/2"), spaces(m));
    }

    @Test void sfenceAddressAndAsidSparesGlobalEntries() {
        Mmu m = fenceFixture();
        m.sfenceVma(true, page(5), true, 1);
        assertEquals(4, m.tlbEntries().size(), "the global entry stays");
        m.sfenceVma(true, page(6), true, 1);
        assertEquals(List.of("40005g", "40006/2", "40007/1"), spaces(m));
        assertEquals(1, m.stats().entriesFlushed());
    }

    @Test void splitAndUnified() {
        Mmu split = mmu(TlbConfig.DEFAULT);
        Mmu unified = mmu(TlbConfig.DEFAULT.withSplit(false));
        for (Mmu m : List.of(split, unified)) {
            assertEquals(pa(3), m.translate(page(3), FETCH));
            assertEquals(pa(3) + 8, m.translate(page(3) + 8, LOAD));
        }
        assertEquals(stats(2, 0, 2, 4, 0, 0, 0, 0), split.stats());
        assertEquals(stats(1, 0, 1, 2, 0, 0, 0, 0), split.stats(FETCH));
        assertEquals(stats(2, 1, 1, 2, 0, 0, 0, 0), unified.stats());
        assertEquals(List.of("I", "D"), split.tlbEntries().stream().map(TlbEntry::tlb).toList());
        assertEquals(List.of("U"), unified.tlbEntries().stream().map(TlbEntry::tlb).toList());
    }

    @Test void aStoreToACleanPageRewalksToSetDirtyInPlace() {
        long leaf = pt.leafEntry(page(9));
        pt.set(leaf, pt.get(leaf) & ~AD);
        Mmu m = mmu(TlbConfig.DEFAULT);
        load(m, 9, 0);
        assertEquals(pa(9), m.translate(page(9), STORE));
        assertEquals(pa(9), m.translate(page(9), STORE));
        assertEquals(AD, pt.get(leaf) & AD);
        assertEquals(stats(3, 1, 2, 4, 2, 0, 0, 0), m.stats());
        assertEquals(1, m.tlbEntries().size());
    }

    @Test void faultsAreReportedAndNotCached() {
        Mmu m = mmu(TlbConfig.DEFAULT);
        assertEquals(Mmu.FAULT, m.translate(0x7000_0010, STORE));
        assertEquals(CAUSE_STORE_PAGE_FAULT, m.faultCause);
        assertEquals(0x7000_0010, m.faultTval);
        assertEquals(-1, m.faultGpa);
        assertEquals("V=0", m.faultReason());
        assertEquals(stats(1, 0, 1, 1, 0, 0, 0, 0), m.stats());
        assertEquals(0, m.tlbEntries().size());
    }

    @Test void staleEntriesServeUntilTheFence() {
        Mmu m = mmu(TlbConfig.DEFAULT);
        load(m, 2, 0);
        pt.set(pt.leafEntry(page(2)), Pte.make(0x8300_0000L, PTE_V | RWX | AD));
        load(m, 2, 0);   // still the old frame: no fence yet
        m.sfenceVma(true, page(2), false, 0);
        assertEquals(0x8300_0000L, m.translate(page(2), LOAD));
    }

    @Test void permissionsAreCheckedAgainstTheCurrentPrivilege() {
        Mmu m = mmu(TlbConfig.DEFAULT);
        load(m, 1, 0);
        m.update(PRV_U, pt.satp(1), 0);
        assertEquals(Mmu.FAULT, m.translate(page(1), LOAD), "U-mode may not use the U=0 page it finds cached");
        assertEquals(CAUSE_LOAD_PAGE_FAULT, m.faultCause);
        assertEquals(stats(2, 0, 2, 4, 0, 0, 0, 0), m.stats());
    }

    @Test void bareAccessesDoNotLookUp() {
        Mmu m = mmu(TlbConfig.DEFAULT);
        m.update(PRV_M, pt.satp(1), 0);
        assertEquals(0x4000_0000L, m.translate(0x4000_0000, LOAD));
        m.update(PRV_S, 0, 0);
        assertEquals(0xfff0_0000L, m.translate(0xfff0_0000, FETCH));
        assertEquals(TlbStats.ZERO, m.stats());
    }

    @Test void mprvTranslatesDataButNotFetches() {
        Mmu m = new Mmu(mem, TlbConfig.DEFAULT);
        m.update(PRV_M, false, PRV_S, false, pt.satp(1), 0, 0, 0, 0);
        assertEquals(0x4000_0000L, m.translate(0x4000_0000, FETCH));
        assertEquals(pa(0), m.translate(page(0), LOAD));
    }

    @Test void fetchLatchCountsEveryInstruction() {
        Mmu m = mmu(TlbConfig.DEFAULT);
        assertEquals(pa(4), m.translate(page(4), FETCH));
        assertTrue(m.fetchLatchValid());
        m.fetchHits(9);
        assertEquals(stats(10, 9, 1, 2, 0, 0, 0, 0), m.stats(FETCH));
        m.sfenceVma(false, 0, false, 0);
        assertFalse(m.fetchLatchValid(), "the fence removed the latched entry");
        assertThrows(IllegalStateException.class, () -> m.fetchHits(1));
        m.translate(page(4), FETCH);
        m.update(PRV_S, pt.satp(1), MSTATUS_SUM);
        assertFalse(m.fetchLatchValid(), "a regime change drops the latch");
    }

    @Test void aDataMissEvictingTheFetchPageDropsTheLatch() {
        Mmu m = mmu(new TlbConfig(1, 1, false, Replacement.LRU, 1));
        m.translate(page(0), FETCH);
        int epoch = m.epoch();
        load(m, 1, 0);
        assertFalse(m.fetchLatchValid());
        assertNotEquals(epoch, m.epoch());
    }

    @Test void theLatchedFetchEntryIsMostRecentlyUsedAtEachDataAccess() {
        Mmu m = mmu(new TlbConfig(2, 2, false, Replacement.LRU, 1));
        m.translate(page(0), FETCH);   // code page
        load(m, 1, 0);                 // instruction 1: data page 1
        m.fetchHits(1);
        load(m, 2, 0);                 // instruction 2: evicts page 1, not the code page
        assertTrue(m.fetchLatchValid());
        assertEquals(List.of(page(0), page(2)), m.tlbEntries().stream().map(TlbEntry::va).sorted().toList());
    }

    @Test void counterScript() {
        Mmu m = mmu(new TlbConfig(8, 2, true, Replacement.LRU, 1));
        m.translate(page(0), FETCH);   // I miss
        m.fetchHits(3);                // 3 I hits
        load(m, 10, 0);                // D miss
        load(m, 10, 4);                // D hit
        m.translate(page(1), FETCH);   // I miss
        assertEquals(Mmu.FAULT, m.translate(0x7000_0000, STORE));   // D miss, 1 reference, fault
        m.sfenceVma(true, page(10), false, 0);   // flushes D page 10
        load(m, 10, 0);                // D miss
        assertEquals(stats(5, 3, 2, 4, 0, 1, 0, 0), m.stats(FETCH));
        assertEquals(stats(4, 1, 3, 5, 0, 1, 1, 0), m.stats(LOAD));
        assertEquals(stats(9, 4, 5, 9, 0, 1, 1, 0), m.stats());
        m.resetStats();
        assertEquals(TlbStats.ZERO, m.stats());
    }

    @Test void guestEntriesAreTaggedByVmid() {
        PageTables g1 = PageTables.sv32x4(mem, 0x8200_0000L), g2 = PageTables.sv32x4(mem, 0x8204_0000L);
        g1.map4k(0x8000_0000L, 0x8300_0000L, RWX | PTE_U | AD);
        g2.map4k(0x8000_0000L, 0x8310_0000L, RWX | PTE_U | AD);
        Mmu m = mmu(TlbConfig.DEFAULT);
        load(m, 0, 0);   // a V=0 entry
        m.update(PRV_S, true, PRV_S, true, 0, 0, 0, 0, g1.hgatp(1));
        assertEquals(0x8300_0010L, m.translate(0x8000_0010, LOAD));
        m.update(PRV_S, true, PRV_S, true, 0, 0, 0, 0, g2.hgatp(2));
        assertEquals(0x8310_0010L, m.translate(0x8000_0010, LOAD));
        assertEquals(3, m.tlbEntries().size());
        m.sfenceVma(false, 0, false, 0);
        assertEquals(2, m.tlbEntries().size(), "sfence.vma with V=0 leaves guest entries alone");
        m.hfenceVvma(1, false, 0, false, 0);
        assertEquals(List.of(2), m.tlbEntries().stream().map(TlbEntry::vmid).toList());
        assertEquals(0x8310_0010L, m.translate(0x8000_0010, LOAD));
        m.hfenceGvma(true, 1);
        assertEquals(1, m.tlbEntries().size());
        m.hfenceGvma(false, 0);
        assertEquals(0, m.tlbEntries().size());
    }
}
