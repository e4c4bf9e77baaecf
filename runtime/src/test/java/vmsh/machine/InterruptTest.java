package vmsh.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vmsh.machine.Guest.*;
import static vmsh.isa.Encoding.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vmsh.cpu.CsrFile;
import vmsh.dev.Clint;
import vmsh.isa.Encoding;

/** Interrupts through the machine: timer deadlines, priority and delegation, wfi, the PLIC with the UART. */
class InterruptTest {

    /** Arms the timer for mtimecmp = TICKS, enables MTIE and MIE, then counts in s6 until preempted. */
    static final String PREEMPTED_LOOP = """
            .equ TICKS, 3
            main:
                li t0, 0x2004000          # mtimecmp
                sw zero, 4(t0)
                li t1, TICKS
                sw t1, 0(t0)
                li t0, 0x80
                csrs mie, t0              # MTIE
                csrsi mstatus, 8          # MIE
                li s6, 0
            count:
                addi s6, s6, 1
                j count
            """;

    /** The interrupt comes exactly when mtime reaches mtimecmp: after TICKS * 100 instructions (one cycle each). */
    @Test void timerPreemptsAtTheExactInstructionWhateverTheRunGranularity() {
        List<List<Long>> outcomes = new ArrayList<>();
        for (boolean stepwise : new boolean[] {false, true}) {
            Guest g = new Guest(PREEMPTED_LOOP);
            long[] at = new long[1];
            g.machine.onTrap(e -> at[0] = g.machine.instructions());
            if (stepwise) while (g.machine.step().reason() == StopReason.BUDGET) { }
            else g.halts(100_000);
            assertEquals(MCAUSE_INTERRUPT | IRQ_M_TIMER, g.reg(S2));
            outcomes.add(List.of(at[0], (long) g.reg(22), (long) g.reg(S4)));
        }
        assertEquals(outcomes.get(0), outcomes.get(1));
        assertEquals(3L * Clint.CYCLES_PER_TICK, outcomes.get(0).get(0), "instructions executed before the interrupt");
    }

    /** Priority: MSI before MTI before SSI; an interrupt for M-mode before one for S-mode. */
    @Test void simultaneousInterruptsFollowThePriorityOrder() {
        String pendAll = """
                main:
                    li t0, 0x2000000
                    li t1, 1
                    sw t1, 0(t0)              # MSIP
                    li t0, 0x2004000
                    sw zero, 4(t0)
                    sw zero, 0(t0)            # mtimecmp = 0: MTIP
                    csrsi mip, 2              # SSIP (software-writable)
                    li t0, 0xaaa
                    csrw mie, t0              # all six
                    csrsi mstatus, 8
                    nop
                    j exit
                """;
        Guest g = new Guest(pendAll).halts(1000);
        assertEquals(MCAUSE_INTERRUPT | IRQ_M_SOFT, g.reg(S2));

        Guest noMsi = new Guest(pendAll.replace("sw t1, 0(t0)              # MSIP", "nop")).halts(1000);
        assertEquals(MCAUSE_INTERRUPT | IRQ_M_TIMER, noMsi.reg(S2));

        // in S-mode with SSI delegated and STI not: the STI for M-mode comes first
        Guest s = new Guest("""
                main:
                    la t0, s_trap
                    csrw stvec, t0
                    li t0, 2
                    csrw mideleg, t0          # SSI to S
                    li t0, 0x22
                    csrw mie, t0              # SSIE, STIE
                    csrw mip, t0              # SSIP, STIP pending
                    li t0, 0x1800
                    csrc mstatus, t0
                    li t0, 0x800
                    csrs mstatus, t0          # MPP = S
                    la t0, supervisor
                    csrw mepc, t0
                    mret
                supervisor:
                    csrsi sstatus, 2          # SIE
                    nop
                    j supervisor
                s_trap:
                    csrr s2, scause
                    j exit
                """).halts(1000);
        assertEquals(MCAUSE_INTERRUPT | IRQ_S_TIMER, s.reg(S2));
        assertEquals(PRV_S, s.reg(S5));
    }

    @Test void delegatedTimerInterruptUsesTheVectoredStvec() {
        Guest g = new Guest("""
                main:
                    la t0, s_vector
                    ori t0, t0, 1
                    csrw stvec, t0
                    li t0, 0x20
                    csrw mideleg, t0
                    csrw mie, t0
                    csrw mip, t0              # STIP, set by M-mode software
                    li t0, 0x1800
                    csrc mstatus, t0          # MPP = U: S interrupts are enabled below S
                    la t0, user
                    csrw mepc, t0
                    mret
                user:
                    j user
                    .balign 64
                s_vector:
                    .rept 5
                    j exit
                    .endr
                    csrr s2, scause           # entry 5: the supervisor timer
                    csrr s4, sepc
                    j exit
                """).halts(1000);
        assertEquals(MCAUSE_INTERRUPT | IRQ_S_TIMER, g.reg(S2));
        assertEquals(g.symbol("user"), g.reg(S4));
    }

    @Test void wfiSkipsAheadToTheTimerAndWakesWithInterruptsDisabled() {
        Guest g = new Guest("""
                main:
                    li t0, 0x2004000
                    sw zero, 4(t0)
                    li t1, 100000             # 10 ms of mtime
                    sw t1, 0(t0)
                    li t0, 0x80
                    csrs mie, t0              # MTIE, but mstatus.MIE stays 0
                    wfi
                    csrr s6, time
                    j exit
                """).halts(1000);
        assertEquals(100_000, g.reg(22));
        MachineStats s = g.machine.stats();
        assertTrue(s.insns() < 30, "a handful of instructions: " + s.insns());
        assertTrue(s.idleCycles() > 9_999_000, "waited, not spun: " + s);
    }

    @Test void wfiWithNothingToWakeItStopsTheRun() {
        Guest g = new Guest("""
                main:
                    wfi
                    j exit
                """);
        RunResult r = g.run(1000);
        assertEquals(StopReason.IDLE, r.reason());
        assertTrue(r.message().contains("no interrupt source armed"), r.message());
        assertEquals(g.symbol("main") + 4, g.machine.pc(), "the wfi retired");
    }

    static final String UART_RX = """
            .equ PLIC, 0x0c000000
            .equ UART, 0x10000000
            main:
                li t0, UART
                li t1, 1
                sb t1, 1(t0)              # IER: received data available
                li t0, PLIC
                li t1, 1
                sw t1, 40(t0)             # priority[10] = 1
                li t0, PLIC + 0x2000
                li t1, 1 << 10
                sw t1, 0(t0)              # context 0 (M) enables source 10
                li t0, 0x800
                csrs mie, t0              # MEIE
                csrsi mstatus, 8
            spin:
                j spin
            m_external:
                li t0, PLIC + 0x200004
                lw s6, 0(t0)              # claim: 10
                lw s7, 0(t0)              # claimed already: 0
                li t1, UART
                lbu s8, 0(t1)             # the byte
                sw s6, 0(t0)              # complete
                csrr s9, mip
                csrr s2, mcause
                j exit
            """;

    @Test void plicDeliversUartReceiveInterruptsWithClaimAndComplete() {
        // the handler: mtvec points at m_external before interrupts are enabled
        Guest h = new Guest(UART_RX.replace("csrsi mstatus, 8", "la t2, m_external\n    csrw mtvec, t2\n    csrsi mstatus, 8"));
        RunResult idle = h.run(5000);
        assertEquals(StopReason.BUDGET, idle.reason(), "no input yet: it spins");
        h.machine.console().feed("x");
        h.halts(1000);
        assertEquals(MCAUSE_INTERRUPT | IRQ_M_EXT, h.reg(S2));
        assertEquals(List.of(10, 0, (int) 'x'), List.of(h.reg(22), h.reg(23), h.reg(24)));
        assertEquals(0, h.reg(25) & Encoding.MIP_MEIP, "drained and completed: MEIP is low");
    }

    @Test void supervisorContextDrivesSeipWhichCsrrsDoesNotLatch() {
        Guest g = new Guest("""
                .equ PLIC, 0x0c000000
                main:
                    li t0, 0x10000000
                    li t1, 1
                    sb t1, 1(t0)
                    li t0, PLIC
                    sw t1, 40(t0)
                    li t0, PLIC + 0x2080      # context 1 (S) enables source 10
                    li t1, 1 << 10
                    sw t1, 0(t0)
                    csrr s6, mip              # SEIP from the line
                    csrsi mip, 2              # a read-modify-write: SEIP is not latched
                    li t0, 0x10000000
                    lbu t1, 0(t0)             # drain: the line drops
                    csrr s7, mip
                    j exit
                """);
        g.machine.console().feed("y");
        g.halts(1000);
        assertEquals(Encoding.MIP_SEIP, g.reg(22) & Encoding.MIP_SEIP);
        assertEquals(Encoding.MIP_SSIP, g.reg(23) & (Encoding.MIP_SEIP | Encoding.MIP_SSIP));
    }
}
