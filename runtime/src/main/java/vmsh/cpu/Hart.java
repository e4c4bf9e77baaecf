package vmsh.cpu;

import static vmsh.cpu.CsrFile.*;
import static vmsh.isa.Encoding.*;

import vmsh.isa.Csr;
import vmsh.isa.Opcode;

/**
 * The architectural state of one RISC-V hart (registers, pc, privilege and V, CSRs, the
 * LR/SC reservation) and the privileged rules that change it: trap entry with delegation
 * (medeleg to HS, hedeleg on to VS), xRET, interrupts, CSR instructions (s* CSRs name the
 * vs* ones when V=1) and the system instructions. The engine executes
 * ordinary instructions directly on {@link #x}.
 */
public final class Hart implements vmsh.state.Stateful {
    /** Dump slot: decoded rd = x0 writes here, so x[0] stays 0 without a branch. */
    public static final int X0_SINK = 32;

    /** x0..x31, plus the x0 sink at index 32. */
    public final int[] x = new int[33];
    public int pc;
    public int priv = PRV_M;
    /** V: the hart runs a guest (VS-mode or VU-mode); only with the hypervisor extension. */
    public boolean virt;
    public final CsrFile csr;

    /** The LR/SC reservation: a word address, valid while {@link #reserved}. */
    public int reservation;
    public boolean reserved;

    public Hart(CsrFile csr) { this.csr = csr; }

    /** x1..x31, pc, privilege, V, the reservation, then the CSRs. */
    @Override
    public void save(vmsh.state.StateOut out) {
        out.putInts(java.util.Arrays.copyOf(x, 32)).putInt(pc).putInt(priv).putBoolean(virt);
        out.putInt(reservation).putBoolean(reserved);
        out.section("csr", csr);
    }

    @Override
    public void restore(vmsh.state.StateIn in) {
        int[] regs = in.getInts();
        if (regs == null || regs.length != 32) throw new vmsh.state.StateException("state section 'hart': bad registers");
        System.arraycopy(regs, 0, x, 0, 32);
        x[0] = 0;
        x[X0_SINK] = 0;
        pc = in.getInt();
        priv = in.getInt();
        if (priv != PRV_U && priv != PRV_S && priv != PRV_M) throw new vmsh.state.StateException("state section 'hart': privilege " + priv);
        virt = in.getBoolean();
        reservation = in.getInt();
        reserved = in.getBoolean();
        in.section("csr", csr);
    }

    /** Where a trap goes: M-mode, HS-mode (S-mode with V=0) or VS-mode (S-mode with V=1). */
    public static final int TARGET_M = 3, TARGET_HS = 1, TARGET_VS = 2;

    /**
     * The mode exception {@code cause} is taken in: M-mode from M or without medeleg; then
     * VS-mode when V=1 and hedeleg delegates it too; else HS-mode.
     */
    public int trapTarget(int cause) {
        if (priv == PRV_M || (csr.medeleg >>> cause & 1) == 0) return TARGET_M;
        return virt && (csr.hedeleg >>> cause & 1) != 0 ? TARGET_VS : TARGET_HS;
    }

    /** The mode interrupt {@code code} is taken in: M without mideleg, VS with hideleg, else HS. */
    public int interruptTarget(int code) {
        if ((csr.mideleg >>> code & 1) == 0) return TARGET_M;
        return (csr.hideleg >>> code & 1) != 0 ? TARGET_VS : TARGET_HS;
    }

    /**
     * Takes exception {@code cause} raised by the instruction at {@code epc}; returns the
     * handler's address (see {@link #trapTarget}). Exceptions always use the vector base.
     */
    public int takeTrap(int cause, int tval, int epc) { return takeTrap(cause, tval, epc, -1); }

    /** The same, for a guest-page fault at guest-physical {@code gpa} (htval/mtval2 = gpa >> 2), else gpa = -1. */
    public int takeTrap(int cause, int tval, int epc, long gpa) { return takeTrap(cause, tval, epc, gpa, 0, false); }

    /**
     * The same, with what htinst/mtinst get ({@code tinst}, see {@link TrapInstruction}), and
     * {@code virtualAccess} when the trapping instruction was an HLV, HLVX or HSV (its
     * address is a guest virtual address, though V=0).
     */
    public int takeTrap(int cause, int tval, int epc, long gpa, int tinst, boolean virtualAccess) {
        return enter(cause, tval, epc, gpa, tinst, virtualAccess, trapTarget(cause), false);
    }

    /** Takes interrupt {@code code} at {@code epc} (the next instruction); returns the handler. */
    public int takeInterrupt(int code, int epc) {
        return enter(code, 0, epc, -1, 0, false, interruptTarget(code), true);
    }

    private int enter(int code, int tval, int epc, long gpa, int tinst, boolean virtualAccess, int target, boolean interrupt) {
        reserved = false;
        boolean gva = (virt || virtualAccess) && !interrupt && guestVirtualTval(code);
        return switch (target) {
            case TARGET_VS -> enterVirtualSupervisor(code, tval, epc, interrupt);
            case TARGET_HS -> enterSupervisor(code, tval, epc, gpa, tinst, gva, interrupt);
            default -> enterMachine(code, tval, epc, gpa, tinst, gva, interrupt);
        };
    }

    /**
     * VS-mode trap entry (V stays 1): vscause, vsepc, vstval, vsstatus.SPP/SPIE/SIE, to vstvec.
     * A VS-level interrupt appears to the guest as its S-level one (VSTI 6 as STI 5).
     * The hypervisor also calls it to inject a trap into a guest.
     */
    public int enterVirtualSupervisor(int code, int tval, int epc, boolean interrupt) {
        int guestCode = interrupt ? code - 1 : code;
        csr.vscause = interrupt ? guestCode | MCAUSE_INTERRUPT : code;
        csr.vsepc = epc;
        csr.vstval = tval;
        csr.vsstatus = supervisorEntry(csr.vsstatus, priv == PRV_S);
        priv = PRV_S;
        return vector(csr.vstvec, guestCode, interrupt);
    }

    /**
     * HS-mode trap entry: V=0; hstatus remembers V (SPV), the guest's privilege (SPVP) and
     * whether stval holds a guest virtual address (GVA); htval the GPA, htinst {@code tinst}.
     */
    private int enterSupervisor(int code, int tval, int epc, long gpa, int tinst, boolean gva, boolean interrupt) {
        csr.scause = interrupt ? code | MCAUSE_INTERRUPT : code;
        csr.sepc = epc;
        csr.stval = tval;
        if (csr.hypervisor) {
            csr.htval = gpa >= 0 ? (int) (gpa >>> 2) : 0;
            csr.htinst = tinst;
            int h = csr.hstatus & ~(HSTATUS_SPV | HSTATUS_GVA);
            if (virt) h = h & ~HSTATUS_SPVP | HSTATUS_SPV | (priv == PRV_S ? HSTATUS_SPVP : 0);
            if (gva) h |= HSTATUS_GVA;
            csr.hstatus = h;
        }
        csr.mstatus = supervisorEntry(csr.mstatus, priv == PRV_S);
        virt = false;
        priv = PRV_S;
        return vector(csr.stvec, code, interrupt);
    }

    private int enterMachine(int code, int tval, int epc, long gpa, int tinst, boolean gva, boolean interrupt) {
        csr.mcause = interrupt ? code | MCAUSE_INTERRUPT : code;
        csr.mepc = epc;
        csr.mtval = tval;
        if (csr.hypervisor) {
            csr.mtval2 = gpa >= 0 ? (int) (gpa >>> 2) : 0;
            csr.mtinst = tinst;
            csr.mstatush = (virt ? MSTATUSH_MPV : 0) | (gva ? MSTATUSH_GVA : 0);
        }
        int s = csr.mstatus;
        csr.mstatus = s & ~(MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE)
                | priv << MSTATUS_MPP_SHIFT
                | ((s & MSTATUS_MIE) != 0 ? MSTATUS_MPIE : 0);
        virt = false;
        priv = PRV_M;
        return vector(csr.mtvec, code, interrupt);
    }

    /** sstatus/vsstatus on trap entry: SPP = the old mode was S, SPIE = SIE, SIE = 0. */
    private static int supervisorEntry(int s, boolean fromS) {
        return s & ~(MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE)
                | (fromS ? MSTATUS_SPP : 0)
                | ((s & MSTATUS_SIE) != 0 ? MSTATUS_SPIE : 0);
    }

    /** Exceptions whose tval is a faulting address: with V=1 it is a guest virtual address (GVA). */
    public static boolean guestVirtualTval(int code) {
        return switch (code) {
            case CAUSE_MISALIGNED_FETCH, CAUSE_FETCH_ACCESS, CAUSE_MISALIGNED_LOAD, CAUSE_LOAD_ACCESS,
                 CAUSE_MISALIGNED_STORE, CAUSE_STORE_ACCESS, CAUSE_FETCH_PAGE_FAULT, CAUSE_LOAD_PAGE_FAULT,
                 CAUSE_STORE_PAGE_FAULT, CAUSE_FETCH_GUEST_PAGE_FAULT, CAUSE_LOAD_GUEST_PAGE_FAULT,
                 CAUSE_STORE_GUEST_PAGE_FAULT -> true;
            default -> false;
        };
    }

    /** Direct mode jumps to BASE; vectored mode sends interrupts to BASE + 4 * cause. */
    private static int vector(int tvec, int code, boolean interrupt) {
        int base = tvec & ~3;
        return interrupt && (tvec & 3) == TVEC_VECTORED ? base + 4 * code : base;
    }

    /**
     * The interrupt to take now, or -1. Pending and enabled (mip & mie) interrupts go to
     * M-mode unless delegated; M-level ones are enabled below M or with mstatus.MIE,
     * S-level (HS) ones with V=1, below S, or in S with mstatus.SIE; VS-level ones (hideleg)
     * only with V=1, in VU or with vsstatus.SIE. M before HS before VS, then by the fixed
     * priority: MEI, MSI, MTI, SEI, SSI, STI, SGEI, VSEI, VSSI, VSTI.
     */
    public int pendingInterrupt() {
        if (csr.mie == 0) return -1;
        int pending = csr.mip() & csr.mie;
        if (pending == 0) return -1;
        int s = csr.mstatus;
        boolean mEnabled = priv < PRV_M || (s & MSTATUS_MIE) != 0;
        boolean sEnabled = virt || priv < PRV_S || (priv == PRV_S && (s & MSTATUS_SIE) != 0);
        int toM = pending & ~csr.mideleg;
        int toS = pending & csr.mideleg & ~csr.hideleg;
        // interrupts for M-mode come before those for S-mode, then by the fixed priority
        if (mEnabled && toM != 0) return highestPriority(toM);
        if (sEnabled && toS != 0) return highestPriority(toS);
        if (virt) {
            int toVS = pending & csr.mideleg & csr.hideleg;
            boolean vsEnabled = priv == PRV_U || (csr.vsstatus & MSTATUS_SIE) != 0;
            if (vsEnabled && toVS != 0) return highestPriority(toVS);
        }
        return -1;
    }

    private static int highestPriority(int pending) {
        for (int code : INTERRUPT_PRIORITY) if ((pending >>> code & 1) != 0) return code;
        return -1;
    }

    /** wfi wakes when an interrupt is pending and enabled in mie, whatever mstatus.MIE/SIE say. */
    public boolean interruptWaiting() { return (csr.mip() & csr.mie) != 0; }

    private static final int[] INTERRUPT_PRIORITY = {
        IRQ_M_EXT, IRQ_M_SOFT, IRQ_M_TIMER,
        IRQ_S_EXT, IRQ_S_SOFT, IRQ_S_TIMER,
        IRQ_S_GEXT, IRQ_VS_EXT, IRQ_VS_SOFT,
        IRQ_VS_TIMER,
    };

    /**
     * mret: back to mstatus.MPP (and V = mstatush.MPV) at mepc; MIE = MPIE, MPIE = 1,
     * MPP = U, MPV = 0, MPRV cleared below M.
     */
    public int mret(int word) {
        if (priv < PRV_M) throw virt ? virtualInstruction(word) : illegal(word);
        int s = csr.mstatus;
        int next = csr.mpp();
        s = s & ~(MSTATUS_MPP | MSTATUS_MIE) | MSTATUS_MPIE
              | ((s & MSTATUS_MPIE) != 0 ? MSTATUS_MIE : 0);
        if (next != PRV_M) s &= ~MSTATUS_MPRV;
        csr.mstatus = s;
        virt = next != PRV_M && (csr.mstatush & MSTATUSH_MPV) != 0;
        csr.mstatush &= ~MSTATUSH_MPV;
        priv = next;
        reserved = false;
        return csr.mepc;
    }

    /**
     * sret: back to sstatus.SPP at sepc, and in HS-mode to V = hstatus.SPV (cleared). Illegal
     * in U, and in S when mstatus.TSR is set. With V=1 it works on vsstatus and vsepc, and
     * VU-mode or hstatus.VTSR make it a virtual-instruction exception.
     */
    public int sret(int word) {
        if (virt) {
            if (priv == PRV_U || (csr.hstatus & HSTATUS_VTSR) != 0) throw virtualInstruction(word);
            int next = (csr.vsstatus & MSTATUS_SPP) != 0 ? PRV_S : PRV_U;
            csr.vsstatus = supervisorReturn(csr.vsstatus);
            priv = next;
            reserved = false;
            return csr.vsepc;
        }
        if (priv < PRV_S || (priv == PRV_S && (csr.mstatus & MSTATUS_TSR) != 0)) throw illegal(word);
        int next = (csr.mstatus & MSTATUS_SPP) != 0 ? PRV_S : PRV_U;
        csr.mstatus = supervisorReturn(csr.mstatus) & ~MSTATUS_MPRV;
        if (csr.hypervisor) {
            virt = (csr.hstatus & HSTATUS_SPV) != 0;
            csr.hstatus &= ~HSTATUS_SPV;
        }
        priv = next;
        reserved = false;
        return csr.sepc;
    }

    /** sstatus/vsstatus on sret: SIE = SPIE, SPIE = 1, SPP = U. */
    private static int supervisorReturn(int s) {
        return s & ~(MSTATUS_SPP | MSTATUS_SIE) | MSTATUS_SPIE | ((s & MSTATUS_SPIE) != 0 ? MSTATUS_SIE : 0);
    }

    /** ecall: cause 8 from U (and VU), 9 from HS, 10 from VS, 11 from M. */
    public Trap ecall() { return new Trap(ecallCause(), 0); }

    /** The exception an ecall raises here (tval 0). */
    public int ecallCause() {
        return switch (priv) {
            case PRV_U -> CAUSE_USER_ECALL;
            case PRV_S -> virt ? CAUSE_VIRTUAL_SUPERVISOR_ECALL : CAUSE_SUPERVISOR_ECALL;
            default -> CAUSE_MACHINE_ECALL;
        };
    }

    /**
     * wfi: illegal below M when mstatus.TW is set, and in U-mode; with V=1 (TW clear) a
     * virtual-instruction exception in VU-mode or when hstatus.VTW is set.
     */
    public void wfi(int word) {
        if (priv < PRV_M && (csr.mstatus & MSTATUS_TW) != 0) throw illegal(word);
        if (virt) {
            if (priv == PRV_U || (csr.hstatus & HSTATUS_VTW) != 0) throw virtualInstruction(word);
        } else if (priv == PRV_U) {
            throw illegal(word);
        }
    }

    /**
     * sfence.vma: illegal in U-mode, and in S-mode when mstatus.TVM is set; with V=1 a
     * virtual-instruction exception in VU-mode or under hstatus.VTVM.
     */
    public void sfenceVma(int word) {
        if (virt) {
            if (priv == PRV_U || (csr.hstatus & HSTATUS_VTVM) != 0) throw virtualInstruction(word);
        } else if (priv == PRV_U || (priv == PRV_S && (csr.mstatus & MSTATUS_TVM) != 0)) {
            throw illegal(word);
        }
    }

    /**
     * hfence.vvma and hfence.gvma: HS-mode and M-mode only (hfence.gvma in HS not under
     * mstatus.TVM); a virtual-instruction exception with V=1; illegal without misa.H.
     */
    public void hfence(int word, boolean gvma) {
        if (!csr.hypervisor) throw illegal(word);
        if (virt) throw virtualInstruction(word);
        if (priv == PRV_U || (gvma && priv == PRV_S && (csr.mstatus & MSTATUS_TVM) != 0)) throw illegal(word);
    }

    /**
     * HLV, HLVX and HSV: HS-mode and M-mode, and U-mode (V=0) when hstatus.HU lets it; a
     * virtual-instruction exception with V=1; illegal without misa.H.
     */
    public void hypervisorLoadStore(int word) {
        if (!csr.hypervisor) throw illegal(word);
        if (virt) throw virtualInstruction(word);
        if (priv == PRV_U && (csr.hstatus & HSTATUS_HU) == 0) throw illegal(word);
    }

    /**
     * The privilege an HLV, HLVX or HSV accesses guest memory with: VS (S) when
     * hstatus.SPVP is set, else VU (U).
     */
    public int hypervisorAccessPrivilege() { return (csr.hstatus & HSTATUS_SPVP) != 0 ? PRV_S : PRV_U; }

    /**
     * A CSR instruction: reads the old value into x[rd] and writes the new one. csrrs and
     * csrrc with rs1 = x0 (and their immediate forms with uimm = 0) do not write, so they
     * may read read-only CSRs.
     *
     * @param src the value of rs1, or the 5-bit immediate for the i-forms
     * @param srcIsZero rs1 is x0 (or uimm is 0)
     */
    public void csrInstruction(Opcode op, int csrNumber, int rd, int src, boolean srcIsZero, int word) {
        int cause = tryCsrInstruction(op, csrNumber, rd, src, srcIsZero);
        if (cause >= 0) throw new Trap(cause, word);
    }

    /**
     * The same, returning the exception it raises (tval: the instruction) instead of
     * throwing it, or -1 when it completed.
     */
    public int tryCsrInstruction(Opcode op, int csrNumber, int rd, int src, boolean srcIsZero) {
        boolean writes = Csr.writes(op, srcIsZero);
        int cause = csr.fault(csrNumber, priv, virt, writes);
        if (cause >= 0) return cause;
        if (virt) csrNumber = CsrFile.redirectVirtual(csrNumber);
        int old = virt ? csr.readVirtual(csrNumber) : csr.read(csrNumber);
        if (writes) csr.write(csrNumber, Csr.written(op, csr.readForUpdate(csrNumber), src));
        x[rd] = old;
        return -1;
    }

    public static Trap illegal(int word) { return new Trap(CAUSE_ILLEGAL_INSTRUCTION, word); }

    public static Trap virtualInstruction(int word) { return new Trap(CAUSE_VIRTUAL_INSTRUCTION, word); }
}
