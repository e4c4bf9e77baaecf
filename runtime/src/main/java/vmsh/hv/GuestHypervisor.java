package vmsh.hv;

import static vmsh.isa.Encoding.*;
import vmsh.cpu.Clock;
import vmsh.cpu.CsrFile;
import vmsh.cpu.Hart;
import vmsh.isa.Csr;
import vmsh.isa.Extension;
import vmsh.isa.Isa;
import vmsh.isa.Opcode;

/**
 * The hart a guest hypervisor (L1) believes it has, kept by the host's VMM (L0): the
 * hypervisor extension's CSRs (hstatus, hedeleg, hideleg, hvip, hie, hgatp, htval, htinst,
 * hcounteren, htimedelta) and the VS CSRs (its own guest's supervisor state), with the
 * spec's WARL rules, because they are a {@link CsrFile} of their own: L1's accesses to them
 * exit (virtual instruction) and run here on a {@link Hart} in HS-mode.
 *
 * <p>L1 itself runs in VS-mode on the real hart, so the hart's vs* CSRs hold L1's own
 * supervisor CSRs (what L1 calls sstatus, stvec, sepc ...) and L1 uses them without exits.
 * While L0 runs L1's guest (L2) the hart's vs* CSRs hold L2's state instead, and L1's wait
 * here ({@link #saveSupervisor}, {@link #loadSupervisor}).
 */
final class GuestHypervisor {
    /** L1's virtual hypervisor and VS CSRs (its mie holds hie's bits, its hvip hvip's). */
    final CsrFile csrs;
    private final Hart virtualHart;

    // L1's supervisor CSRs while L2 is on the hart
    int sstatus, stvec, sscratch, sepc, scause, stval, satp;
    /** L1's sie (the VS bits of the hart's mie while L1 runs: its timer enable is VSTIE there). */
    int sie;
    /** What L0 injects into L1 (the hart's hvip while L1 runs: L1's timer interrupt). */
    int hvip;

    GuestHypervisor(Clock clock) {
        this.csrs = new CsrFile(clock, () -> 0, () -> 0, Isa.DEFAULT.with(Extension.H));
        this.virtualHart = new Hart(csrs);
        virtualHart.priv = PRV_S;
    }

    /** True for the CSRs L1 reaches only through L0: the hypervisor and VS CSRs (bits 9:8 = 10). */
    boolean emulates(int csr) { return Csr.privilege(csr) == 2 && csrs.exists(csr); }

    /**
     * L1's CSR instruction on one of them, as HS-mode runs it; returns the exception it
     * raises (an illegal instruction: a read-only CSR written) or -1, the old value in
     * {@link #lastRead}.
     */
    int execute(Opcode op, int csr, int src, boolean srcIsZero) {
        int cause = virtualHart.tryCsrInstruction(op, csr, 5, src, srcIsZero);
        lastRead = virtualHart.x[5];
        return cause;
    }

    /** The old value the last {@link #execute} read. */
    int lastRead;

    boolean spv() { return (csrs.hstatus & HSTATUS_SPV) != 0; }

    /** L1's supervisor CSRs, from the hart's vs* CSRs (L1 leaves the hart for L2). */
    void saveSupervisor(CsrFile hart) {
        sstatus = hart.vsstatus;
        stvec = hart.vstvec;
        sscratch = hart.vsscratch;
        sepc = hart.vsepc;
        scause = hart.vscause;
        stval = hart.vstval;
        satp = hart.vsatp;
        sie = hart.mie & CsrFile.VS_INTERRUPTS;
        hvip = hart.hvip;
    }

    /** L1's supervisor CSRs back into the hart's vs* CSRs (L1 runs again). */
    void loadSupervisor(CsrFile hart) {
        hart.vsstatus = sstatus;
        hart.vstvec = stvec;
        hart.vsscratch = sscratch;
        hart.vsepc = sepc;
        hart.vscause = scause;
        hart.vstval = stval;
        hart.vsatp = satp;
        hart.mie = hart.mie & ~CsrFile.VS_INTERRUPTS | sie;
        hart.hvip = hvip;
    }

    /** L2's supervisor state: the virtual VS CSRs, hie and hvip, into the hart (L2 goes on it). */
    void loadGuest(CsrFile hart) {
        hart.vsstatus = csrs.vsstatus;
        hart.vstvec = csrs.vstvec;
        hart.vsscratch = csrs.vsscratch;
        hart.vsepc = csrs.vsepc;
        hart.vscause = csrs.vscause;
        hart.vstval = csrs.vstval;
        hart.vsatp = csrs.vsatp;
        hart.mie = hart.mie & ~CsrFile.VS_INTERRUPTS | csrs.mie & CsrFile.VS_INTERRUPTS;
        hart.hvip = csrs.hvip;
    }

    /** L2's supervisor state, as L2 left it on the hart, back into the virtual CSRs (L2 exits to L1). */
    void saveGuest(CsrFile hart) {
        csrs.vsstatus = hart.vsstatus;
        csrs.vstvec = hart.vstvec;
        csrs.vsscratch = hart.vsscratch;
        csrs.vsepc = hart.vsepc;
        csrs.vscause = hart.vscause;
        csrs.vstval = hart.vstval;
        csrs.vsatp = hart.vsatp;
        csrs.mie = csrs.mie & ~CsrFile.VS_INTERRUPTS | hart.mie & CsrFile.VS_INTERRUPTS;
        csrs.hvip = hart.hvip & CsrFile.VS_INTERRUPTS;
    }
}
