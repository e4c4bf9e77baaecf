package vmsh.hv;

import static vmsh.isa.Encoding.*;
import static vmsh.cpu.CsrFile.*;

import vmsh.isa.Csr;
import vmsh.isa.Decoder;
import vmsh.isa.Format;
import vmsh.isa.Kind;
import vmsh.isa.Opcode;
import vmsh.mmu.Regime;
import vmsh.mmu.Satp;
import vmsh.mmu.Translation;
import vmsh.isa.Encoding;

/**
 * Classic trap-and-emulate (Popek and Goldberg, 1974): the guest kernel runs deprivileged
 * in U-mode on the host hart (V=0), so every sensitive instruction traps to the VMM:
 * <ul>
 * <li>CSR instructions on S-mode CSRs (illegal in U-mode): emulated on {@link VirtualCsrs};
 * <li>sret, wfi, sfence.vma (illegal in U-mode): emulated;
 * <li>ecall: an SBI call from the guest kernel, or a system call of a guest task, which
 *     the VMM reflects into the guest kernel as S-mode trap entry would;
 * <li>page faults on the shadow table: a hidden fault (the guest's own table allows the
 *     access: the VMM fills the shadow), a traced page-table write, MMIO, or a true guest
 *     fault (reflected);
 * <li>the virtual timer and the virtual PLIC's output ({@link VirtualInterrupts}): injected
 *     as the guest's supervisor timer and external interrupts when its virtual sstatus.SIE
 *     and sie allow (checked before every run of the engine);
 * <li>reads of the counters, time included: the hart's time is the host's, and without
 *     hardware help (htimedelta works only with V=1) the VMM gives the guest its own time
 *     by emulating every read with the vCPU's clock. A guest task may read what the guest
 *     kernel's scounteren allows.
 * </ul>
 */
class TrapAndEmulate extends ShadowVirtualization {
    final VirtualCsrs v = new VirtualCsrs();

    TrapAndEmulate(Vm vm) { this(vm, vm.technique() != Technique.TRAP_VTLB); }

    TrapAndEmulate(Vm vm, boolean traced) { super(vm, traced); }

    @Override void boot(int entry) {
        Vcpu c = vm.vcpu();
        c.pc = entry;
        c.priv = PRV_U;   // the guest kernel, deprivileged
        c.virt = false;
        c.x[10] = 0;
        c.x[11] = 0;
        c.mcounteren = 0;   // every counter read traps: time is virtualized by emulation
        c.scounteren = 0;
        v.priv = PRV_S;
        c.satp = currentShadow().hostSatp();
    }

    // ---------------------------------------------------------------- the view the hart runs


    /** The shadow of the guest's current address space and mode. */
    @Override ShadowPaging.Context currentShadow() {
        int view = v.priv == PRV_U ? 0 : ShadowPaging.VIEW_KERNEL
                | ((v.sstatus & MSTATUS_SUM) != 0 ? ShadowPaging.VIEW_SUM : 0);
        if ((v.sstatus & MSTATUS_MXR) != 0) view |= ShadowPaging.VIEW_MXR;
        return shadows.context(v.satp, view);
    }

    @Override boolean migratable() { return true; }

    /** The virtual S-mode CSRs move with the guest; the shadows are this host's, filled again on faults. */
    @Override void adopt(Virtualization from) {
        VirtualCsrs o = ((TrapAndEmulate) from).v;
        v.priv = o.priv; v.sstatus = o.sstatus; v.sie = o.sie; v.sip = o.sip; v.stvec = o.stvec; v.sscratch = o.sscratch;
        v.sepc = o.sepc; v.scause = o.scause; v.stval = o.stval; v.satp = o.satp; v.scounteren = o.scounteren; v.senvcfg = o.senvcfg;
        vm.vcpu().satp = currentShadow().hostSatp();
    }

    /** Points the hart at the shadow of the guest's current address space and mode (after priv, satp, SUM, MXR change). */
    void switchShadow() { hart.csr.satp = currentShadow().hostSatp(); }

    // ---------------------------------------------------------------- exits

    @Override void trap(int cause, int tval, int epc, long gpa, int tinst) {
        switch (cause) {
            case CAUSE_ILLEGAL_INSTRUCTION -> privileged(tval, epc);
            case CAUSE_USER_ECALL -> {
                if (v.priv == PRV_S) sbi(epc);
                else reflect(ExitReason.SYSCALL, CAUSE_USER_ECALL, 0, epc);
            }
            case CAUSE_FETCH_PAGE_FAULT, CAUSE_LOAD_PAGE_FAULT, CAUSE_STORE_PAGE_FAULT -> pageFault(cause, tval, epc, tinst);
            default -> {
                if (cause < 0) vm.fault(String.format("host %s at 0x%08x", Encoding.interruptName(cause & ~MCAUSE_INTERRUPT), epc));
                else reflect(ExitReason.GUEST_FAULT, cause, tval, epc);
            }
        }
    }

    /** An instruction U-mode may not execute: the guest kernel's sensitive instructions are emulated. */
    void privileged(int word, int epc) {
        Opcode op = Decoder.opcode(word);
        if (op == null || v.priv == PRV_U && !userCounterRead(op, word)) {
            reflect(ExitReason.GUEST_FAULT, CAUSE_ILLEGAL_INSTRUCTION, word, epc);
            return;
        }
        if (op.kind.category() == Kind.Category.CSR) {
            csr(op, word, epc);
            return;
        }
        switch (op) {
            case SRET -> {
                hart.pc = v.sret();
                switchShadow();
                account(ExitReason.SRET, epc, vm.watched() ? "sret to " + Encoding.privilegeName(v.priv) + "-mode" : null);
            }
            case WFI -> wfi(epc);
            case SFENCE_VMA -> {
                int rs1 = Format.rs1(word), rs2 = Format.rs2(word);
                if (!shadows.traced()) shadows.sfence(rs1 != 0, hart.x[rs1], rs2 != 0, hart.x[rs2]);
                hart.pc = epc + 4;
                account(ExitReason.SFENCE, epc, vm.watched() ? vmsh.asm.Disassembler.instruction(word, epc) : null);
            }
            default -> reflect(ExitReason.GUEST_FAULT, CAUSE_ILLEGAL_INSTRUCTION, word, epc);
        }
    }

    /** A guest task's read of cycle, time or instret (or their high halves) that the guest kernel's scounteren allows. */
    private boolean userCounterRead(Opcode op, int word) {
        int csr = word >>> 20;
        boolean read = op.kind.category() == Kind.Category.CSR && !Csr.writes(op, Format.rs1(word) == 0);
        boolean counter = csr >= Csr.CYCLE && csr <= Csr.INSTRET || csr >= Csr.CYCLEH && csr <= Csr.INSTRETH;
        return read && counter && (v.scounteren >>> (csr & 0x1f) & 1) != 0;
    }

    /** A CSR instruction of the guest kernel (or an allowed counter read of a task), on the virtual CSRs with the spec's rules. */
    private void csr(Opcode op, int word, int epc) {
        int csr = word >>> 20, rd = Format.rd(word), rs1 = Format.rs1(word);
        boolean writes = Csr.writes(op, rs1 == 0);
        if (!VirtualCsrs.supervisorCsr(csr) || writes && Csr.readOnly(csr)) {
            reflect(ExitReason.GUEST_FAULT, CAUSE_ILLEGAL_INSTRUCTION, word, epc);
            return;
        }
        int old = readVirtual(csr);
        if (writes) {
            v.write(csr, Csr.written(op, old, Csr.immediateSource(op) ? rs1 : hart.x[rs1]));
            if (csr == Csr.SATP || csr == Csr.SSTATUS) switchShadow();
        }
        if (rd != 0) hart.x[rd] = old;
        hart.pc = epc + 4;
        account(ExitReason.CSR, epc, vm.watched() ? vmsh.asm.Disassembler.instruction(word, epc) : null);
    }

    /** A virtual CSR, or the guest's counters. */
    private int readVirtual(int csr) {
        return switch (csr) {
            case Csr.TIME, Csr.TIMEH -> time(csr);
            case Csr.CYCLE, Csr.CYCLEH, Csr.INSTRET, Csr.INSTRETH -> counter(csr);
            default -> v.read(csr);
        };
    }

    private int time(int csr) {
        long t = vm.vcpu().time();
        return csr == Csr.TIME ? (int) t : (int) (t >>> 32);
    }

    /** wfi: goes on at once when an interrupt is pending, else the vCPU sleeps until its timer (or it idles). */
    private void wfi(int epc) {
        hart.pc = epc + 4;
        account(ExitReason.WFI, epc, vm.watched() ? "wfi" : null);
        deliverExternal();
        if ((v.sip & v.sie) != 0 || vm.vcpu().timerDue()) return;
        if (vm.vcpu().deadline() == Long.MAX_VALUE) vm.idle(String.format("wfi at pc 0x%08x with no timer armed", epc));
        else vm.sleep();
    }

    /** S-mode trap entry into the guest kernel, done on the virtual CSRs. */
    @Override void reflect(ExitReason reason, int cause, int tval, int epc) {
        if (undeliverable(cause, tval, epc, v.stvec & ~3, v.scause, v.sepc)) return;
        hart.pc = v.enterTrap(cause, tval, epc);
        switchShadow();
        account(reason, epc, vm.watched() ? Encoding.causeName(cause) + String.format(" (tval 0x%08x) reflected to the guest kernel", tval) : null);
    }

    /** The guest's MMU regime for the VMM's software walk: its virtual privilege, satp, SUM and MXR. */
    @Override Regime guestRegime() { return Regime.supervisor(v.priv, v.satp, v.sstatus); }

    // ---------------------------------------------------------------- interrupts and timer

    @Override void beforeRun() {
        if (vm.vcpu().timerDue()) v.sip |= MIP_STIP;
        deliverExternal();
        int irq = v.pendingInterrupt();
        if (irq < 0) return;
        int epc = hart.pc;
        hart.pc = v.enterTrap(irq | MCAUSE_INTERRUPT, 0, epc);
        switchShadow();
        account(ExitReason.INTERRUPT, epc, vm.watched() ? Encoding.interruptName(irq) + " injected" : null);
    }

    @Override void timerCleared() { v.sip &= ~MIP_STIP; }

    /** The virtual sip.SEIP follows the virtual PLIC's output. */
    private void deliverExternal() {
        v.sip = withExternal(v.sip, MIP_SEIP);
    }

    // ---------------------------------------------------------------- looking inside

    @Override int guestSatp() { return v.satp; }

    @Override int guestPrivilege() { return v.priv; }


    @Override VmTranslation translate(int gva, int access) {
        Regime r = guestRegime();
        Translation g = Satp.sv32(v.satp) ? guestWalker.explain(gva, access, r, false)
                : guestWalker.explain(gva, access, Regime.supervisor(PRV_M, 0, 0), false);
        ShadowPaging.Context c = currentShadow();
        Translation s = hv.engine().mmu().explain(gva, access, Regime.supervisor(PRV_U, c.hostSatp(), 0), false);
        return new VmTranslation(vm.technique(), g, s, s.references() * hv.costs().walkReference());
    }


    /** The virtual CSRs. */
    @Override void saveOwn(vmsh.state.StateOut out) { v.save(out); }

    @Override void restoreOwn(vmsh.state.StateIn in) { v.restore(in); }
}
