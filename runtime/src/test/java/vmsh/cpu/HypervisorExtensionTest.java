package vmsh.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vmsh.cpu.CsrFile.*;
import static vmsh.isa.Encoding.*;

import org.junit.jupiter.api.Test;
import vmsh.isa.Csr;
import vmsh.isa.Extension;
import vmsh.isa.Isa;
import vmsh.isa.Opcode;

/** The hypervisor extension's privileged rules on a hart: CSRs, trap routing, xRET, interrupts. */
class HypervisorExtensionTest {
    final Clock clock = new Clock();
    final Hart hart = new Hart(new CsrFile(clock, () -> 0, () -> 0, Isa.DEFAULT.with(Extension.H)));
    final CsrFile csr = hart.csr;

    private int causeOf(Runnable r) { return assertThrows(Trap.class, r::run).cause; }

    private void csrw(int number, int value) { hart.csrInstruction(Opcode.CSRRW, number, Hart.X0_SINK, value, false, 0x1234); }

    private int csrr(int number) {
        hart.csrInstruction(Opcode.CSRRS, number, 5, 0, true, 0x1234);
        return hart.x[5];
    }

    private void guest(int priv) {
        hart.priv = priv;
        hart.virt = true;
    }

    @Test void misaShowsHOnlyOnAHypervisorHart() {
        assertTrue((csr.read(Csr.MISA) & Extension.H.misaBit()) != 0);
        CsrFile plain = new CsrFile(clock, () -> 0, () -> 0);
        assertEquals(0, plain.read(Csr.MISA) & Extension.H.misaBit());
        assertFalse(plain.exists(Csr.HSTATUS));
        Hart h = new Hart(plain);
        h.priv = PRV_S;
        assertEquals(CAUSE_ILLEGAL_INSTRUCTION, causeOf(() -> h.csrInstruction(Opcode.CSRRS, Csr.HSTATUS, 5, 0, true, 1)));
    }

    @Test void withoutHMstatushMpvIsReadOnlyZeroAndMretNeverEntersV() {
        Hart h = new Hart(new CsrFile(clock, () -> 0, () -> 0));
        h.csrInstruction(Opcode.CSRRW, Csr.MSTATUSH, Hart.X0_SINK, MSTATUSH_MPV | MSTATUSH_GVA, false, 0x1234);
        assertEquals(0, h.csr.read(Csr.MSTATUSH));
        h.csr.write(Csr.MSTATUS, PRV_S << 11);
        h.csr.write(Csr.MEPC, 0x8000_0000);
        h.mret(0x30200073);
        assertEquals(PRV_S, h.priv);
        assertFalse(h.virt, "mret entered V=1 on a hart without H");
        csrw(Csr.MSTATUSH, MSTATUSH_MPV);
        assertEquals(MSTATUSH_MPV, csr.mstatush, "with H, MPV is writable");
    }

    @Test void hsModeReachesHypervisorAndVsCsrs() {
        hart.priv = PRV_S;
        csrw(Csr.HGATP, 0x8000_0000 | 3 << 22 | 0x80007);
        assertEquals(0x8000_0000 | 3 << 22 | 0x80004, csrr(Csr.HGATP));   // root PPN 16 KiB aligned: low 2 bits read 0
        csrw(Csr.VSATP, 0x8000_1234);
        assertEquals(0x8000_1234, csr.vsatp);
        csrw(Csr.HEDELEG, -1);
        assertEquals(0x1ff | 1 << 12 | 1 << 13 | 1 << 15, csr.hedeleg);   // no ecall from HS/VS/M, no guest faults
        hart.priv = PRV_U;
        assertEquals(CAUSE_ILLEGAL_INSTRUCTION, causeOf(() -> csrr(Csr.HSTATUS)));
    }

    @Test void midelegReadsTheVsInterruptsAsDelegated() {
        assertEquals(VS_INTERRUPTS, csr.read(Csr.MIDELEG) & VS_INTERRUPTS);
        csr.write(Csr.MIDELEG, 0);
        assertEquals(VS_INTERRUPTS, csr.read(Csr.MIDELEG));
    }

    @Test void supervisorCsrsNameTheVsCsrsWhenVirtual() {
        guest(PRV_S);
        csrw(Csr.SSCRATCH, 42);
        csrw(Csr.SSTATUS, MSTATUS_SIE | MSTATUS_SUM);
        csrw(Csr.SATP, 0x8000_0077);
        assertEquals(42, csr.vsscratch);
        assertEquals(0, csr.sscratch);
        assertEquals(MSTATUS_SIE | MSTATUS_SUM, csr.vsstatus);
        assertEquals(0, csr.mstatus & MSTATUS_SUM);
        assertEquals(0x8000_0077, csr.vsatp);
        assertEquals(0, csr.satp);
        assertEquals(42, csrr(Csr.SSCRATCH));
    }

    @Test void vsipAndVsieAreTheDelegatedVsBitsShiftedDown() {
        csr.hideleg = MIP_VSTIP;
        csr.hvip = MIP_VSTIP | MIP_VSSIP;
        guest(PRV_S);
        assertEquals(MIP_STIP, csrr(Csr.SIP));   // VSSIP is not delegated: invisible
        csrw(Csr.SIE, MIP_STIP | MIP_SSIP);
        assertEquals(MIP_VSTIP, csr.mie);
    }

    @Test void hsWritesToSieLeaveTheVsEnablesAlone() {
        // the VS-level enables live in hie (mie's VS bits), not in sie: a hypervisor that masks
        // its own timer must not turn off the guest's
        csr.hideleg = MIP_VSTIP;
        guest(PRV_S);
        csrw(Csr.SIE, MIP_STIP);                       // the guest enables its timer: vsie.STIE = hie.VSTIE
        hart.virt = false;
        csrw(Csr.SIE, MIP_STIP);
        hart.csrInstruction(Opcode.CSRRC, Csr.SIE, Hart.X0_SINK, MIP_STIP, false, 0x1234);
        assertEquals(MIP_VSTIP, csrr(Csr.HIE));
        assertEquals(0, csrr(Csr.SIE));
    }

    @Test void virtualModeRaisesVirtualInstructionWhereHsModeCouldAct() {
        guest(PRV_S);
        assertEquals(CAUSE_VIRTUAL_INSTRUCTION, causeOf(() -> csrr(Csr.HSTATUS)));
        assertEquals(CAUSE_VIRTUAL_INSTRUCTION, causeOf(() -> csrr(Csr.VSSTATUS)));
        assertEquals(CAUSE_ILLEGAL_INSTRUCTION, causeOf(() -> csrr(Csr.MSTATUS)));
        assertEquals(CAUSE_VIRTUAL_INSTRUCTION, causeOf(() -> hart.hfence(0x22000073, false)));
        csr.hstatus = HSTATUS_VTW;
        assertEquals(CAUSE_VIRTUAL_INSTRUCTION, causeOf(() -> hart.wfi(0x10500073)));
        csr.hstatus = HSTATUS_VTSR;
        assertEquals(CAUSE_VIRTUAL_INSTRUCTION, causeOf(() -> hart.sret(0x10200073)));
        csr.hstatus = HSTATUS_VTVM;
        assertEquals(CAUSE_VIRTUAL_INSTRUCTION, causeOf(() -> csrr(Csr.SATP)));
        assertEquals(CAUSE_VIRTUAL_INSTRUCTION, causeOf(() -> hart.sfenceVma(0x12000073)));
        guest(PRV_U);
        csr.hstatus = 0;
        assertEquals(CAUSE_VIRTUAL_INSTRUCTION, causeOf(() -> csrr(Csr.SSTATUS)));
        assertEquals(CAUSE_VIRTUAL_INSTRUCTION, causeOf(() -> hart.wfi(0x10500073)));
        assertEquals(CAUSE_VIRTUAL_INSTRUCTION, causeOf(() -> hart.sret(0x10200073)));
    }

    @Test void countersInVirtualModeNeedHcounteren() {
        csr.mcounteren = 7;
        guest(PRV_S);
        assertEquals(CAUSE_VIRTUAL_INSTRUCTION, causeOf(() -> csrr(Csr.TIME)));
        csr.hcounteren = 2;
        csrr(Csr.TIME);
        csr.mcounteren = 0;
        assertEquals(CAUSE_ILLEGAL_INSTRUCTION, causeOf(() -> csrr(Csr.TIME)));
    }

    @Test void ecallFromVsModeIsCauseTen() {
        guest(PRV_S);
        assertEquals(CAUSE_VIRTUAL_SUPERVISOR_ECALL, hart.ecall().cause);
        guest(PRV_U);
        assertEquals(CAUSE_USER_ECALL, hart.ecall().cause);
    }

    @Test void aDelegatedGuestExceptionStaysInVsMode() {
        csr.medeleg = 1 << CAUSE_LOAD_PAGE_FAULT;
        csr.hedeleg = 1 << CAUSE_LOAD_PAGE_FAULT;
        csr.vstvec = 0x8000_0100;
        csr.vsstatus = MSTATUS_SIE;
        guest(PRV_U);
        int handler = hart.takeTrap(CAUSE_LOAD_PAGE_FAULT, 0x4000_0000, 0x1000);
        assertEquals(0x8000_0100, handler);
        assertTrue(hart.virt);
        assertEquals(PRV_S, hart.priv);
        assertEquals(CAUSE_LOAD_PAGE_FAULT, csr.vscause);
        assertEquals(0x4000_0000, csr.vstval);
        assertEquals(0x1000, csr.vsepc);
        assertEquals(MSTATUS_SPIE, csr.vsstatus);   // SPP = U, SPIE = old SIE, SIE = 0
        assertEquals(0, csr.scause);
    }

    @Test void aGuestPageFaultGoesToHsModeWithGpaAndTheGuestsMode() {
        csr.medeleg = -1;
        csr.stvec = 0x8000_0200;
        guest(PRV_S);
        int handler = hart.takeTrap(CAUSE_LOAD_GUEST_PAGE_FAULT, 0x4000_0010, 0x1004, 0x8012_3010L);
        assertEquals(0x8000_0200, handler);
        assertFalse(hart.virt);
        assertEquals(PRV_S, hart.priv);
        assertEquals(CAUSE_LOAD_GUEST_PAGE_FAULT, csr.scause);
        assertEquals(0x4000_0010, csr.stval);
        assertEquals(0x8012_3010 >>> 2, csr.htval);
        assertEquals(HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_GVA, csr.hstatus & (HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_GVA));
        // sret from HS-mode goes back into the guest: V = SPV, privilege = SPP
        hart.pc = hart.sret(0x10200073);
        assertTrue(hart.virt);
        assertEquals(PRV_S, hart.priv);
        assertEquals(0x1004, hart.pc);
        assertEquals(0, csr.hstatus & HSTATUS_SPV);
    }

    @Test void aVsTimerInterruptReachesTheGuestAsItsSupervisorTimer() {
        csr.hideleg = VS_INTERRUPTS;
        csr.mie = MIP_VSTIP;
        csr.vstvec = 0x8000_0301;   // vectored
        guest(PRV_S);
        assertEquals(-1, hart.pendingInterrupt());
        csr.hvip = MIP_VSTIP;
        assertEquals(-1, hart.pendingInterrupt());   // vsstatus.SIE clear in VS-mode
        csr.vsstatus = MSTATUS_SIE;
        assertEquals(IRQ_VS_TIMER, hart.pendingInterrupt());
        int handler = hart.takeInterrupt(IRQ_VS_TIMER, 0x2000);
        assertEquals(0x8000_0300 + 4 * IRQ_S_TIMER, handler);
        assertEquals(MCAUSE_INTERRUPT | IRQ_S_TIMER, csr.vscause);
        assertTrue(hart.virt);
        hart.virt = false;
        assertEquals(-1, hart.pendingInterrupt());   // not in HS-mode: it belongs to the guest
    }
}
