package vmsh.cpu;

import static vmsh.cpu.CsrFile.*;

/**
 * The architectural state of one RISC-V hart (registers, pc, privilege, CSRs, the LR/SC
 * reservation) and the privileged rules that change it: trap entry with delegation,
 * xRET, interrupts, CSR instructions and the system instructions. The engine executes
 * ordinary instructions directly on {@link #x}.
 */
public final class Hart {
    /** Dump slot: decoded rd = x0 writes here, so x[0] stays 0 without a branch. */
    public static final int X0_SINK = 32;

    /** x0..x31, plus the x0 sink at index 32. */
    public final int[] x = new int[33];
    public int pc;
    public int priv = Priv.M;
    public final CsrFile csr;

    /** The LR/SC reservation: a word address, valid while {@link #reserved}. */
    public int reservation;
    public boolean reserved;

    public Hart(CsrFile csr) { this.csr = csr; }

    /**
     * Takes exception {@code cause} raised by the instruction at {@code epc}; returns the
     * handler's address. It goes to S-mode when medeleg delegates it and the hart is not
     * in M-mode, else to M-mode. Exceptions always use the vector base (direct).
     */
    public int takeTrap(int cause, int tval, int epc) {
        boolean toS = priv <= Priv.S && (csr.medeleg >>> cause & 1) != 0;
        return enter(cause, tval, epc, toS, false);
    }

    /** Takes interrupt {@code code} at {@code epc} (the next instruction); returns the handler. */
    public int takeInterrupt(int code, int epc) {
        boolean toS = (csr.mideleg >>> code & 1) != 0;
        return enter(code, 0, epc, toS, true);
    }

    private int enter(int code, int tval, int epc, boolean toS, boolean interrupt) {
        reserved = false;
        int cause = interrupt ? code | Cause.INTERRUPT : code;
        int s = csr.mstatus;
        int tvec;
        if (toS) {
            csr.scause = cause;
            csr.sepc = epc;
            csr.stval = tval;
            s = s & ~(MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE)
                  | (priv == Priv.S ? MSTATUS_SPP : 0)
                  | ((s & MSTATUS_SIE) != 0 ? MSTATUS_SPIE : 0);
            tvec = csr.stvec;
            priv = Priv.S;
        } else {
            csr.mcause = cause;
            csr.mepc = epc;
            csr.mtval = tval;
            s = s & ~(MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE)
                  | priv << MSTATUS_MPP_SHIFT
                  | ((s & MSTATUS_MIE) != 0 ? MSTATUS_MPIE : 0);
            tvec = csr.mtvec;
            priv = Priv.M;
        }
        csr.mstatus = s;
        return vector(tvec, code, interrupt);
    }

    /** Direct mode jumps to BASE; vectored mode sends interrupts to BASE + 4 * cause. */
    private static int vector(int tvec, int code, boolean interrupt) {
        int base = tvec & ~3;
        return interrupt && (tvec & 3) == TVEC_VECTORED ? base + 4 * code : base;
    }

    /**
     * The interrupt to take now, or -1. Pending and enabled (mip & mie) interrupts go to
     * M-mode unless delegated; M-level ones are enabled below M or with mstatus.MIE,
     * S-level ones below S or in S with mstatus.SIE. Priority: MEI, MSI, MTI, SEI, SSI, STI.
     */
    public int pendingInterrupt() {
        if (csr.mie == 0) return -1;
        int pending = csr.mip() & csr.mie;
        if (pending == 0) return -1;
        int s = csr.mstatus;
        boolean mEnabled = priv < Priv.M || (s & MSTATUS_MIE) != 0;
        boolean sEnabled = priv < Priv.S || (priv == Priv.S && (s & MSTATUS_SIE) != 0);
        int toM = pending & ~csr.mideleg;
        int toS = pending & csr.mideleg;
        // interrupts for M-mode come before those for S-mode, then by the fixed priority
        if (mEnabled && toM != 0) return highestPriority(toM);
        if (sEnabled && toS != 0) return highestPriority(toS);
        return -1;
    }

    private static int highestPriority(int pending) {
        for (int code : INTERRUPT_PRIORITY) if ((pending >>> code & 1) != 0) return code;
        return -1;
    }

    /** wfi wakes when an interrupt is pending and enabled in mie, whatever mstatus.MIE/SIE say. */
    public boolean interruptWaiting() { return (csr.mip() & csr.mie) != 0; }

    private static final int[] INTERRUPT_PRIORITY = {
        Cause.MACHINE_EXTERNAL, Cause.MACHINE_SOFTWARE, Cause.MACHINE_TIMER,
        Cause.SUPERVISOR_EXTERNAL, Cause.SUPERVISOR_SOFTWARE, Cause.SUPERVISOR_TIMER,
    };

    /** mret: back to mstatus.MPP at mepc; MIE = MPIE, MPIE = 1, MPP = U, MPRV cleared below M. */
    public int mret(int word) {
        if (priv < Priv.M) throw illegal(word);
        int s = csr.mstatus;
        int next = csr.mpp();
        s = s & ~(MSTATUS_MPP | MSTATUS_MIE) | MSTATUS_MPIE
              | ((s & MSTATUS_MPIE) != 0 ? MSTATUS_MIE : 0);
        if (next != Priv.M) s &= ~MSTATUS_MPRV;
        csr.mstatus = s;
        priv = next;
        reserved = false;
        return csr.mepc;
    }

    /** sret: back to sstatus.SPP at sepc; illegal in U, and in S when mstatus.TSR is set. */
    public int sret(int word) {
        if (priv < Priv.S || (priv == Priv.S && (csr.mstatus & MSTATUS_TSR) != 0)) throw illegal(word);
        int s = csr.mstatus;
        int next = (s & MSTATUS_SPP) != 0 ? Priv.S : Priv.U;
        s = s & ~(MSTATUS_SPP | MSTATUS_SIE | MSTATUS_MPRV) | MSTATUS_SPIE
              | ((s & MSTATUS_SPIE) != 0 ? MSTATUS_SIE : 0);
        csr.mstatus = s;
        priv = next;
        reserved = false;
        return csr.sepc;
    }

    /** ecall: cause 8 from U, 9 from S, 11 from M. */
    public Trap ecall() {
        int cause = switch (priv) {
            case Priv.U -> Cause.USER_ECALL;
            case Priv.S -> Cause.SUPERVISOR_ECALL;
            default -> Cause.MACHINE_ECALL;
        };
        return new Trap(cause, 0);
    }

    /** wfi: illegal in U-mode (S is implemented) and below M when mstatus.TW is set. */
    public void wfi(int word) {
        if (priv == Priv.U || (priv < Priv.M && (csr.mstatus & MSTATUS_TW) != 0)) throw illegal(word);
    }

    /** sfence.vma: illegal in U-mode, and in S-mode when mstatus.TVM is set. */
    public void sfenceVma(int word) {
        if (priv == Priv.U || (priv == Priv.S && (csr.mstatus & MSTATUS_TVM) != 0)) throw illegal(word);
    }

    /**
     * A CSR instruction: reads the old value into x[rd] and writes the new one. csrrs and
     * csrrc with rs1 = x0 (and their immediate forms with uimm = 0) do not write, so they
     * may read read-only CSRs.
     *
     * @param src the value of rs1, or the 5-bit immediate for the i-forms
     * @param srcIsZero rs1 is x0 (or uimm is 0)
     */
    public void csrInstruction(int op, int csrNumber, int rd, int src, boolean srcIsZero, int word) {
        boolean setOrClear = op != Op.CSRRW && op != Op.CSRRWI;
        boolean writes = !setOrClear || !srcIsZero;
        csr.check(csrNumber, priv, writes, word);
        int old = csr.read(csrNumber);
        if (writes) {
            int base = setOrClear ? csr.readForUpdate(csrNumber) : 0;
            int value = switch (op) {
                case Op.CSRRW, Op.CSRRWI -> src;
                case Op.CSRRS, Op.CSRRSI -> base | src;
                default -> base & ~src;
            };
            csr.write(csrNumber, value);
        }
        x[rd] = old;
    }

    public static Trap illegal(int word) { return new Trap(Cause.ILLEGAL_INSTRUCTION, word); }
}
