package vmsh.hv;

import static vmsh.cpu.CsrFile.*;
import static vmsh.isa.Csr.*;
import static vmsh.isa.Encoding.*;

/**
 * The supervisor state of a trap-and-emulate guest, kept by the VMM: the guest's virtual
 * privilege (its kernel runs in U-mode on the real hart, but believes it is in S-mode) and
 * its virtual S-mode CSRs, with the spec's WARL rules. Sensitive instructions trap and are
 * emulated on these; the VMM enters the guest's trap handler by doing what S-mode trap
 * entry would do to them ({@link #enterTrap}).
 */
final class VirtualCsrs {
    private static final int SSTATUS_WRITABLE = MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR;
    static final int SIE_WRITABLE = MIP_SSIP | MIP_STIP | MIP_SEIP;

    /** The guest's virtual privilege: PRV_S (its kernel) or PRV_U (its tasks). */
    int priv = PRV_S;
    int sstatus, sie, sip, stvec, sscratch, sepc, scause, stval, satp, scounteren, senvcfg;

    /** True when the guest kernel may access CSR {@code csr} (an S-level or user CSR this VMM virtualizes). */
    static boolean supervisorCsr(int csr) {
        return switch (csr) {
            case SSTATUS, SIE, STVEC, SCOUNTEREN, SENVCFG, SSCRATCH, SEPC, SCAUSE, STVAL, SIP, SATP,
                 CYCLE, TIME, INSTRET, CYCLEH, TIMEH, INSTRETH -> true;
            default -> false;
        };
    }

    int read(int csr) {
        return switch (csr) {
            case SSTATUS -> sstatus;
            case SIE -> sie;
            case SIP -> sip;
            case STVEC -> stvec;
            case SCOUNTEREN -> scounteren;
            case SENVCFG -> senvcfg;
            case SSCRATCH -> sscratch;
            case SEPC -> sepc;
            case SCAUSE -> scause;
            case STVAL -> stval;
            case SATP -> satp;
            default -> throw new IllegalArgumentException(String.format("CSR 0x%03x is not a virtual S-mode CSR", csr));
        };
    }

    void write(int csr, int v) {
        switch (csr) {
            case SSTATUS -> sstatus = sstatus & ~SSTATUS_WRITABLE | v & SSTATUS_WRITABLE;
            case SIE -> sie = v & SIE_WRITABLE;
            case SIP -> sip = sip & ~MIP_SSIP | v & MIP_SSIP;   // STIP and SEIP are the VMM's
            case STVEC -> stvec = (v & 3) <= TVEC_VECTORED ? v : v & ~3;
            case SCOUNTEREN -> scounteren = v;
            case SENVCFG -> senvcfg = 0;   // no fields implemented
            case SSCRATCH -> sscratch = v;
            case SEPC -> sepc = v & ~3;
            case SCAUSE -> scause = v;
            case STVAL -> stval = v;
            case SATP -> satp = v;
            default -> throw new IllegalArgumentException(String.format("CSR 0x%03x is not a virtual S-mode CSR", csr));
        }
    }

    /** S-mode trap entry on the virtual CSRs; returns the handler's address. */
    int enterTrap(int cause, int tval, int epc) {
        boolean interrupt = cause < 0;
        scause = cause;
        sepc = epc;
        stval = tval;
        sstatus = sstatus & ~(MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE)
                | (priv == PRV_S ? MSTATUS_SPP : 0)
                | ((sstatus & MSTATUS_SIE) != 0 ? MSTATUS_SPIE : 0);
        priv = PRV_S;
        int base = stvec & ~3;
        return interrupt && (stvec & 3) == TVEC_VECTORED ? base + 4 * (cause & ~MCAUSE_INTERRUPT) : base;
    }

    /** sret on the virtual CSRs; returns the pc to go on at. */
    int sret() {
        priv = (sstatus & MSTATUS_SPP) != 0 ? PRV_S : PRV_U;
        sstatus = sstatus & ~(MSTATUS_SPP | MSTATUS_SIE) | MSTATUS_SPIE
                | ((sstatus & MSTATUS_SPIE) != 0 ? MSTATUS_SIE : 0);
        return sepc;
    }

    /** The virtual interrupt the guest takes now, or -1: pending, enabled in sie, and SIE set or in U. Priority SEI, SSI, STI. */
    int pendingInterrupt() {
        int pending = sip & sie;
        if (pending == 0 || priv == PRV_S && (sstatus & MSTATUS_SIE) == 0) return -1;
        if ((pending & MIP_SEIP) != 0) return IRQ_S_EXT;
        if ((pending & MIP_SSIP) != 0) return IRQ_S_SOFT;
        return IRQ_S_TIMER;
    }

    void save(vmsh.state.StateOut out) {
        out.putInts(new int[] {priv, sstatus, sie, sip, stvec, sscratch, sepc, scause, stval, satp, scounteren, senvcfg});
    }

    void restore(vmsh.state.StateIn in) {
        int[] v = in.getInts();
        if (v == null || v.length != 12) throw new vmsh.state.StateException("state section 'virtual csrs': bad CSRs");
        priv = v[0]; sstatus = v[1]; sie = v[2]; sip = v[3]; stvec = v[4]; sscratch = v[5]; sepc = v[6];
        scause = v[7]; stval = v[8]; satp = v[9]; scounteren = v[10]; senvcfg = v[11];
    }
}
