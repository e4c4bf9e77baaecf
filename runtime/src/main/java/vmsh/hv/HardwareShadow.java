package vmsh.hv;

import static vmsh.isa.Encoding.*;
import static vmsh.cpu.CsrFile.*;

import vmsh.isa.Csr;
import vmsh.isa.Decoder;
import vmsh.isa.Encoding;
import vmsh.isa.Format;
import vmsh.isa.Kind;
import vmsh.isa.Opcode;
import vmsh.mmu.Regime;
import vmsh.mmu.Satp;
import vmsh.mmu.Translation;

/**
 * First-generation hardware assistance (VT-x and AMD-V before EPT and NPT, 2005): the
 * hardware virtualizes the CPU but not the MMU. The guest kernel runs in VS-mode, so its
 * CSR accesses, sret, and the traps of its tasks (system calls, illegal instructions,
 * delegated by hedeleg) cost no exit. Paging is the VMM's:
 * <ul>
 * <li>hstatus.VTVM makes the guest's satp accesses and sfence.vma raise virtual-instruction
 *     exceptions: the VMM keeps the guest's satp and points vsatp at its shadow;
 * <li>the G-stage is off (hgatp Bare: a guest-physical address is a host-physical one),
 *     and the shadow maps guest virtual addresses straight to host frames, with the guest's
 *     U bit (the hart checks privilege, SUM and MXR itself), traced as under {@code trap};
 * <li>page faults are not delegated: each comes to the VMM, which fills the shadow (a hidden
 *     fault), emulates a traced page-table write or a device access, or injects the
 *     guest's own fault into VS-mode.
 * </ul>
 * Adams and Agesen (ASPLOS 2006) found this configuration often slower than binary
 * translation: every page-table update and every fault the shadow hides is an exit.
 *
 * <p>A whole machine's M-mode runs in VS-mode over the shadow of paging off, its M-mode
 * instructions emulated by the VMM ({@link VirtualMachineMode}); its S-mode and U-mode
 * run as above.
 */
final class HardwareShadow extends ShadowVirtualization {
    /** Exceptions the guest handles itself: misaligned, access faults, illegal, breakpoint, ecall from VU (not page faults). */
    static final int HEDELEG = 0x1ff;
    private static final int MEDELEG = 0x07ff | 1 << CAUSE_FETCH_PAGE_FAULT | 1 << CAUSE_LOAD_PAGE_FAULT
            | 1 << CAUSE_STORE_PAGE_FAULT | 0xf << CAUSE_FETCH_GUEST_PAGE_FAULT;
    private static final int MIDELEG = MIP_SSIP | MIP_STIP | MIP_SEIP | VS_INTERRUPTS;
    private static final int COUNTER_TM = 1 << 1, ALL_COUNTERS = 0x7;

    /** The guest's satp, as its kernel wrote it (the hart's vsatp holds the shadow's). */
    private int satp;

    /** A whole machine's M-mode, else null. */
    private final VirtualMachineMode machineMode;

    HardwareShadow(Vm vm) {
        super(vm, true);
        this.machineMode = vm.machine() == VmMachine.FULL ? new VirtualMachineMode(this, new ShadowedPaging()) : null;
    }

    /** The guest's satp is the VMM's copy (VTVM traps its accesses); the hart runs on its shadow, or the shadow of paging off. */
    private final class ShadowedPaging implements VirtualMachineMode.Paging {
        @Override public int satp() { return satp; }

        @Override public void apply(int guestSatp, boolean machine) {
            satp = guestSatp;
            hart.csr.vsatp = currentShadow().enter();
        }

        @Override public int delegable() { return HEDELEG; }

        @Override public int hstatusTraps() { return HSTATUS_VTW | HSTATUS_VTVM; }

        @Override public void sfence(int word) {}   // traced shadows are always current
    }

    private boolean machineMode() { return machineMode != null && machineMode.inMachineMode(); }

    @Override void boot(int entry) {
        Vcpu c = vm.vcpu();
        c.pc = entry;
        c.priv = PRV_S;
        c.virt = true;
        c.x[10] = 0;
        c.x[11] = 0;
        c.medeleg = MEDELEG;
        c.mideleg = MIDELEG;
        c.hedeleg = HEDELEG;
        c.hideleg = VS_INTERRUPTS;
        c.hstatus = HSTATUS_VTW | HSTATUS_VTVM;
        c.mcounteren = ALL_COUNTERS;
        c.hcounteren = COUNTER_TM;
        c.hgatp = 0;                 // no G-stage: guest-physical = host-physical, the shadow maps host frames
        c.vsatp = shadows.context(0, ShadowPaging.VIEW_NATIVE).hostSatp();
        if (machineMode != null) machineMode.boot(c);
    }

    // ---------------------------------------------------------------- what ShadowVirtualization asks

    @Override int guestSatp() { return satp; }

    @Override void setGuestCsr(int csr, int value) {
        if (machineMode == null || !machineMode.setCsr(csr, value)) super.setGuestCsr(csr, value);
    }

    /** The guest's satp, which the VMM keeps: the hart moves to the shadow of the new address space, as the guest's csrw exit does. */
    @Override void setSatpOnHart(int value) {
        if (machineMode())
            throw GuestCsrs.refused(vm, vmsh.isa.Csr.SATP, "the guest is in its M-mode, which the VMM emulates with paging off");
        satp = value;
        hart.csr.vsatp = currentShadow().enter();
    }

    @Override void setGuestPrivilege(int p) {
        if (machineMode != null) throw GuestCsrs.privilegeRefused(vm, p, "a whole machine's privilege is split between its virtual M-mode and the hart");
        super.setGuestPrivilege(p);
    }

    @Override Integer guestCsr(int csr) {
        Integer m = machineMode == null ? null : machineMode.csr(csr);
        return m != null ? m : super.guestCsr(csr);
    }

    @Override int guestPrivilege() { return machineMode() ? PRV_M : hv.loaded() == vm ? hart.priv : vm.vcpu().priv; }

    /** Its shadows are walked through vsatp with the G-stage off: V=1 entries of VMID 0. */
    @Override boolean owns(vmsh.mmu.TlbEntry e) { return e.virt() && e.vmid() == 0 && shadows.usesAsid(e.asid()); }

    @Override Regime guestRegime() { return Regime.supervisor(machineMode() ? PRV_M : hart.priv, satp, hart.csr.vsstatus); }

    @Override ShadowPaging.Context currentShadow() { return shadows.context(machineMode() ? 0 : satp, ShadowPaging.VIEW_NATIVE); }

    /** Injects exception {@code cause} into the guest kernel (VS-mode trap entry); a whole machine's goes where its medeleg says. */
    @Override void reflect(ExitReason reason, int cause, int tval, int epc) {
        if (machineMode != null) {
            machineMode.trap(cause, tval, epc);
            return;
        }
        if (!enterGuestKernel(cause, tval, epc)) return;
        vm.exit(reason, epc, vm.watched() ? Encoding.causeName(cause) + String.format(" (tval 0x%08x) injected into the guest", tval) : null);
    }

    // ---------------------------------------------------------------- exits

    @Override void trap(int cause, int tval, int epc, long gpa, int tinst) {
        boolean pageFault = cause == CAUSE_FETCH_PAGE_FAULT || cause == CAUSE_LOAD_PAGE_FAULT || cause == CAUSE_STORE_PAGE_FAULT;
        if (machineMode != null && cause >= 0 && !pageFault) {
            machineMode.trap(cause, tval, epc);
            return;
        }
        switch (cause) {
            case CAUSE_VIRTUAL_SUPERVISOR_ECALL -> sbi(epc);
            case CAUSE_FETCH_PAGE_FAULT, CAUSE_LOAD_PAGE_FAULT, CAUSE_STORE_PAGE_FAULT -> pageFault(cause, tval, epc, tinst);
            case CAUSE_VIRTUAL_INSTRUCTION -> virtualInstruction(tval, epc);
            default -> vm.fault(String.format("unexpected %s (tval 0x%08x) at pc 0x%08x reached the VMM",
                    cause < 0 ? Encoding.interruptName(cause & ~MCAUSE_INTERRUPT) : Encoding.causeName(cause), tval, epc));
        }
    }

    /** satp and sfence.vma (hstatus.VTVM), wfi (VTW), the counters hcounteren hides; anything else is the guest's illegal instruction. */
    private void virtualInstruction(int word, int epc) {
        Opcode op = Decoder.opcode(word);
        if (op == Opcode.SFENCE_VMA) {
            hart.pc = epc + 4;   // traced shadows are always current: nothing to drop
            vm.exit(ExitReason.SFENCE, epc, vm.watched() ? vmsh.asm.Disassembler.instruction(word, epc) : null);
        } else if (op == Opcode.WFI) {
            hart.pc = epc + 4;
            vm.exit(ExitReason.WFI, epc, vm.watched() ? "wfi" : null);
            deliverExternal();
            if (hart.interruptWaiting() || vm.vcpu().timerDue()) return;
            if (vm.vcpu().deadline() == Long.MAX_VALUE) vm.idle(String.format("wfi at pc 0x%08x with no timer armed", epc));
            else vm.sleep();
        } else if (isCsr(op) && word >>> 20 == Csr.SATP) {
            satpAccess(op, word, epc);
        } else if (isCsr(op) && !Csr.writes(op, Format.rs1(word) == 0) && counter(word >>> 20) != null) {
            int rd = Format.rd(word);
            if (rd != 0) hart.x[rd] = counter(word >>> 20);
            hart.pc = epc + 4;
            vm.exit(ExitReason.CSR, epc, vm.watched() ? "read " + Csr.name(word >>> 20) : null);
        } else {
            reflect(ExitReason.GUEST_FAULT, CAUSE_ILLEGAL_INSTRUCTION, word, epc);
        }
    }

    /** A CSR instruction on satp: the guest's satp changes, and the hart moves to its shadow. */
    private void satpAccess(Opcode op, int word, int epc) {
        int rd = Format.rd(word), rs1 = Format.rs1(word), old = satp;
        if (Csr.writes(op, rs1 == 0)) {
            satp = Csr.written(op, old, Csr.immediateSource(op) ? rs1 : hart.x[rs1]);
            hart.csr.vsatp = currentShadow().enter();
        }
        if (rd != 0) hart.x[rd] = old;
        hart.pc = epc + 4;
        vm.exit(ExitReason.CSR, epc, vm.watched() ? vmsh.asm.Disassembler.instruction(word, epc) : null);
    }

    private static boolean isCsr(Opcode op) { return op != null && op.kind.category() == Kind.Category.CSR; }

    // ---------------------------------------------------------------- interrupts and timer

    @Override void beforeRun() {
        if (machineMode != null) {
            machineMode.beforeRun();
            return;
        }
        if (vm.vcpu().timerDue()) hart.csr.hvip |= MIP_VSTIP;
        deliverExternal();
    }

    /** hvip.VSEIP follows the virtual PLIC's output. */
    private void deliverExternal() { hart.csr.hvip = withExternal(hart.csr.hvip, MIP_VSEIP); }

    @Override void timerCleared() { if (machineMode == null) hart.csr.hvip &= ~MIP_VSTIP; }

    // ---------------------------------------------------------------- looking inside

    @Override VmTranslation translate(int gva, int access) {
        Vcpu c = vm.vcpu();
        int priv = c.priv == PRV_M ? PRV_S : c.priv;
        Translation g = Satp.sv32(satp) ? guestWalker.explain(gva, access, Regime.supervisor(priv, satp, c.vsstatus), false)
                : guestWalker.explain(gva, access, Regime.supervisor(PRV_M, 0, 0), false);
        Translation s = hv.engine().mmu().explain(gva, access, Regime.guest(priv, c.vsatp, c.vsstatus, 0, c.mstatus), false);
        return new VmTranslation(vm.technique(), g, s, s.references() * hv.costs().walkReference());
    }

    /** The guest's satp as the VMM keeps it, and a whole machine's M-mode. */
    @Override void saveOwn(vmsh.state.StateOut out) {
        out.putInt(satp);
        if (machineMode != null) machineMode.save(out);
    }

    @Override void restoreOwn(vmsh.state.StateIn in) {
        satp = in.getInt();
        if (machineMode != null) machineMode.restore(in);
    }

    @Override int hostRoots() { return Vcpu.HOST_VSATP; }

    /** What it keeps besides the shadows is all the guest's: its satp and a whole machine's M-mode. */
    @Override void saveGuest(vmsh.state.StateOut out) { saveOwn(out); }

    @Override void restoreGuest(vmsh.state.StateIn in) {
        restoreOwn(in);
        vm.vcpu().vsatp = currentShadow().hostSatp();
    }

    /** A shadow whose ASID another VM may have used since is flushed as the vCPU comes back. */
    @Override void onHart() {
        if (vmsh.mmu.Satp.asid(hart.csr.vsatp) == Hypervisor.SHARED_ASID) hart.csr.vsatp = currentShadow().enter();
    }

    /** The guest's satp moves with it; the shadows are this host's, filled again on faults. A whole machine's virtual M-mode does not move yet. */
    @Override boolean migratable() { return machineMode == null; }

    /** A clone (or a migrated VM) takes the guest's satp and a whole machine's M-mode. */
    @Override void adopt(Virtualization from) {
        vmsh.state.StateOut out = new vmsh.state.StateOut();
        ((HardwareShadow) from).saveOwn(out);
        restoreOwn(new vmsh.state.StateIn(out.toBytes()));
        vm.vcpu().vsatp = currentShadow().hostSatp();
    }
}
