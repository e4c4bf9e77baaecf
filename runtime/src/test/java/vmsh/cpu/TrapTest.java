package vmsh.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vmsh.isa.Opcode.*;
import static vmsh.isa.Encoding.*;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import vmsh.isa.Csr;
import vmsh.isa.Encoding;
import vmsh.machine.Machine;
import vmsh.machine.RunResult;
import vmsh.machine.StopReason;
import vmsh.mem.MemoryMap;

/** Exceptions, trap entry and return, privilege, CSR access rules, atomics. */
class TrapTest {
    static final int T0 = 5, A0 = 10, A1 = 11, A2 = 12, S2 = 18, S3 = 19, S4 = 20, S5 = 21;
    static final int HANDLER = Program.BASE + 0x800, USER = Program.BASE + 0x400;
    static final int DATA = Program.BASE + 0x3000;

    /**
     * Runs {@code body} in M-mode with a handler at HANDLER that stores mcause, mepc, mtval
     * and the trapped privilege (mstatus.MPP) in s2..s5 and exits.
     */
    static Machine trap(Consumer<Program> body) {
        Program p = new Program().li(T0, HANDLER).csrw(Csr.MTVEC, T0);
        body.accept(p);
        p.exit(0).padTo(HANDLER)
         .csrr(S2, Csr.MCAUSE).csrr(S3, Csr.MEPC).csrr(S4, Csr.MTVAL).csrr(S5, Csr.MSTATUS)
         .i(SRLI, S5, S5, 11).i(ANDI, S5, S5, 3).exit(0);
        Machine m = p.load();
        RunResult r = m.run(10_000);
        assertEquals(StopReason.HALT, r.reason(), r.message());
        return m;
    }

    /** Drops to U-mode at USER (mret with MPP = U) and runs {@code user} there. */
    static Machine inUser(Consumer<Program> setup, Consumer<Program> user) {
        return trap(p -> {
            setup.accept(p);
            p.li(T0, USER).csrw(Csr.MEPC, T0).mret().padTo(USER);
            user.accept(p);
            p.exit(0);   // the finisher is reachable from U-mode too
        });
    }

    static void assertTrap(Machine m, int cause, int epc, int tval) {
        assertEquals(cause, m.reg(S2), "mcause");
        assertEquals(epc, m.reg(S3), "mepc");
        assertEquals(tval, m.reg(S4), "mtval");
    }

    @Test void ecallFromMachineAndUser() {
        int[] at = new int[1];
        Machine m = trap(p -> { at[0] = p.here(); p.ecall(); });
        assertTrap(m, CAUSE_MACHINE_ECALL, at[0], 0);
        assertEquals(PRV_M, m.reg(S5));
        Machine u = inUser(p -> {}, p -> p.ecall());
        assertTrap(u, CAUSE_USER_ECALL, USER, 0);
        assertEquals(PRV_U, u.reg(S5));
        assertEquals(PRV_M, u.privilege());
    }

    @Test void mretRestoresInterruptEnableAndDropsToUser() {
        Machine m = inUser(p -> p.li(T0, Encoding.MSTATUS_MPIE).op(CSRRS, 0, T0, 0, Csr.MSTATUS),
                p -> p.ecall());
        // after mret: MIE = old MPIE (1), MPIE = 1, MPP = U; the ecall then moved MIE into MPIE
        int mstatus = m.csr(Csr.MSTATUS);
        assertTrue((mstatus & Encoding.MSTATUS_MPIE) != 0, "MPIE holds the MIE that mret restored");
        assertFalse((mstatus & Encoding.MSTATUS_MIE) != 0, "MIE cleared by the trap");
    }

    @Test void ebreakLeavesMtvalZero() {
        int[] at = new int[1];
        Machine m = trap(p -> { at[0] = p.here(); p.op(EBREAK, 0, 0, 0, 0); });
        assertTrap(m, CAUSE_BREAKPOINT, at[0], 0);
    }

    @Test void illegalInstructionReportsTheWord() {
        int[] at = new int[1];
        Machine m = trap(p -> { at[0] = p.here(); p.word(0xffff_ffff); });
        assertTrap(m, CAUSE_ILLEGAL_INSTRUCTION, at[0], 0xffff_ffff);
        Machine z = trap(p -> { at[0] = p.here(); p.word(0); });
        assertTrap(z, CAUSE_ILLEGAL_INSTRUCTION, at[0], 0);
    }

    @Test void accessFaultsForUnmappedAddresses() {
        int[] at = new int[1];
        Machine load = trap(p -> { p.li(A1, 0x4000_0000); at[0] = p.here(); p.i(LW, A0, A1, 4); });
        assertTrap(load, CAUSE_LOAD_ACCESS, at[0], 0x4000_0004);
        Machine store = trap(p -> { p.li(A1, 0x4000_0000); at[0] = p.here(); p.s(SB, A0, A1, 1); });
        assertTrap(store, CAUSE_STORE_ACCESS, at[0], 0x4000_0001);
        Machine fetch = trap(p -> { p.li(A1, 0x4000_0000).i(JALR, 1, A1, 0); });
        assertTrap(fetch, CAUSE_FETCH_ACCESS, 0x4000_0000, 0x4000_0000);
    }

    @Test void misalignedJumpTrapsOnTheJumpWithoutLinking() {
        int[] at = new int[1];
        Machine m = trap(p -> { p.li(A1, Program.BASE + 0x102).li(A0, 7); at[0] = p.here(); p.i(JALR, A0, A1, 0); });
        assertTrap(m, CAUSE_MISALIGNED_FETCH, at[0], Program.BASE + 0x102);
        assertEquals(7, m.reg(A0), "rd is not written");
        Machine j = trap(p -> { at[0] = p.here(); p.op(JAL, 1, 0, 0, 6); });
        assertTrap(j, CAUSE_MISALIGNED_FETCH, at[0], at[0] + 6);
        Machine b = trap(p -> { at[0] = p.here(); p.op(BEQ, 0, 0, 0, 10); });
        assertTrap(b, CAUSE_MISALIGNED_FETCH, at[0], at[0] + 10);
        // a branch that is not taken does not trap
        Machine nt = trap(p -> p.op(BNE, 0, 0, 0, 10).li(S2, 99));
        assertEquals(99, nt.reg(S2));
    }

    @Test void vectoredTvecSendsExceptionsToTheBase() {
        Machine m = trap(p -> p.li(T0, HANDLER | 1).csrw(Csr.MTVEC, T0).ecall());
        assertEquals(CAUSE_MACHINE_ECALL, m.reg(S2));
    }

    @Test void mepcDropsLowBitsAndMisaIsRv32imasu() {
        Machine m = trap(p -> p.li(T0, 0x1237).csrw(Csr.MEPC, T0).csrr(A0, Csr.MEPC).csrr(A1, Csr.MISA)
                .csrr(A2, Csr.MHARTID));
        assertEquals(0x1234, m.reg(A0));
        assertEquals(0x4014_1101, m.reg(A1));
        assertEquals(0, m.reg(A2));
    }

    @Test void unknownCsrIsIllegal() {
        int[] at = new int[1];
        int word = vmsh.isa.Encoder.encode(CSRRS, A0, 0, 0, 0x7c0);
        Machine m = trap(p -> { at[0] = p.here(); p.word(word); });
        assertTrap(m, CAUSE_ILLEGAL_INSTRUCTION, at[0], word);
    }

    @Test void writingAReadOnlyCsrIsIllegalButSetWithX0IsARead() {
        int write = vmsh.isa.Encoder.encode(CSRRW, A0, A1, 0, Csr.MHARTID);
        int[] at = new int[1];
        Machine m = trap(p -> { at[0] = p.here(); p.word(write); });
        assertTrap(m, CAUSE_ILLEGAL_INSTRUCTION, at[0], write);
        Machine ok = trap(p -> p.op(CSRRS, A0, 0, 0, Csr.MVENDORID).op(CSRRSI, A1, 0, 0, Csr.MARCHID)
                .op(CSRRC, A2, 0, 0, Csr.MIMPID).li(S2, 42));
        assertEquals(42, ok.reg(S2), "no trap");
        int setImm = vmsh.isa.Encoder.encode(CSRRSI, A0, 1, 0, Csr.CYCLE);
        Machine bad = trap(p -> { at[0] = p.here(); p.word(setImm); });
        assertTrap(bad, CAUSE_ILLEGAL_INSTRUCTION, at[0], setImm);
    }

    @Test void csrrcWithX0DoesNotWrite() {
        Machine m = trap(p -> p.li(T0, 0x55).csrw(Csr.MSCRATCH, T0).li(A1, 0).op(CSRRC, A0, 0, 0, Csr.MSCRATCH)
                .op(CSRRC, A2, A1, 0, Csr.MSCRATCH).op(CSRRCI, 0, 0x5, 0, Csr.MSCRATCH).csrr(A1, Csr.MSCRATCH));
        assertEquals(0x55, m.reg(A0));
        assertEquals(0x50, m.reg(A1));
    }

    @Test void userModeCannotTouchMachineCsrs() {
        int word = vmsh.isa.Encoder.encode(CSRRS, A0, 0, 0, Csr.MSTATUS);
        Machine m = inUser(p -> {}, p -> p.word(word));
        assertTrap(m, CAUSE_ILLEGAL_INSTRUCTION, USER, word);
        assertEquals(PRV_U, m.reg(S5));
    }

    @Test void userCountersNeedCounterenBits() {
        int cycle = vmsh.isa.Encoder.encode(CSRRS, A0, 0, 0, Csr.CYCLE);
        Machine denied = inUser(p -> {}, p -> p.word(cycle));
        assertTrap(denied, CAUSE_ILLEGAL_INSTRUCTION, USER, cycle);
        Machine onlyM = inUser(p -> p.li(T0, 7).csrw(Csr.MCOUNTEREN, T0), p -> p.word(cycle));
        assertTrap(onlyM, CAUSE_ILLEGAL_INSTRUCTION, USER, cycle);   // U also needs scounteren
        Machine allowed = inUser(p -> p.li(T0, 7).csrw(Csr.MCOUNTEREN, T0).csrw(Csr.SCOUNTEREN, T0),
                p -> p.word(cycle).csrr(A1, Csr.INSTRET).csrr(A2, Csr.TIME).ecall());
        assertEquals(CAUSE_USER_ECALL, allowed.reg(S2));
        assertTrue(allowed.reg(A0) > 0 && allowed.reg(A1) > 0);
    }

    @Test void minstretCountsRetiredInstructionsAndTakesWrites() {
        Machine m = trap(p -> p.csrr(A0, Csr.MINSTRET).i(ADDI, 0, 0, 0).i(ADDI, 0, 0, 0).csrr(A1, Csr.MINSTRET)
                .li(T0, 1000).csrw(Csr.MINSTRET, T0).csrr(A2, Csr.MINSTRET));
        assertEquals(3, m.reg(A1) - m.reg(A0));
        assertEquals(1000, m.reg(A2));
        Machine c = trap(p -> p.csrr(A0, Csr.MCYCLE).csrr(A1, Csr.MCYCLE).csrr(A2, Csr.MCYCLEH));
        assertEquals(Clock.CYCLES_PER_INSN, c.reg(A1) - c.reg(A0));
        assertEquals(0, c.reg(A2));
    }

    @Test void delegatedEcallGoesToSupervisor() {
        int stvec = Program.BASE + 0xa00;
        Program p = new Program().li(T0, HANDLER).csrw(Csr.MTVEC, T0).li(T0, stvec).csrw(Csr.STVEC, T0)
                .li(T0, 1 << CAUSE_USER_ECALL).csrw(Csr.MEDELEG, T0)
                .li(T0, USER).csrw(Csr.MEPC, T0).mret().padTo(USER).ecall().padTo(HANDLER).exit(1)
                .padTo(stvec).csrr(S2, Csr.SCAUSE).csrr(S3, Csr.SEPC).csrr(S4, Csr.SSTATUS).exit(0);
        Machine m = p.load();
        RunResult r = m.run(1000);
        assertEquals(0, r.exitCode(), r.message());
        assertEquals(CAUSE_USER_ECALL, m.reg(S2));
        assertEquals(USER, m.reg(S3));
        assertEquals(0, m.reg(S4) & Encoding.MSTATUS_SPP, "came from U");
        assertEquals(PRV_S, m.privilege());
    }

    @Test void sretReturnsAndIsIllegalInUser() {
        int sret = vmsh.isa.Encoder.encode(SRET, 0, 0, 0, 0);
        Machine u = inUser(p -> {}, p -> p.word(sret));
        assertTrap(u, CAUSE_ILLEGAL_INSTRUCTION, USER, sret);
        int mret = vmsh.isa.Encoder.encode(MRET, 0, 0, 0, 0);
        Machine um = inUser(p -> {}, p -> p.word(mret));
        assertTrap(um, CAUSE_ILLEGAL_INSTRUCTION, USER, mret);
    }

    @Test void wfiIsANopWithAnInterruptWaitingAndIllegalInUser() {
        // MSIP pending and enabled in mie, but mstatus.MIE = 0: wfi completes at once
        Machine m = trap(p -> p.li(T0, MemoryMap.CLINT).li(A0, 1).s(SW, A0, T0, 0)
                .li(T0, Encoding.MIP_MSIP).csrw(Csr.MIE, T0).op(WFI, 0, 0, 0, 0).li(S2, 5));
        assertEquals(5, m.reg(S2));
        int wfi = vmsh.isa.Encoder.encode(WFI, 0, 0, 0, 0);
        assertTrap(inUser(p -> {}, p -> p.word(wfi)), CAUSE_ILLEGAL_INSTRUCTION, USER, wfi);
    }

    // ---------------------------------------------------------------- atomics

    @Test void lrScPairSucceedsOnceAndTrapsClearTheReservation() {
        int a3 = 13, a4 = 14, a5 = 15;
        Program p = new Program().li(T0, HANDLER).csrw(Csr.MTVEC, T0).li(A1, DATA).li(T0, 5).s(SW, T0, A1, 0)
                .op(LR_W, A0, A1, 0, 0).i(ADDI, T0, A0, 1).op(SC_W, A2, A1, T0, 0)   // succeeds: 0
                .op(SC_W, a3, A1, T0, 0)                                            // sc cleared it: 1
                .op(LR_W, A0, A1, 0, 0).ecall()                                     // the trap clears it
                .padTo(HANDLER).op(SC_W, a4, A1, T0, 0).i(LW, a5, A1, 0).exit(0);
        Machine m = p.load();
        assertEquals(StopReason.HALT, m.run(1000).reason());
        assertEquals(0, m.reg(A2));
        assertEquals(1, m.reg(a3));
        assertEquals(1, m.reg(a4));
        assertEquals(6, m.reg(a5));
    }

    @Test void scWithoutReservationFailsAndDoesNotStore() {
        Machine m = trap(p -> p.li(A1, DATA).li(T0, 9).op(SC_W, A0, A1, T0, 0).i(LW, A2, A1, 0));
        assertEquals(1, m.reg(A0));
        assertEquals(0, m.reg(A2), "failed sc.w does not store");
    }

    @Test void amosReturnTheOldValue() {
        int[][] cases = {   // op, memory, rs2, expected memory after
            {AMOSWAP_W.ordinal(), 5, 9, 9}, {AMOADD_W.ordinal(), 5, -9, -4}, {AMOXOR_W.ordinal(), 6, 3, 5},
            {AMOAND_W.ordinal(), 6, 3, 2}, {AMOOR_W.ordinal(), 6, 3, 7}, {AMOMIN_W.ordinal(), -1, 1, -1},
            {AMOMAX_W.ordinal(), -1, 1, 1}, {AMOMINU_W.ordinal(), -1, 1, 1}, {AMOMAXU_W.ordinal(), -1, 1, -1},
        };
        for (int[] c : cases) {
            vmsh.isa.Opcode op = vmsh.isa.Opcode.values()[c[0]];
            Machine m = trap(p -> p.li(A1, DATA).li(T0, c[1]).s(SW, T0, A1, 0).li(A2, c[2])
                    .op(op, A0, A1, A2, 0).i(LW, S5, A1, 0).li(S2, 0).exit(0));
            assertEquals(c[1], m.reg(A0), op + " returns the old value");
            assertEquals(c[3], m.reg(S5), op + " stores");
        }
    }

    @Test void misalignedAtomicsAndAtomicsOnDevicesTrap() {
        int[] at = new int[1];
        Machine lr = trap(p -> { p.li(A1, DATA + 2); at[0] = p.here(); p.op(LR_W, A0, A1, 0, 0); });
        assertTrap(lr, CAUSE_MISALIGNED_LOAD, at[0], DATA + 2);
        Machine amo = trap(p -> { p.li(A1, DATA + 1); at[0] = p.here(); p.op(AMOADD_W, A0, A1, A2, 0); });
        assertTrap(amo, CAUSE_MISALIGNED_STORE, at[0], DATA + 1);
        Machine sc = trap(p -> { p.li(A1, DATA + 3); at[0] = p.here(); p.op(SC_W, A0, A1, A2, 0); });
        assertTrap(sc, CAUSE_MISALIGNED_STORE, at[0], DATA + 3);
        Machine dev = trap(p -> { p.li(A1, MemoryMap.CLINT); at[0] = p.here(); p.op(AMOOR_W, A0, A1, A2, 0); });
        assertTrap(dev, CAUSE_STORE_ACCESS, at[0], MemoryMap.CLINT);
    }
}
