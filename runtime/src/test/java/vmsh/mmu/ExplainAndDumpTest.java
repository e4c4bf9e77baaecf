package vmsh.mmu;

import static org.junit.jupiter.api.Assertions.*;
import static vmsh.mmu.Access.*;
import static vmsh.mmu.Pte.*;
import static vmsh.mmu.Regime.*;
import static vmsh.isa.Encoding.*;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExplainAndDumpTest {
    static final int RWX = PTE_R | PTE_W | PTE_X, AD = PTE_A | PTE_D;

    TestMemory mem;
    PageTables pt;

    @BeforeEach void setUp() {
        mem = new TestMemory(0x8000_0000L, 64 << 20);
        pt = PageTables.sv32(mem, 0x8010_0000L);
    }

    @Test void explainRecordsEachStepAndLeavesMemoryAndCountersAlone() {
        long leaf = pt.map4k(0x4000_1000L, 0x8040_0000L, RWX);   // A = D = 0
        Mmu m = new Mmu(mem);
        m.update(PRV_S, pt.satp(1), 0);
        Translation t = m.explain(0x4000_1234, STORE);
        assertTrue(t.ok());
        assertEquals(0x8040_0234L, t.pa());
        assertEquals(2, t.steps().size());
        assertEquals(2, t.references());
        assertEquals(0, t.adWrites());
        WalkStep l1 = t.steps().get(0), l0 = t.steps().get(1);
        assertEquals(1, l1.level());
        assertEquals(pt.rootEntry(0x4000_1000L), l1.pteAddress());
        assertTrue(l1.outcome().startsWith("next table 0x0801"), l1.outcome());
        assertEquals(0, l0.level());
        assertEquals(leaf, l0.hostAddress());
        assertEquals(Integer.toUnsignedLong(pt.get(leaf)), l0.pte());
        assertTrue(l0.outcome().contains("sets AD"), l0.outcome());
        assertEquals(0, pt.get(leaf) & AD, "a debugger view writes no A/D bits");
        assertEquals(0, mem.writes);
        assertEquals(TlbStats.ZERO, m.stats());
        assertEquals("miss (a walk would follow)", t.tlb());
        String text = t.toString();
        assertTrue(text.contains("translate va 0x40001234 (store)"), text);
        assertTrue(text.contains("=> pa 0x080400234, 4 KiB page"), text);

        m.translate(0x4000_1234, STORE);
        assertTrue(m.explain(0x4000_1234, STORE).tlb().startsWith("hit: D-TLB set 1 way 0"));
        assertEquals(AD, pt.get(leaf) & AD, "the real access did set them");
    }

    @Test void explainCanWriteAccessedAndDirtyWhenAsked() {
        long leaf = pt.map4k(0x4000_1000L, 0x8040_0000L, RWX);
        Mmu m = new Mmu(mem);
        m.update(PRV_S, pt.satp(1), 0);
        Translation t = m.explain(0x4000_1000, LOAD, m.regime(LOAD), true);
        assertEquals(1, t.adWrites());
        assertEquals(PTE_A, pt.get(leaf) & AD);
    }

    @Test void explainedFaultNamesTheRule() {
        Mmu m = new Mmu(mem);
        m.update(PRV_U, pt.satp(1), 0);
        pt.map4k(0x4000_1000L, 0x8040_0000L, RWX | AD);
        Translation t = m.explain(0x4000_1004, FETCH);
        assertFalse(t.ok());
        assertEquals(CAUSE_FETCH_PAGE_FAULT, t.cause());
        assertEquals("U-mode access to a page with U=0", t.reason());
        assertTrue(t.toString().contains("instruction page fault (cause 12, tval 0x40001004): U-mode access to a page with U=0"),
                t.toString());
    }

    @Test void explainedTwoStageWalkShowsAllEightReads() {
        long guestRam = 0x8000_0000L, hostOfGuest = 0x8200_0000L;
        PageTables g = PageTables.sv32x4(mem, 0x8100_0000L);
        for (long gpa = guestRam; gpa < guestRam + (4 << 20); gpa += 4096) g.map4k(gpa, gpa - guestRam + hostOfGuest, RWX | PTE_U | AD);
        PageTables vs = new PageTables(mem, 0x8010_0000L, false, a -> a - guestRam + hostOfGuest);
        vs.map4k(0x4000_0000L, 0x8030_0000L, RWX | AD);
        Mmu m = new Mmu(mem);
        m.update(PRV_S, true, PRV_S, true, 0, 0, vs.satp(1), 0, g.hgatp(3));
        Translation t = m.explain(0x4000_0010, LOAD);
        assertEquals(List.of("G", "G", "VS", "G", "G", "VS", "G", "G"), t.steps().stream().map(WalkStep::stage).toList());
        assertEquals(8, t.references());
        assertEquals(0x8230_0010L, t.pa());
        assertEquals(0x8030_0010L, t.gpa());
        WalkStep vsRoot = t.steps().get(2);
        assertEquals(0x8010_0000L + 4 * 0x100, vsRoot.pteAddress(), "the VS PTE's guest-physical address");
        assertEquals(0x8210_0000L + 4 * 0x100, vsRoot.hostAddress());
        assertTrue(t.toString().contains("(gpa 0x080300010)"), t.toString());

        long before = mem.reads;
        assertEquals(0x8230_0010L, m.translate(0x4000_0010, LOAD));
        assertEquals(8, mem.reads - before);
        assertEquals(8.0, m.stats().referencesPerMiss());
        m.translate(0x4000_0020, LOAD);
        assertEquals(8, mem.reads - before, "a hit reads no PTE");
    }

    @Test void dumpMergesContiguousRangesWithTheSameFlags() {
        for (int i = 0; i < 4; i++) pt.map4k(0x4000_0000L + i * 4096L, 0x8040_0000L + i * 4096L, RWX | AD);
        pt.map4k(0x4000_4000L, 0x8050_0000L, RWX | AD);                   // physical discontinuity
        pt.map4k(0x4000_5000L, 0x8050_1000L, PTE_R | PTE_U | AD);         // other flags
        pt.map4k(0x4000_7000L, 0x8050_3000L, PTE_R | PTE_U | AD);         // virtual hole before it
        pt.map4m(0x8000_0000L, 0x8000_0000L, RWX | AD | PTE_G);
        pt.map4m(0x8040_0000L, 0x8040_0000L, RWX | AD | PTE_G);
        pt.map4m(0x8080_0000L, 0x8080_1000L, RWX | AD);                   // misaligned: not listed
        pt.map4k(0x4000_8000L, 0x8050_4000L, PTE_W | AD);                 // reserved: not listed
        List<Mapping> maps = PageTableDump.sv32(mem, pt.satp(0));
        assertEquals(List.of(
                new Mapping(0x4000_0000L, 0x4000, 0x8040_0000L, 0x8040_0000L, PTE_V | RWX | AD, 0),
                new Mapping(0x4000_4000L, 0x1000, 0x8050_0000L, 0x8050_0000L, PTE_V | RWX | AD, 0),
                new Mapping(0x4000_5000L, 0x1000, 0x8050_1000L, 0x8050_1000L, PTE_V | PTE_R | PTE_U | AD, 0),
                new Mapping(0x4000_7000L, 0x1000, 0x8050_3000L, 0x8050_3000L, PTE_V | PTE_R | PTE_U | AD, 0),
                new Mapping(0x8000_0000L, 0x80_0000, 0x8000_0000L, 0x8000_0000L, PTE_V | RWX | AD | PTE_G, 0)), maps);
        assertEquals("40000000-40004000 080400000 00004000 rwx--ad", maps.get(0).toString());
        assertEquals("80000000-80800000 080000000 00800000 rwx-gad", maps.get(4).toString());
        assertEquals(List.of(), PageTableDump.sv32(mem, 0), "Bare has no page table");
    }

    @Test void twoStageDumpFollowsTheGStage() {
        long guestRam = 0x8000_0000L;
        PageTables g = PageTables.sv32x4(mem, 0x8100_0000L);
        g.map4k(guestRam + 0x10_0000, 0x8210_0000L, RWX | PTE_U | AD);   // the VS tables' pages
        g.map4k(guestRam + 0x10_1000, 0x8210_1000L, RWX | PTE_U | AD);
        g.map4k(guestRam + 0x1000, 0x8201_0000L, RWX | PTE_U | AD);
        g.map4k(guestRam + 0x2000, 0x8201_1000L, RWX | PTE_U | AD);
        g.map4k(guestRam + 0x4000, 0x8201_3000L, RWX | PTE_U | AD);    // gpa +0x3000 is not mapped
        PageTables vs = new PageTables(mem, guestRam + 0x10_0000, false, a -> a - guestRam + 0x8200_0000L);
        for (int i = 0; i < 4; i++) vs.map4k(0x4000_0000L + i * 4096L, guestRam + 0x1000 + i * 4096L, RWX | AD);
        List<Mapping> maps = PageTableDump.twoStage(mem, vs.satp(0), g.hgatp(1));
        int gFlags = PTE_V | RWX | PTE_U | AD;
        assertEquals(List.of(
                new Mapping(0x4000_0000L, 0x2000, guestRam + 0x1000, 0x8201_0000L, PTE_V | RWX | AD, gFlags),
                new Mapping(0x4000_2000L, 0x1000, guestRam + 0x3000, -1, PTE_V | RWX | AD, 0),
                new Mapping(0x4000_3000L, 0x1000, guestRam + 0x4000, 0x8201_3000L, PTE_V | RWX | AD, gFlags)), maps);
        assertTrue(maps.get(1).toString().endsWith("hpa (not mapped by the G-stage)"));
        assertEquals("40000000-40002000 080001000 00002000 rwx--ad  hpa 082010000 G:rwxu-ad", maps.get(0).toString());

        List<Mapping> gOnly = PageTableDump.twoStage(mem, 0, g.hgatp(1));
        assertEquals(List.of(
                new Mapping(guestRam + 0x1000, 0x2000, 0x8201_0000L, 0x8201_0000L, gFlags, 0),
                new Mapping(guestRam + 0x4000, 0x1000, 0x8201_3000L, 0x8201_3000L, gFlags, 0),
                new Mapping(guestRam + 0x10_0000, 0x2000, 0x8210_0000L, 0x8210_0000L, gFlags, 0)), gOnly);
    }

    @Test void tlbListing() {
        pt.map4k(0x4000_1000L, 0x8040_0000L, RWX | AD | PTE_G);
        Mmu m = new Mmu(mem);
        m.update(PRV_S, pt.satp(7), 0);
        m.translate(0x4000_1000, LOAD);
        TlbEntry e = m.tlbEntries().get(0);
        assertEquals("D", e.tlb());
        assertEquals(1, e.set());
        assertEquals(0x4000_1000, e.va());
        assertEquals(0x8040_0000L, e.pa());
        assertEquals(7, e.asid());
        assertTrue(e.global());
        assertEquals("D set 1   way 0  va 0x40001000 -> pa 0x080400000  4K  asid 7    rwx-gad  global", e.toString());
    }
}
