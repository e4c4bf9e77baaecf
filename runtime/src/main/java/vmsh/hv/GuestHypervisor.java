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
 * here, in the vs* CSRs of a second file ({@link #saveSupervisor}, {@link #loadSupervisor}).
 */
final class GuestHypervisor {
    /** L1's virtual hypervisor and VS CSRs (its mie holds hie's bits, its hvip hvip's). */
    final CsrFile csrs;
    /**
     * L1's supervisor CSRs while L2 is on the hart, where the hart keeps them while L1 runs:
     * vsstatus, vstvec, vsscratch, vsepc, vscause, vstval, vsatp; mie's VS bits (L1's sie: its
     * timer enable is VSTIE there); hvip (what L0 injects into L1: its timer interrupt).
     */
    final CsrFile supervisor;
    private final Hart virtualHart;

    GuestHypervisor(Clock clock) {
        this.csrs = new CsrFile(clock, () -> 0, () -> 0, Isa.DEFAULT.with(Extension.H));
        this.supervisor = new CsrFile(clock, () -> 0, () -> 0, Isa.DEFAULT.with(Extension.H));
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
    void saveSupervisor(CsrFile hart) { swap(hart, supervisor, CsrFile.VS_INTERRUPTS, -1); }

    /** L1's supervisor CSRs back into the hart's vs* CSRs (L1 runs again). */
    void loadSupervisor(CsrFile hart) { swap(supervisor, hart, CsrFile.VS_INTERRUPTS, -1); }

    /** L2's supervisor state: the virtual VS CSRs, hie and hvip, into the hart (L2 goes on it). */
    void loadGuest(CsrFile hart) { swap(csrs, hart, CsrFile.VS_INTERRUPTS, -1); }

    /** L2's supervisor state, as L2 left it on the hart, back into the virtual CSRs (L2 exits to L1). */
    void saveGuest(CsrFile hart) { swap(hart, csrs, CsrFile.VS_INTERRUPTS, CsrFile.VS_INTERRUPTS); }

    /** The VS CSRs, mie's {@code mieBits} and hvip (its {@code hvipBits}) from one file into another; allocates nothing. */
    private static void swap(CsrFile from, CsrFile to, int mieBits, int hvipBits) {
        to.vsstatus = from.vsstatus;
        to.vstvec = from.vstvec;
        to.vsscratch = from.vsscratch;
        to.vsepc = from.vsepc;
        to.vscause = from.vscause;
        to.vstval = from.vstval;
        to.vsatp = from.vsatp;
        to.mie = to.mie & ~mieBits | from.mie & mieBits;
        to.hvip = from.hvip & hvipBits;
    }

    /** Both files: L1's virtual hypervisor and VS CSRs, and its supervisor CSRs as they wait while L2 runs. */
    void save(vmsh.state.StateOut out) {
        csrs.save(out);
        supervisor.save(out);
    }

    void restore(vmsh.state.StateIn in) {
        csrs.restore(in);
        supervisor.restore(in);
    }
}
