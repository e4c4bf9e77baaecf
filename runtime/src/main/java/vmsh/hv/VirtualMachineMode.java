package vmsh.hv;

import static vmsh.cpu.CsrFile.*;
import static vmsh.isa.Encoding.*;

import vmsh.cpu.Hart;
import vmsh.isa.Encoding;

/**
 * A whole machine's M-mode on a hart with the H extension ({@code hw}, {@code hw-shadow}):
 * the guest's M-mode runs in VS-mode, where its M-level CSR accesses and {@code mret} are
 * illegal instructions and, with {@code hedeleg} 0, every trap comes to the VMM;
 * {@code hstatus.VTVM}, {@code VTSR} and {@code VTW} make its satp accesses, fences,
 * {@code sret} and {@code wfi} trap too (an M-mode satp write must not turn paging on).
 * The VMM emulates all of them on a {@link VirtualHart}, which also takes the traps and
 * M-level interrupts that enter the guest's M-mode.
 *
 * <p>The guest's S-mode state lives in the hart's VS CSRs while it runs (its S-mode and
 * U-mode run as an SBI guest's do, in VS and VU, with the delegations its own
 * {@code medeleg} and {@code mideleg} ask for); the VMM copies it into the virtual hart
 * ({@link #pull}) before acting and back ({@link #push}) after, and then points the hart
 * at the guest's privilege, delegations and address space.
 */
final class VirtualMachineMode {
    /** How the technique maps the guest's address space (its satp; M-mode: paging off), and the exceptions it may leave to the guest. */
    interface Paging {
        /** The guest's satp as it runs now (the hart's vsatp, or the technique's own copy). */
        int satp();

        /** Points the hart at address space {@code satp} ({@code machine}: the guest's M-mode, paging off). */
        void apply(int satp, boolean machine);

        /** Exceptions the hart may deliver to the guest's S-mode itself when its medeleg asks (hedeleg's mask). */
        int delegable();

        /** hstatus trap bits the technique wants in the guest's S-mode and U-mode (VTW, VTVM). */
        int hstatusTraps();

        /** An sfence.vma of the guest's M-mode (or, under VTVM, its S-mode), emulated: drop what it names. */
        void sfence(int word);
    }

    private static final int SSTATUS_BITS = MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR;
    private static final int S_LEVEL = MIP_SSIP | MIP_STIP | MIP_SEIP;
    private static final int MACHINE_TRAPS = HSTATUS_VTVM | HSTATUS_VTSR | HSTATUS_VTW;

    private final Virtualization owner;
    private final Paging paging;
    final VirtualHart virtual;
    final Hart v;
    /** The guest runs its M-mode (in VS-mode on the hart). */
    private boolean machine = true;

    VirtualMachineMode(Virtualization owner, Paging paging) {
        this.owner = owner;
        this.paging = paging;
        this.virtual = new VirtualHart(owner, this::reflect, paging::sfence, () -> {});
        this.v = virtual.v;
    }

    /** Whether the guest runs its M-mode, and the virtual hart's privilege, CSRs and counter offsets. */
    void save(vmsh.state.StateOut out) {
        out.putBoolean(machine);
        virtual.save(out);
    }

    void restore(vmsh.state.StateIn in) {
        machine = in.getBoolean();
        virtual.restore(in);
    }

    /** The vCPU (not loaded) starts in the guest's M-mode at its entry. */
    void boot(Vcpu c) {
        virtual.reset(true);
        c.priv = PRV_S;
        c.virt = true;
        c.hedeleg = 0;
        c.hideleg = 0;
        c.hvip = 0;
        c.hstatus = MACHINE_TRAPS;
    }

    /** The privilege the guest believes it runs at. */
    int privilege(Hart h) { return machine ? PRV_M : h.priv; }

    boolean inMachineMode() { return machine; }

    /** Writes plain M-level CSR {@code csr} (see {@link GuestCsrs#plain}) on the virtual hart; false for the others. */
    boolean setCsr(int csr, int value) {
        if (!GuestCsrs.machineLevel(csr) || !GuestCsrs.plain(csr)) return false;
        v.csr.write(csr, value);
        return true;
    }

    /**
     * An M-level CSR of the guest, from the virtual hart (mstatus with the S-level bits its
     * S-mode keeps in vsstatus), or null for the others.
     */
    Integer csr(int csr) {
        if (!GuestCsrs.machineLevel(csr) || !v.csr.exists(csr)) return null;
        if (csr == vmsh.isa.Csr.MSTATUS) return v.csr.mstatus & ~SSTATUS_BITS | owner.vm.vcpu().vsstatus & SSTATUS_BITS;
        return virtual.read(csr);
    }

    /**
     * A trap the technique does not handle itself (all but its paging faults): the guest's
     * M-mode instructions are emulated, an ecall and anything its S-mode does not take enter
     * its M-mode (or S-mode, as its medeleg says).
     */
    void trap(int cause, int tval, int epc) {
        Hart hart = owner.hart;
        pull();
        switch (cause) {
            case CAUSE_ILLEGAL_INSTRUCTION, CAUSE_VIRTUAL_INSTRUCTION -> {
                hart.pc = epc;
                virtual.emulate(tval, epc);
            }
            case CAUSE_VIRTUAL_SUPERVISOR_ECALL -> reflect(v.priv == PRV_U ? ExitReason.SYSCALL : ExitReason.GUEST_FAULT, v.ecallCause(), 0, epc);
            default -> reflect(ExitReason.GUEST_FAULT, cause, tval, epc);
        }
        push();
    }

    /** Trap entry on the virtual hart (M-mode, or S-mode as medeleg says); the hart goes where the guest's handler is. */
    private void reflect(ExitReason reason, int cause, int tval, int epc) {
        boolean toMachine = v.trapTarget(cause) == Hart.TARGET_M;
        if (toMachine ? owner.undeliverable(cause, tval, epc, v.csr.mtvec & ~3, v.csr.mcause, v.csr.mepc)
                : owner.undeliverable(cause, tval, epc, v.csr.stvec & ~3, v.csr.scause, v.csr.sepc)) return;
        int from = v.priv;
        owner.hart.pc = v.takeTrap(cause, tval, epc);
        owner.vm.trapDelivered(cause, tval, epc, owner.hart.pc, from, v.priv, false);
        owner.account(reason, epc, owner.vm.watched() ? Encoding.causeName(cause)
                + String.format(" (tval 0x%08x) reflected to the guest's %s-mode", tval, Encoding.privilegeName(v.priv)) : null);
    }

    /** Before the guest runs: the interrupt it takes now, if any (its devices' lines are the virtual board's). */
    void beforeRun() {
        Vm vm = owner.vm;
        vm.board().poll();
        if (vm.state() != VmState.READY) return;
        pull();
        int irq = v.pendingInterrupt();
        if (irq >= 0) {
            int epc = owner.hart.pc, from = v.priv;
            owner.hart.pc = v.takeInterrupt(irq, epc);
            vm.trapDelivered(irq | MCAUSE_INTERRUPT, 0, epc, owner.hart.pc, from, v.priv, false);
            owner.account(ExitReason.INTERRUPT, epc, vm.watched() ? Encoding.interruptName(irq) + " injected" : null);
        }
        push();
    }

    /** What the guest's mstatus.TVM, TSR and TW make trap in its S-mode, made to trap to the VMM (which then traps into its M-mode). */
    private static int guestTraps(int mstatus) {
        return ((mstatus & MSTATUS_TVM) != 0 ? HSTATUS_VTVM : 0) | ((mstatus & MSTATUS_TSR) != 0 ? HSTATUS_VTSR : 0)
                | ((mstatus & MSTATUS_TW) != 0 ? HSTATUS_VTW : 0);
    }

    /** The hart's view of the guest (its privilege, VS CSRs, satp) into the virtual hart. */
    private void pull() {
        Hart hart = owner.hart;
        var h = hart.csr;
        var s = v.csr;
        v.priv = privilege(hart);
        s.mstatus = s.mstatus & ~SSTATUS_BITS | h.vsstatus & SSTATUS_BITS;
        s.stvec = h.vstvec;
        s.sscratch = h.vsscratch;
        s.sepc = h.vsepc;
        s.scause = h.vscause;
        s.stval = h.vstval;
        if (!machine) s.satp = paging.satp();   // in M-mode the virtual hart's is the guest's
        s.mie = s.mie & ~S_LEVEL | (h.mie & VS_INTERRUPTS) >>> 1;
        if (!machine && (s.mideleg & MIP_SSIP) != 0)   // its S-mode may have set or cleared sip.SSIP (hvip.VSSIP)
            s.mipSoftware = s.mipSoftware & ~MIP_SSIP | (h.hvip & MIP_VSSIP) >>> 1;
    }

    /** The virtual hart back onto the hart: the guest's S-mode state, and where and how it runs now. */
    private void push() {
        Hart hart = owner.hart;
        var h = hart.csr;
        var s = v.csr;
        machine = v.priv == PRV_M;
        h.vsstatus = h.vsstatus & ~SSTATUS_BITS | s.mstatus & SSTATUS_BITS;
        h.vstvec = s.stvec;
        h.vsscratch = s.sscratch;
        h.vsepc = s.sepc;
        h.vscause = s.scause;
        h.vstval = s.stval;
        h.mie = h.mie & ~VS_INTERRUPTS | (s.mie & S_LEVEL) << 1;
        h.hideleg = (s.mideleg & S_LEVEL) << 1;
        h.hvip = machine ? 0 : (s.mip() & s.mideleg & S_LEVEL) << 1;
        h.hedeleg = machine ? 0 : s.medeleg & paging.delegable();
        h.hstatus = h.hstatus & ~MACHINE_TRAPS | (machine ? MACHINE_TRAPS : paging.hstatusTraps() | guestTraps(s.mstatus));
        hart.priv = machine ? PRV_S : v.priv;
        hart.virt = true;
        paging.apply(s.satp, machine);
    }
}
