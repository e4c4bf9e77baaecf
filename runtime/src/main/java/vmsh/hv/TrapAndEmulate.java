package vmsh.hv;

import static vmsh.isa.Encoding.*;

import vmsh.cpu.Hart;
import vmsh.isa.Encoding;
import vmsh.isa.Format;
import vmsh.mmu.Regime;
import vmsh.mmu.Translation;

/**
 * Classic trap-and-emulate (Popek and Goldberg, 1974): the guest kernel runs deprivileged
 * in U-mode on the host hart (V=0), so every sensitive instruction traps to the VMM, which
 * emulates it on the guest's <em>virtual hart</em> {@link #v} (its privilege and CSRs, with
 * the spec's rules: a {@link Hart} of its own; the registers and pc stay on the host hart):
 * <ul>
 * <li>CSR instructions (illegal in U-mode): emulated on the virtual CSRs;
 * <li>sret, mret, wfi, sfence.vma (illegal in U-mode): emulated;
 * <li>ecall: an SBI call from the guest kernel, or a system call of a guest task, which
 *     the VMM reflects into the guest kernel as trap entry would;
 * <li>page faults on the shadow table: a hidden fault (the guest's own table allows the
 *     access: the VMM fills the shadow), a traced page-table write, MMIO, or a true guest
 *     fault (reflected);
 * <li>interrupts: the virtual hart's pending and enabled ones are taken (injected) before
 *     every run of the engine; its device lines are the virtual PLIC's output
 *     ({@link VirtualInterrupts}) as the guest's supervisor external interrupt, or a whole
 *     machine's CLINT and PLIC;
 * <li>reads of the counters, time included: the hart's time is the host's, and without
 *     hardware help (htimedelta works only with V=1) the VMM gives the guest its own time
 *     by emulating every read with the vCPU's clock. A guest task may read what the guest
 *     kernel's scounteren allows.
 * </ul>
 * <p>On an SBI platform the VMM is the guest's M-mode: the virtual hart starts in S-mode
 * with every exception and S-level interrupt delegated, an S-mode ecall is an SBI call,
 * and the virtual timer raises the guest's STIP. A whole machine ({@link VmMachine#FULL})
 * starts in virtual M-mode: M-mode's CSRs, mret, traps into M-mode (medeleg decides, as
 * on the hart) and M-level interrupts (the {@link VirtualBoard}'s CLINT and PLIC lines)
 * are emulated too; the guest's M-mode runs with paging off over the same shadow as an
 * S-mode with paging off (MPRV is not emulated).
 */
class TrapAndEmulate extends ShadowVirtualization {
    /** The guest's virtual hart and the emulation of its privileged instructions. */
    final VirtualHart virtual;
    /** Its privilege and CSRs (its registers and pc are the host hart's while it runs). */
    final Hart v;
    /** A whole machine: the virtual hart has an M-mode of its own. */
    final boolean full;

    TrapAndEmulate(Vm vm) { this(vm, vm.technique() != Technique.TRAP_VTLB); }

    TrapAndEmulate(Vm vm, boolean traced) {
        super(vm, traced);
        this.full = vm.machine() == VmMachine.FULL;
        this.virtual = new VirtualHart(this, this::reflect, this::sfence, this::switchShadow);
        this.v = virtual.v;
    }

    @Override void boot(int entry) {
        Vcpu c = vm.vcpu();
        c.pc = entry;
        c.priv = PRV_U;   // the guest kernel, deprivileged
        c.virt = false;
        c.x[10] = 0;
        c.x[11] = 0;
        c.mcounteren = 0;   // every counter read traps: time is virtualized by emulation
        c.scounteren = 0;
        virtual.reset(full);
        c.satp = currentShadow().hostSatp();
    }

    // ---------------------------------------------------------------- the view the hart runs

    /** The shadow of the guest's current address space and mode (M-mode: paging off). */
    @Override ShadowPaging.Context currentShadow() {
        int s = v.csr.mstatus, view = switch (v.priv) {
            case PRV_U -> 0;
            case PRV_S -> ShadowPaging.VIEW_KERNEL | ((s & MSTATUS_SUM) != 0 ? ShadowPaging.VIEW_SUM : 0);
            default -> ShadowPaging.VIEW_KERNEL;
        };
        if ((s & MSTATUS_MXR) != 0) view |= ShadowPaging.VIEW_MXR;
        return shadows.context(v.priv == PRV_M ? 0 : v.csr.satp, view);
    }

    @Override boolean migratable() { return !full; }

    @Override int hostRoots() { return Vcpu.HOST_SATP; }

    /** The virtual hart: the guest's privilege and CSRs. */
    @Override void saveGuest(vmsh.state.StateOut out) { virtual.save(out); }

    @Override void restoreGuest(vmsh.state.StateIn in) {
        virtual.restore(in);
        vm.vcpu().satp = currentShadow().hostSatp();
    }

    /** The virtual hart moves with the guest; the shadows are this host's, filled again on faults. */
    @Override void adopt(Virtualization from) {
        virtual.adopt(((TrapAndEmulate) from).virtual);
        vm.vcpu().satp = 0;   // the shadow is made when the VM first runs (onHart)
    }

    /** Points the hart at the shadow of the guest's current address space and mode (after priv, satp, SUM, MXR change). */
    void switchShadow() { hart.csr.satp = currentShadow().enter(); }

    /** The hart runs the shadow the guest is in now: a clone's first, or one whose ASID another VM used meanwhile. */
    @Override void onHart() {
        if (hart.csr.satp == 0 || vmsh.mmu.Satp.asid(hart.csr.satp) == Hypervisor.SHARED_ASID) switchShadow();
    }

    /** Idle: every shadow goes back to the host (their ASIDs fenced); the next run builds the one it needs. */
    @Override void idled() {
        shadows.dropAll();
        for (Vcpu c : vm.vcpus()) c.satp = 0;
    }

    /** The guest kernel runs (S-mode, or M-mode in a whole machine), not one of its tasks. */
    final boolean kernelMode() { return v.priv != PRV_U; }

    // ---------------------------------------------------------------- exits

    @Override void trap(int cause, int tval, int epc, long gpa, int tinst) {
        switch (cause) {
            case CAUSE_ILLEGAL_INSTRUCTION -> privileged(tval, epc);
            case CAUSE_USER_ECALL -> ecall(epc);
            case CAUSE_FETCH_PAGE_FAULT, CAUSE_LOAD_PAGE_FAULT, CAUSE_STORE_PAGE_FAULT -> pageFault(cause, tval, epc, tinst);
            default -> {
                if (cause < 0) vm.fault(String.format("host %s at 0x%08x", Encoding.interruptName(cause & ~MCAUSE_INTERRUPT), epc));
                else reflect(ExitReason.GUEST_FAULT, cause, tval, epc);
            }
        }
    }

    /**
     * The guest's ecall: an SBI call from its kernel on an SBI platform, else its trap
     * (a task's system call, or an ecall into a whole machine's M-mode).
     */
    void ecall(int epc) {
        if (!full && v.priv == PRV_S) sbi(epc);
        else reflect(v.priv == PRV_U ? ExitReason.SYSCALL : ExitReason.GUEST_FAULT, v.ecallCause(), 0, epc);
    }

    /** An instruction U-mode may not execute: the guest kernel's sensitive instructions are emulated on the virtual hart. */
    void privileged(int word, int epc) { virtual.emulate(word, epc); }

    /** An emulated sfence.vma: a virtual TLB drops what it names (traced shadows are always current). */
    private void sfence(int word) {
        int rs1 = Format.rs1(word), rs2 = Format.rs2(word);
        if (!shadows.traced()) shadows.sfence(rs1 != 0, hart.x[rs1], rs2 != 0, hart.x[rs2]);
    }

    /** Trap entry into the guest (its S-mode, or its M-mode unless medeleg delegates), done on the virtual hart. */
    @Override void reflect(ExitReason reason, int cause, int tval, int epc) {
        boolean machine = v.trapTarget(cause) == Hart.TARGET_M;
        if (!full && machine) {
            vm.fault(String.format("%s at 0x%08x cannot be delegated to the guest kernel", Encoding.causeName(cause), epc));
            return;
        }
        if (machine ? undeliverable(cause, tval, epc, v.csr.mtvec & ~3, v.csr.mcause, v.csr.mepc)
                : undeliverable(cause, tval, epc, v.csr.stvec & ~3, v.csr.scause, v.csr.sepc)) return;
        int from = v.priv;
        hart.pc = v.takeTrap(cause, tval, epc);
        switchShadow();
        vm.trapDelivered(cause, tval, epc, hart.pc, from, v.priv, false);
        account(reason, epc, vm.watched() ? Encoding.causeName(cause) + String.format(" (tval 0x%08x) reflected to the guest's %s-mode",
                tval, Encoding.privilegeName(v.priv)) : null);
    }

    /** The guest's MMU regime for the VMM's software walk: its virtual privilege, satp, SUM and MXR. */
    @Override Regime guestRegime() { return Regime.supervisor(v.priv, v.csr.satp, v.csr.mstatus); }

    // ---------------------------------------------------------------- interrupts and timer

    @Override void beforeRun() {
        VirtualBoard board = vm.board();
        if (board != null) board.poll();
        else if (vm.vcpu().timerDue()) v.csr.mipSoftware |= MIP_STIP;
        if (vm.state() != VmState.READY) return;
        int irq = v.pendingInterrupt();
        if (irq < 0) return;
        int epc = hart.pc, from = v.priv;
        hart.pc = v.takeInterrupt(irq, epc);
        switchShadow();
        vm.trapDelivered(irq | MCAUSE_INTERRUPT, 0, epc, hart.pc, from, v.priv, false);
        account(ExitReason.INTERRUPT, epc, vm.watched() ? Encoding.interruptName(irq) + " injected" : null);
    }

    @Override void timerCleared() { v.csr.mipSoftware &= ~MIP_STIP; }

    // ---------------------------------------------------------------- looking inside

    @Override int guestSatp() { return v.csr.satp; }

    @Override int guestPrivilege() { return v.priv; }

    /** The plain CSRs (see {@link GuestCsrs#plain}) on the virtual hart, as the guest's csrw would. */
    /**
     * The virtual hart's CSRs, as the guest's csrw would write them: the trap CSRs; and
     * status, interrupt enables and pending bits and satp, after which the hart moves to the
     * shadow of the guest's address space and mode (trap-vtlb's virtual TLB is emptied, as
     * after an sfence.vma) and the next run looks at the guest's interrupts again.
     */
    @Override void setGuestCsr(int csr, int value) {
        if (!GuestCsrs.plain(csr) && !GuestCsrs.state(csr) || guestCsr(csr) == null)
            throw GuestCsrs.notPlain(vm, csr);
        if (GuestCsrs.plain(csr)) {
            v.csr.write(csr, value);
            return;
        }
        hv.withVcpuOnHart(vm, () -> {
            v.csr.write(csr, value);
            if (csr == vmsh.isa.Csr.SATP && !shadows.traced()) shadows.sfence(false, 0, false, 0);
            switchShadow();
        });
    }

    /** The virtual hart's privilege (the guest kernel stays deprivileged on the hart): the hart moves to the shadow of its new mode. */
    @Override void setGuestPrivilege(int p) {
        GuestCsrs.checkPrivilege(vm, p);
        hv.withVcpuOnHart(vm, () -> {
            leavingMode(p);
            v.priv = p;
            switchShadow();
        });
    }

    /** The guest's privilege is about to become {@code p} (a debugger's write), on the hart. */
    void leavingMode(int p) { }

    /** The virtual hart's CSRs: S-level and the counters, M-level too in a whole machine. */
    @Override Integer guestCsr(int csr) {
        if (!v.csr.exists(csr) || !full && GuestCsrs.machineLevel(csr)) return null;
        return virtual.read(csr);
    }

    @Override VmTranslation translate(int gva, int access) {
        Regime r = guestRegime();
        Translation g = guestWalker.explain(gva, access, r.translated() ? r : Regime.supervisor(PRV_M, 0, 0), false);
        ShadowPaging.Context c = currentShadow();
        Translation s = hv.engine().mmu().explain(gva, access, Regime.supervisor(PRV_U, c.hostSatp(), 0), false);
        return new VmTranslation(vm.technique(), g, s, s.references() * hv.costs().walkReference());
    }


    /** The virtual hart. */
    @Override void saveOwn(vmsh.state.StateOut out) { virtual.save(out); }

    @Override void restoreOwn(vmsh.state.StateIn in) { virtual.restore(in); }
}
