package vmsh.hv;

import static vmsh.isa.Encoding.*;

import vmsh.cpu.Hart;
import vmsh.cpu.TrapInstruction;
import vmsh.hostmem.PageChange;
import vmsh.hv.sbi.BalloonExtension;
import vmsh.hv.sbi.Sbi;
import vmsh.mmu.Access;

/**
 * A virtualization technique: how one VM's guest runs on the host hart and what the VMM
 * does when it exits. The hypervisor calls {@link #trap} for every trap the hart would
 * take into HS-mode or M-mode while this VM's vCPU is loaded (see vmsh.cpu.TrapInterceptor).
 */
abstract class Virtualization {
    final Vm vm;
    final Hypervisor hv;
    final Hart hart;

    Virtualization(Vm vm) {
        this.vm = vm;
        this.hv = vm.hypervisor();
        this.hart = hv.hart();
    }

    /** Sets the vCPU (not loaded) to start the guest kernel at {@code entry}: (V)S-mode, paging off, a0 = hartid 0, a1 = 0. */
    abstract void boot(int entry);

    /**
     * The guest exited (the vCPU is loaded); handle it and leave the hart where the guest
     * goes on. {@code tinst} is what htinst would hold (see vmsh.cpu.TrapInstruction).
     */
    abstract void trap(int cause, int tval, int epc, long gpa, int tinst);

    /** Before each run of the engine (vCPU loaded): raise due timers, inject what the guest may take now. */
    abstract void beforeRun();

    /** {@code pending} with the external-interrupt bit {@code bit} following the VM's virtual PLIC ({@link VirtualInterrupts}). */
    final int withExternal(int pending, int bit) { return vm.interrupts().pending() ? pending | bit : pending & ~bit; }

    /** The pmap changed a page underneath (sharing, swapping, COW): drop what was built on it. */
    abstract void pageChanged(PageChange change);

    /** How the guest virtual address translates now, both stages (vCPU not loaded). */
    abstract VmTranslation translate(int gva, int access);

    /**
     * The guest-physical address guest-virtual {@code va} reaches through the guest's own
     * page table now (vCPU not loaded, or synced), or -1; a debugger's question: nothing is
     * touched or mapped.
     */
    long guestAddress(int va, int access) {
        vmsh.mmu.Translation t = translate(va, access).guest();
        return t.ok() ? guestPhysical(t) : -1;
    }

    /** The guest-physical address of the guest's walk {@code t} (which is ok): its result, or its first stage's under two stages. */
    long guestPhysical(vmsh.mmu.Translation t) { return t.pa(); }

    /** The VMM's own translation structures, for people: the G-stage or the shadow tables. */
    abstract java.util.List<ShadowView> shadow();

    /** The satp the guest kernel believes it wrote (vCPU not loaded): vsatp, or the virtual satp. */
    abstract int guestSatp();

    /** The privilege the guest believes it runs at (vCPU not loaded): PRV_S for its kernel, PRV_U for its tasks. */
    abstract int guestPrivilege();

    /**
     * CSR {@code csr} as the guest would read it now (vCPU not loaded, or synced), or null
     * when the guest has no such CSR; by default a guest in VS-mode on the hart (see {@link GuestCsrs}).
     */
    Integer guestCsr(int csr) { return GuestCsrs.virtualSupervisor(this, vm.vcpu(), csr); }

    /**
     * Writes guest CSR {@code csr} as the guest's own csrw would (WARL rules, no privilege
     * checks), for a debugger; throws with the reason where this technique cannot do that
     * exactly. By default a guest in VS-mode on the hart: its plain CSRs (see {@link GuestCsrs#plain}).
     */
    void setGuestCsr(int csr, int value) {
        if (GuestCsrs.machineLevel(csr) || !GuestCsrs.plain(csr) && !GuestCsrs.state(csr))
            throw GuestCsrs.notPlain(vm, csr);
        if (GuestCsrs.plain(csr)) {
            GuestCsrs.writeVirtualSupervisor(hv.loaded() == vm ? hart : null, vm.vcpu(), csr, value);
            return;
        }
        hv.withVcpuOnHart(vm, () -> {
            if (csr == vmsh.isa.Csr.SATP) setSatpOnHart(value);
            else hart.csr.write(vmsh.cpu.CsrFile.redirectVirtual(csr), value);   // vsstatus, vsie, vsip: the hart acts on them itself
        });
    }

    /** A guest in VS-mode: a debugger's write of its satp, made on the hart (see the overrides). */
    void setSatpOnHart(int value) {
        throw GuestCsrs.refused(vm, vmsh.isa.Csr.SATP, "this technique keeps no satp of the guest's");
    }

    /**
     * Sets the privilege the guest runs at (0 U, 1 S, 3 M in a whole machine), as a
     * debugger asks, with what the VMM derives from it redone; throws with the reason where
     * this technique cannot. By default a guest in VS-mode on the hart: VS or VU.
     */
    void setGuestPrivilege(int p) {
        GuestCsrs.checkPrivilege(vm, p);
        if (p == PRV_M) throw GuestCsrs.privilegeRefused(vm, p, "this technique emulates a whole machine's M-mode outside the hart's VS-mode");
        hv.withVcpuOnHart(vm, () -> hart.priv = p);
    }

    /** True when the host TLB entry {@code e} translates for this VM (its VMID, or one of its shadow ASIDs). */
    abstract boolean owns(vmsh.mmu.TlbEntry e);

    /** Frees the VMM's tables (the VM is gone). */
    abstract void release();

    /** Saves the technique's own state: its tables' bookkeeping, virtual CSRs and counters (the tables are host frames). */
    abstract void save(vmsh.state.StateOut out);

    abstract void restore(vmsh.state.StateIn in);

    /** Throws when this technique's state cannot be saved yet. */
    void checkCopyable() { }

    /** Throws when a VM of this technique cannot be cloned. */
    void checkCloneable() { checkCopyable(); }

    // ---------------------------------------------------------------- a VM's own snapshot

    /**
     * True when the vCPU (off the hart) stands where its state is not all the guest's (a
     * translator's spill slots hold some registers): {@link #settle} first, before a clone or
     * a VM's own snapshot takes it.
     */
    boolean unsettled() { return false; }

    /** On the hart: runs the guest on to a point where its state is all its own. */
    void settle() { }

    /**
     * On the hart, after the engine ran the vCPU: its instruction count made exact where it
     * is not already (a binary translator's code runs instructions of its own; the vCPU
     * first steps to a point where its state is all the guest's).
     */
    void ran() { }

    /** A replay of known history ended: the debugger's marks are on the engine again (see {@link Hypervisor#carriesMarks}). */
    void replayEnded() { }

    /** Throws when a VM of this technique cannot be saved on its own ({@link Vm#snapshot}). */
    void checkVmSnapshot() { checkCopyable(); }

    /**
     * A guest page's words (frame {@code mpn}) as a VM's own snapshot holds them (null: none,
     * a page of zeros, left out unless {@code zeros}); by default as they are.
     */
    int[] savedPage(int mpn, int[] words, boolean zeros) { return words; }

    /** True when a clone is made as a VM's own snapshot loaded anew ({@link Hypervisor#clone}), not by sharing pages. */
    boolean clonesBySnapshot() { return false; }

    /** The vCPU CSRs that point at this technique's tables on this host ({@link Vcpu#HOST_HGATP}, ...). */
    abstract int hostRoots();

    /** The technique's own counters for a VM's own snapshot (a translator's callouts, hypercalls): none by default. */
    void saveCounters(vmsh.state.StateOut out) { }

    void restoreCounters(vmsh.state.StateIn in) { }

    /** A clone made from a snapshot starts counting at zero. */
    void zeroCounters() { }

    /** What the technique keeps of the guest besides the vCPU (virtual CSRs, the guest's satp), not its tables. */
    void saveGuest(vmsh.state.StateOut out) { }

    /**
     * Takes the guest's side back ({@link #saveGuest}) after {@link #forgetTables}: the
     * vCPUs' {@link #hostRoots} point at this technique's tables again.
     */
    abstract void restoreGuest(vmsh.state.StateIn in);

    /** Drops every mapping of a guest page from the VMM's tables and the host TLB: they fill again on faults. */
    abstract void forgetTables();

    /** True when a VM of this technique can move to another host ({@link Vm#takeOver}). */
    boolean migratable() { return false; }

    /**
     * Live migration: this fresh VM's technique takes over {@code from}'s guest state (the vCPU
     * is copied already) and points the vCPU at its own roots on this host (G-stage, shadows).
     */
    void adopt(Virtualization from) {
        throw new IllegalStateException("VM '" + vm.name() + "': its technique cannot migrate");
    }

    /** The vCPU was put on the hart: its tables may be made or its TLB tags made its own (see the overrides). */
    void onHart() { }

    /**
     * The VM went idle (off the hart): it waits in wfi for input with no timer armed, for
     * as long as no one writes to it. The technique may give its tables back to the host
     * (see the overrides); they refill on faults when the VM runs again, exits it pays for
     * then, as ESX and Xen drop the shadows of idle VMs.
     */
    void idled() { }

    /** The vCPU's timer was programmed: whatever was pending is cleared. */
    abstract void timerCleared();

    // ---------------------------------------------------------------- accounting

    /**
     * The VMM ran for {@code reason} on behalf of the guest instruction at {@code pc}: an
     * exit (with its hooks and cost). A binary translator's callouts do the same work
     * without leaving the guest's context, and count it as a callout instead.
     */
    void account(ExitReason reason, int pc, String detail) { vm.exit(reason, pc, detail); }

    /** Calls of translated code into the VMM (a binary translator's callouts), else 0. */
    long callouts() { return 0; }

    /** Cycles the VMM spent besides exits: 0, or a binary translator's translation and callouts. */
    long vmmCycles(CostModel costs) { return 0; }

    /** The guest's own pc for a pc of the hart (a binary translator runs the guest kernel elsewhere). */
    int guestPc(int pc) { return pc; }

    /** The vCPU's pc as a VM's own snapshot holds it: the guest's own ({@link #guestPc}), unless the snapshot carries the code it runs. */
    int savedPc(int pc) { return guestPc(pc); }

    /** The VMM wrote guest memory itself (an SBI call's buffer): whatever was built from it must go. */
    void guestWritten(long gpa, int length) {}

    /** The VM's debugger marks other instructions now (a binary translator translates again). */
    void marksChanged() { }

    /** A run that is not a replay begins: a binary translator takes the debugger's marks as they are now (see {@link BinaryTranslation}). */
    void takeMarks() { }

    /** A debugger wrote {@code width} bytes of guest memory at {@code gpa} (the page is the VM's own now). */
    void poked(long gpa, int width) { guestWritten(gpa, width); }

    /**
     * The VMM's warm state for a VM's own snapshot, in guest terms: what its tables map and
     * the VM's host TLB entries, so that a restore rebuilds them and the guest's clock goes on
     * as it would have ({@code pageOf}: a machine frame's guest page, -1 when it has none of
     * its own). Nothing by default: the tables fill again on faults.
     */
    void saveWarm(vmsh.state.StateOut out, java.util.function.IntUnaryOperator pageOf) {}

    /** Rebuilds what {@link #saveWarm} saved, on the pages' frames now, without counting (after {@link #restoreGuest}). */
    void restoreWarm(vmsh.state.StateIn in) {}

    /** 4 MiB mappings in the VMM's own tables now (G-stage or shadow megapages). */
    int megapages() { return 0; }

    /** What replicates and watches pages for Disco's policy, or null when this technique does not. */
    PageMover pageMover() { return null; }

    // ---------------------------------------------------------------- shared exit handling

    /** An SBI call (ecall from the guest kernel at {@code epc}): served on the live registers. */
    void sbi(int epc) {
        int eid = hart.x[17];
        hart.pc = epc + 4;
        int fid = hart.x[16];
        Sbi.call(hart.x, vm.sbiEnvironment());
        ExitReason reason = eid == BalloonExtension.EID ? ExitReason.BALLOON : ExitReason.SBI;
        account(reason, epc, vm.watched() ? vmsh.hv.sbi.SbiIds.extensionName(eid) + " fid " + fid : null);
    }

    /**
     * A guest load or store at device address {@code gpa} (instruction at {@code epc}):
     * emulated on the device from {@code tinst}, the transformed instruction the hart
     * reported, without reading guest memory; false when it is not a plain aligned load or
     * store.
     */
    boolean mmio(int epc, long gpa, int tinst) {
        if (tinst == 0 || TrapInstruction.pseudo(tinst) || !vm.devices().emulate(tinst, gpa, hart.x)) return false;
        hart.x[0] = 0;
        hart.pc = epc + 4;
        account(ExitReason.MMIO, epc, vm.watched() ? String.format("%s at gpa 0x%08x", guestInstruction(epc, tinst), gpa) : null);
        return true;
    }

    /** The guest's instruction at {@code epc} disassembled, for exit hooks (the transformed one if it cannot be read). */
    String guestInstruction(int epc, int tinst) {
        Integer word = hv.engine().peekInstruction(epc);
        return vmsh.asm.Disassembler.instruction(word != null ? word : tinst, epc);
    }

    /** The guest's view of cycle/instret (when a read of them exits): its vCPU clock and its instructions. */
    Integer counter(int csr) {
        long insns = vm.vcpu().instructions();
        return switch (csr) {
            case vmsh.isa.Csr.CYCLE -> (int) vm.vcpu().cycles();
            case vmsh.isa.Csr.CYCLEH -> (int) (vm.vcpu().cycles() >>> 32);
            case vmsh.isa.Csr.INSTRET -> (int) insns;
            case vmsh.isa.Csr.INSTRETH -> (int) (insns >>> 32);
            default -> null;
        };
    }

    /**
     * A fault while delivering a fault (a triple fault, on x86): the guest's fetch at
     * {@code epc} faulted and its handler for that fault is {@code epc} itself, so every
     * delivery would fault again and the guest could never go on. Then the VM stops in
     * state fault with the line the bare machine prints for a handler it cannot fetch, and
     * the trap the guest last took ({@code lastCause} at {@code lastEpc}, its scause/sepc);
     * true when it stopped.
     */
    boolean undeliverable(int cause, int tval, int epc, int handler, int lastCause, int lastEpc) {
        boolean fetchFault = cause == CAUSE_FETCH_ACCESS || cause == CAUSE_FETCH_PAGE_FAULT;
        if (!fetchFault || epc != handler) return false;
        String last = lastEpc == epc ? "" : String.format(" (the guest's last trap: %s at pc 0x%08x)",
                lastCause < 0 ? interruptName(lastCause & ~MCAUSE_INTERRUPT) : causeName(lastCause), lastEpc);
        vm.fault(String.format("%s (tval 0x%08x) at pc 0x%08x: trap handler 0x%08x cannot be fetched%s",
                causeName(cause), tval, epc, handler, last));
        return true;
    }

    /**
     * VS-mode trap entry on the hart (the H extension's way into the guest kernel), told to the
     * VM's trap hooks; false when the guest could not take it and stopped in fault.
     */
    boolean enterGuestKernel(int cause, int tval, int epc) {
        var c = hart.csr;
        if (undeliverable(cause, tval, epc, c.vstvec & ~3, c.vscause, c.vsepc)) return false;
        int from = hart.priv;
        hart.pc = hart.enterVirtualSupervisor(cause, tval, epc, false);
        vm.trapDelivered(cause, tval, epc, hart.pc, from, PRV_S, true);
        return true;
    }

    /** The access kind of a page-fault or guest-page-fault cause. */
    static int accessOf(int cause) {
        return switch (cause) {
            case CAUSE_FETCH_PAGE_FAULT, CAUSE_FETCH_GUEST_PAGE_FAULT, CAUSE_FETCH_ACCESS -> Access.FETCH;
            case CAUSE_LOAD_PAGE_FAULT, CAUSE_LOAD_GUEST_PAGE_FAULT, CAUSE_LOAD_ACCESS -> Access.LOAD;
            default -> Access.STORE;
        };
    }
}
