package vmsh.hv;

import static vmsh.cpu.CsrFile.VS_INTERRUPTS;
import static vmsh.isa.Csr.*;

/**
 * The CSRs a guest reads, as a debugger shows them: what the guest's own CSR instructions
 * would return, wherever the technique keeps them (the hart's VS CSRs, a VMM's virtual
 * hart, a paravirtual guest's shared page), without side effects. A CSR the guest does not
 * have (M-mode's on an SBI platform, the hypervisor's) reads as absent: null.
 */
final class GuestCsrs {
    private GuestCsrs() {}

    /**
     * A guest that runs in VS-mode on the hart (hw, hw-shadow): its S-level CSRs are the VS
     * CSRs under the S names (vsie and vsip shifted down to the S bits, as the hart reads
     * them), saved in its vCPU ({@code c}, synced when on the hart).
     */
    static Integer virtualSupervisor(Virtualization t, Vcpu c, int csr) {
        return switch (csr) {
            case SSTATUS -> c.vsstatus;
            case SIE -> (c.mie & c.hideleg & VS_INTERRUPTS) >>> 1;
            case SIP -> ((c.mipSoftware | c.hvip) & c.hideleg & VS_INTERRUPTS) >>> 1;
            case STVEC -> c.vstvec;
            case SSCRATCH -> c.vsscratch;
            case SEPC -> c.vsepc;
            case SCAUSE -> c.vscause;
            case STVAL -> c.vstval;
            case SATP -> t.guestSatp();
            case SCOUNTEREN -> c.scounteren;
            case SENVCFG -> 0;
            default -> counter(t, c, csr);
        };
    }

    /** cycle, time and instret (and their high halves) as the guest reads them: its vCPU's clock, time and instructions. */
    static Integer counter(Virtualization t, Vcpu c, int csr) {
        return switch (csr) {
            case TIME -> (int) c.time();
            case TIMEH -> (int) (c.time() >>> 32);
            default -> t.counter(csr);
        };
    }

    /** The guest's M-level CSRs exist only in a whole machine. */
    static boolean machineLevel(int csr) { return privilege(csr) == 3; }
}
