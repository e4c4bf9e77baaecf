package vmsh.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vmsh.machine.Guest.*;
import static vmsh.isa.Encoding.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vmsh.mmu.Access;
import vmsh.mmu.Pte;
import vmsh.mmu.TlbConfig;
import vmsh.mmu.TlbStats;
import vmsh.mmu.Translation;

/** Sv32 through the engine: U-mode tasks, page faults, A/D, the TLB's counters, sfence.vma, MPRV, aliases. */
class PagingTest {
    static final int USER = 0x4000_0000, DATA = 0x4000_1000;
    static final int PAGE1 = 0x8020_0000, PAGE2 = 0x8020_1000;

    /** M-mode enters {@code user} (a page of its own) in U-mode at VA USER with satp on. */
    static final String TO_USER = """
            main:
                li t0, %d
                csrw satp, t0
                li t0, 0x1800
                csrc mstatus, t0
                li t0, 0x40000000
                csrw mepc, t0
                mret
                .balign 4096
            user:
            """.formatted(SATP);

    static Guest user(String code) { return user(code, MachineConfig.defaults().memory(16 << 20)); }

    static Guest user(String code, MachineConfig config) {
        Guest g = new Guest(TO_USER + code, config);
        g.map(USER, g.symbol("user"), URX);
        g.machine.write(PAGE1, 4, 111);
        g.machine.write(PAGE2, 4, 222);
        return g;
    }

    @Test void userLoadFromAnUnmappedPageIsALoadPageFaultWithTheAddress() {
        Guest g = user("""
                li a0, 0x40005000
                lw a1, 4(a0)
                """).halts(1000);
        assertEquals(CAUSE_LOAD_PAGE_FAULT, g.reg(S2));
        assertEquals(0x4000_5004, g.reg(S3), "mtval is the faulting virtual address");
        assertEquals(USER + 4, g.reg(S4), "mepc is the faulting load (after one lui)");
        assertEquals(PRV_U, g.reg(S5));
    }

    @Test void storeToAReadOnlyPageIsAStorePageFault() {
        Guest g = user("""
                li a0, 0x40001000
                lw a1, 0(a0)
                sw a1, 8(a0)
                """);
        g.map(DATA, PAGE1, URX).halts(1000);
        assertEquals(CAUSE_STORE_PAGE_FAULT, g.reg(S2));
        assertEquals(DATA + 8, g.reg(S3));
        assertEquals(111, g.reg(A1), "the load was allowed");
    }

    @Test void fetchFromAPageWithoutXIsAnInstructionPageFault() {
        Guest g = user("""
                li a0, 0x40001000
                jr a0
                """);
        g.map(DATA, PAGE1, URW).halts(1000);
        assertEquals(CAUSE_FETCH_PAGE_FAULT, g.reg(S2));
        assertEquals(DATA, g.reg(S3));
        assertEquals(DATA, g.reg(S4));
    }

    @Test void supervisorPagesAreNotUsableFromUserMode() {
        Guest g = user("""
                li a0, 0x40001000
                lw a1, 0(a0)
                """);
        g.map(DATA, PAGE1, URW & ~Pte.PTE_U).halts(1000);
        assertEquals(CAUSE_LOAD_PAGE_FAULT, g.reg(S2));
    }

    static final String STORE_TWICE = """
            li a0, 0x40001000
            lw a1, 0(a0)
            addi a1, a1, 1
            sw a1, 0(a0)
            ecall
            """;

    @Test void hardwareSetsAccessedAndDirty() {
        Guest g = user(STORE_TWICE);
        g.map(DATA, PAGE1, URW & ~(Pte.PTE_A | Pte.PTE_D)).halts(1000);
        assertEquals(CAUSE_USER_ECALL, g.reg(S2));
        assertEquals(112, g.machine.read(PAGE1, 4));
        assertEquals(Pte.PTE_A | Pte.PTE_D, g.pte(DATA) & (Pte.PTE_A | Pte.PTE_D));
        TlbStats t = g.machine.stats().tlb();
        assertEquals(2, t.adUpdates(), "the load sets A, the store D (after a second walk)");
    }

    @Test void withoutHardwareADAClearAccessedBitFaults() {
        Guest g = user(STORE_TWICE, MachineConfig.defaults().memory(16 << 20).hardwareAD(false));
        g.map(DATA, PAGE1, URW & ~(Pte.PTE_A | Pte.PTE_D)).halts(1000);
        assertEquals(CAUSE_LOAD_PAGE_FAULT, g.reg(S2));
        assertEquals(0, g.pte(DATA) & Pte.PTE_A, "nothing was written");

        Guest d = user(STORE_TWICE, MachineConfig.defaults().memory(16 << 20).hardwareAD(false));
        d.map(DATA, PAGE1, URW & ~Pte.PTE_D).halts(1000);
        assertEquals(CAUSE_STORE_PAGE_FAULT, d.reg(S2), "D clear: the store faults");
        assertEquals(111, d.machine.read(PAGE1, 4));
    }

    /**
     * Five U-mode instructions (lui, lw, sw, lw, ecall) on one code page and three data
     * accesses to one data page: 8 lookups, one miss per TLB (split), two PTE reads each.
     */
    @Test void tlbCountersOfAScriptedUserTaskAreExact() {
        Guest g = user("""
                lui a0, 0x40001
                lw a1, 0(a0)
                sw a1, 4(a0)
                lw a2, 4(a0)
                ecall
                """);
        g.map(DATA, PAGE1, URW).halts(1000);
        assertEquals(111, g.reg(A2));
        assertEquals(new TlbStats(8, 6, 2, 4, 0, 0, 0, 0), g.machine.stats().tlb());
    }

    /**
     * A loop over 12 data pages with a 4-entry 2-way unified TLB: evictions all the time.
     * Running it in one go (cached fast-path hits, stamped late) and one instruction at a
     * time gives exactly the same counters and entries: the fast path is the model.
     */
    @Test void fastPathCountsLikeSingleStepping() {
        String loop = """
                li s6, 0
                li s7, 3
            outer:
                lui a0, 0x40001
                li a1, 12
            inner:
                lw t0, 0(a0)
                addi t0, t0, 1
                sw t0, 0(a0)
                li t1, 4096
                add a0, a0, t1
                addi a1, a1, -1
                bnez a1, inner
                addi s7, s7, -1
                bnez s7, outer
                ecall
                """;
        MachineConfig small = MachineConfig.defaults().memory(16 << 20).tlb(new TlbConfig(4, 2, false, TlbConfig.Replacement.LRU, 1));
        List<Object> results = new ArrayList<>();
        for (boolean stepwise : new boolean[] {false, true}) {
            Guest g = user(loop, small);
            for (int p = 0; p < 12; p++) g.map(DATA + 0x1000 * p, PAGE1 + 0x1000 * p, URW);
            if (stepwise) {
                while (g.machine.step().reason() == StopReason.BUDGET) { }
            } else {
                g.halts(100_000);
            }
            assertEquals(CAUSE_USER_ECALL, g.reg(S2));
            assertEquals(3 + 111, g.machine.read(PAGE1, 4));
            results.add(List.of(g.machine.stats().tlb(), g.machine.tlb().toString()));
        }
        assertEquals(results.get(0), results.get(1));
        TlbStats t = (TlbStats) ((List<?>) results.get(0)).get(0);
        assertTrue(t.evictions() > 30, "the loop thrashes the small TLB: " + t);
        assertEquals(t.lookups(), t.hits() + t.misses());
    }

    /** S-mode with an identity megapage for its code, remapping a page without and with fences. */
    @Test void sfenceVmaFormsFlushWhatTheySay() {
        Guest g = new Guest("""
                main:
                    li t0, %d
                    csrw satp, t0
                    li t0, 0x1800
                    csrc mstatus, t0
                    li t0, 0x800
                    csrs mstatus, t0
                    la t0, supervisor
                    csrw mepc, t0
                    mret
                supervisor:
                    li a0, 0x40001000
                    li a1, %d
                    li a2, %d
                    li a3, %d
                    li t2, 2
                    li t3, 1
                    lw s6, 0(a0)
                    sw a2, 0(a1)          # remap DATA to PAGE2: the TLB keeps the old entry
                    lw s7, 0(a0)
                    sfence.vma zero, t2   # another ASID: no effect
                    lw s8, 0(a0)
                    sfence.vma zero, t3   # this ASID: flushed
                    lw s9, 0(a0)
                    sw a3, 0(a1)          # back to PAGE1
                    li t4, 0x40003000
                    sfence.vma t4, zero   # another address: no effect
                    lw s10, 0(a0)
                    sfence.vma zero, zero # everything
                    lw s11, 0(a0)
                    ecall
                """.formatted(SATP | 1 << 22, ROOT + 0x1000 + 4, Pte.make(PAGE2 & 0xffff_ffffL, URW & ~Pte.PTE_U), Pte.make(PAGE1 & 0xffff_ffffL, URW & ~Pte.PTE_U)));
        g.mapMega(0x8000_0000, 0x8000_0000, URWX & ~Pte.PTE_U);
        g.map(DATA, PAGE1, URW & ~Pte.PTE_U);
        g.machine.write(PAGE1, 4, 111);
        g.machine.write(PAGE2, 4, 222);
        g.halts(1000);
        assertEquals(CAUSE_SUPERVISOR_ECALL, g.reg(S2));
        int[] seen = { g.reg(22), g.reg(23), g.reg(24), g.reg(25), g.reg(26), g.reg(27) };
        assertEquals(List.of(111, 111, 111, 222, 222, 111), java.util.Arrays.stream(seen).boxed().toList());
        assertEquals(4, g.machine.stats().tlb().flushes());
    }

    @Test void mprvTranslatesMachineModeDataAsMpp() {
        Guest g = new Guest("""
                main:
                    li t0, %d
                    csrw satp, t0
                    li t0, 0x1800
                    csrc mstatus, t0      # MPP = U
                    li t0, 0x20000
                    csrs mstatus, t0      # MPRV
                    li a0, 0x40001000
                    lw s6, 0(a0)          # translated as U: PAGE1
                    li t0, 0x800
                    csrs mstatus, t0      # MPP = S: a U page needs SUM
                    lw s7, 0(a0)
                    j exit
                """.formatted(SATP));
        g.map(DATA, PAGE1, URW);
        g.machine.write(PAGE1, 4, 111);
        g.halts(1000);
        assertEquals(111, g.reg(22));
        assertEquals(CAUSE_LOAD_PAGE_FAULT, g.reg(S2), "S-mode access to a U page without SUM");
        assertEquals(PRV_M, g.reg(S5));
    }

    /** Two virtual pages map one code page: a store through one alias changes what the other runs. */
    @Test void decodedCodeIsInvalidatedThroughAliases() {
        Guest g = user("""
                li s6, 0x40010000
                li s8, 0x40020000
                jalr s6
                mv s7, a0             # 1
                jalr s8
                mv s9, a0             # 1, through the other alias
                li t0, 0x00200513     # addi a0, zero, 2
                sw t0, 0(s8)          # written through the writable alias
                jalr s6
                mv s10, a0            # 2: the decoded slot of the physical page was reset
                ecall
                .balign 4096
            function:
                li a0, 1
                ret
                """);
        g.map(0x4001_0000, g.symbol("function"), URX);
        g.map(0x4002_0000, g.symbol("function"), URWX);
        g.halts(1000);
        assertEquals(CAUSE_USER_ECALL, g.reg(S2));
        assertEquals(List.of(1, 1, 2), List.of(g.reg(23), g.reg(25), g.reg(26)));
    }

    @Test void lookingInsideExplainsListsAndCounts() {
        Guest g = user("""
                lui a0, 0x40001
                lw a1, 0(a0)
                ecall
                """);
        g.map(DATA, PAGE1, URW).map(DATA + 0x1000, PAGE1 + 0x1000, URW).halts(1000);
        Machine m = g.machine;
        Translation t = m.translate(DATA + 0x234, Access.LOAD, PRV_U);
        assertTrue(t.ok(), t.toString());
        assertEquals((PAGE1 + 0x234) & 0xffff_ffffL, t.pa());
        assertEquals(2, t.steps().size());
        assertTrue(t.tlb().startsWith("hit"), t.tlb());
        assertFalse(m.translate(0x4000_5000, Access.LOAD, PRV_U).ok());
        assertEquals("not used (no translation)", m.translate(DATA).tlb(), "the hart is back in M-mode");
        assertEquals(2, m.pageTable().size(), "code page, then the two data pages merged: " + m.pageTable());
        assertEquals(0x2000, m.pageTable().get(1).size());
        assertEquals(2, m.tlb().size(), "one instruction, one data entry");
        assertEquals(1, m.stats().exceptions().get("environment call from U-mode"));
    }

    @Test void trapHooksSeeEveryTrapAndCanStopTheRun() {
        Guest g = user("""
                li a0, 0x40005000
                lw a1, 0(a0)
                """);
        List<TrapEvent> seen = new ArrayList<>();
        g.machine.onTrap(e -> {
            seen.add(e);
            if (e.pageFault()) g.machine.requestStop();
        });
        RunResult r = g.run(1000);
        assertEquals(StopReason.STOPPED, r.reason());
        assertEquals(1, seen.size());
        TrapEvent e = seen.get(0);
        assertEquals(new TrapEvent(CAUSE_LOAD_PAGE_FAULT, false, 0x4000_5000, USER + 4, g.symbol("m_trap"), PRV_U, PRV_M), e);
        assertEquals(g.symbol("m_trap"), g.machine.pc(), "stopped before the handler's first instruction");
        assertEquals("load page fault", e.name());
    }
}
