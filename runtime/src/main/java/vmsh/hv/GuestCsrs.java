package vmsh.hv;

import static vmsh.cpu.CsrFile.VS_INTERRUPTS;
import static vmsh.isa.Csr.*;

import vmsh.cpu.Hart;
import vmsh.isa.Csr;

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

    /**
     * The guest CSRs that only hold what trap entry and return use (no translation,
     * interrupt or shadow structure follows them): a debugger's write to one is exact under
     * every technique that keeps the guest's CSRs itself.
     */
    static boolean plain(int csr) {
        return switch (csr) {
            case SSCRATCH, SEPC, SCAUSE, STVAL, STVEC, MSCRATCH, MEPC, MCAUSE, MTVAL, MTVEC -> true;
            default -> false;
        };
    }

    /**
     * Writes plain S-level CSR {@code csr} of a guest in VS-mode as its csrw would: the
     * hart's VS CSR while the vCPU is on it ({@code hart} non-null), else the vCPU's saved one.
     */
    static void writeVirtualSupervisor(Hart hart, Vcpu c, int csr, int value) {
        int vs = vmsh.cpu.CsrFile.redirectVirtual(csr);
        if (hart != null) {
            hart.csr.write(vs, value);
            return;
        }
        switch (csr) {
            case SSCRATCH -> c.vsscratch = value;
            case SEPC -> c.vsepc = value & ~3;   // IALIGN 32: the low two bits read 0
            case SCAUSE -> c.vscause = value;
            case STVAL -> c.vstval = value;
            case STVEC -> c.vstvec = vmsh.cpu.CsrFile.legalTvec(value);
            default -> throw new IllegalArgumentException(String.format("not a plain CSR: 0x%03x", csr));
        }
    }

    /** Why a debugger may not write CSR {@code csr} of VM {@code vm}, as one line. */
    static IllegalArgumentException refused(Vm vm, int csr, String why) {
        String name = Csr.name(csr) != null ? Csr.name(csr) : String.format("0x%03x", csr);
        return new IllegalArgumentException("VM '" + vm.name() + "' (" + vm.technique().label + "): a debugger cannot write "
                + name + ": " + why);
    }

    /** Why a CSR that is not plain is refused. */
    static IllegalArgumentException notPlain(Vm vm, int csr) {
        return refused(vm, csr, "the VMM derives its effects (translation, interrupts) from it; "
                + "only the trap CSRs (scratch, epc, cause, tval, tvec) can be written");
    }

    /**
     * The guest CSRs that hold its state beyond trap entry and return: translation (satp),
     * status (SUM, MXR, interrupt enables) and interrupts (enables and pending bits). A
     * debugger's write to one is made as the guest's csrw would, with what the VMM derives
     * from it redone: its tables switched or fenced, its interrupts looked at again.
     */
    static boolean state(int csr) {
        return switch (csr) {
            case SSTATUS, SIE, SIP, SATP, MSTATUS, MIE, MIP -> true;
            default -> false;
        };
    }

    /** Why a privilege {@code p} is refused, as one line. */
    static IllegalArgumentException privilegeRefused(Vm vm, int p, String why) {
        return new IllegalArgumentException("VM '" + vm.name() + "' (" + vm.technique().label + "): a debugger cannot set the privilege to "
                + p + ": " + why);
    }

    /** The privileges a guest has: U and S, and M in a whole machine. */
    static void checkPrivilege(Vm vm, int p) {
        if (p != vmsh.isa.Encoding.PRV_U && p != vmsh.isa.Encoding.PRV_S && p != vmsh.isa.Encoding.PRV_M)
            throw privilegeRefused(vm, p, "privileges are 0 (U), 1 (S) and 3 (M)");
        if (p == vmsh.isa.Encoding.PRV_M && vm.machine() != VmMachine.FULL)
            throw privilegeRefused(vm, p, "an SBI guest has no M-mode (its VMM is its firmware); a whole machine (machine 'full') has");
    }

    /** The guest's M-level CSRs exist only in a whole machine. */
    static boolean machineLevel(int csr) { return privilege(csr) == 3; }
}
