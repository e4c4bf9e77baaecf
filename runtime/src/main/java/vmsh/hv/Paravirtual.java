package vmsh.hv;

import static vmsh.isa.Encoding.*;
import static vmsh.cpu.CsrFile.*;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import vmsh.dev.Clint;
import vmsh.hostmem.GuestMemory;
import vmsh.hostmem.PageChange;
import vmsh.hv.sbi.SbiIds;
import vmsh.isa.Encoding;
import vmsh.mmu.Access;
import vmsh.mmu.Regime;
import vmsh.mmu.Translation;
import vmsh.state.StateIn;
import vmsh.state.StateOut;

/**
 * Paravirtualization, as Xen did it (Barham et al., SOSP 2003): the guest kernel knows it
 * is virtualized. It runs deprivileged in U-mode on the host hart and never executes a
 * sensitive instruction: it keeps its virtual CPU state in a page it shares with the VMM
 * ({@link SharedInfo}: masking interrupts is a store, no exit) and asks for privileged work
 * by hypercall (SBI extension EXT_VMSH, {@link PvAbi}): registering its trap vector,
 * returning to a task, its timer, and its page tables, which are direct ({@link
 * DirectPaging}: the hart walks the guest's own tables, validated, updated in batches).
 *
 * <p>Traps of its tasks come to the VMM (RISC-V has no way to send them to a U-mode kernel
 * directly) and bounce: the VMM writes the cause, value and pc into the shared page, and
 * enters the registered vector in the kernel's view of the address space. The console is a
 * ring in the shared page, flushed with one event hypercall per line.
 *
 * <p>The guest is built for it: samples/kernel/kernel-pv.s is the teaching kernel with its
 * privileged operations (samples/kernel/paravirt.s) expanded the paravirtual way.
 */
final class Paravirtual extends Virtualization {
    private final SharedInfo shared;
    private final DirectPaging paging;
    /** The guest's virtual privilege: PRV_S (its kernel) or PRV_U (a task). */
    private int priv = PRV_S;
    private int trapVector;
    private long batchAddress;
    private int batchCapacity;
    /** Guest pages the balloon gave back whose frames must be put back (outside the pmap's listener). */
    private final Deque<Integer> repopulate = new ArrayDeque<>();
    private long hypercalls, bounces, batchEntries;

    Paravirtual(Vm vm) {
        super(vm);
        this.shared = new SharedInfo(hv.host());
        this.paging = new DirectPaging(vm, shared);
    }

    @Override void boot(int entry) {
        Vcpu c = vm.vcpu();
        c.pc = entry;
        c.priv = PRV_U;            // the guest kernel, deprivileged
        c.virt = false;
        c.x[10] = 0;
        c.x[11] = 0;
        c.mcounteren = 1 << 1;      // it reads the time CSR itself, and adds its offset from the shared page
        c.scounteren = 1 << 1;
        c.satp = paging.kernelSatp();
        priv = PRV_S;
    }

    // ---------------------------------------------------------------- exits

    @Override void trap(int cause, int tval, int epc, long gpa, int tinst) {
        populate();
        switch (cause) {
            case CAUSE_USER_ECALL -> {
                if (priv == PRV_S) kernelCall(epc);
                else bounce(ExitReason.SYSCALL, CAUSE_USER_ECALL, 0, epc);
            }
            case CAUSE_FETCH_PAGE_FAULT, CAUSE_LOAD_PAGE_FAULT, CAUSE_STORE_PAGE_FAULT -> pageFault(cause, tval, epc, tinst);
            default -> {
                if (cause < 0) vm.fault(String.format("host %s at 0x%08x", Encoding.interruptName(cause & ~MCAUSE_INTERRUPT), epc));
                else bounce(ExitReason.GUEST_FAULT, cause, tval, epc);
            }
        }
    }

    /**
     * A page fault: with the guest's paging off, a device access is emulated (MMIO); every
     * other fault is the guest's own (its tables are what the hart walked) and bounces.
     */
    private void pageFault(int cause, int va, int epc, int tinst) {
        int access = accessOf(cause);
        long address = va & 0xffff_ffffL;
        if (paging.satp() == 0 && access != Access.FETCH && !vm.guest().contains(address, 1)
                && vm.devices().at(address) != null && mmio(epc, address, tinst)) return;
        bounce(ExitReason.GUEST_FAULT, cause, va, epc);
    }

    /** An ecall of the guest kernel: a hypercall, or another SBI call (console, timer, shutdown, balloon). */
    private void kernelCall(int epc) {
        if (hart.x[17] != PvAbi.EID) {
            sbi(epc);
            return;
        }
        hypercalls++;
        int fid = hart.x[16];
        int error = applyBatch();
        String detail = vm.watched() ? PvAbi.name(fid) : null;
        if (fid == PvAbi.RETURN) {
            if (error != 0) {
                vm.fault(String.format("pv guest's queued page-table batch refused (error %d) on its return at pc 0x%08x", error, epc));
                return;
            }
            vm.exit(ExitReason.HYPERCALL, epc, detail);
            sret();
            return;
        }
        hart.pc = epc + 4;
        if (error == 0) {
            switch (fid) {
                case PvAbi.SET_TRAP_VECTOR -> trapVector = hart.x[10];
                case PvAbi.SET_TIMER -> vm.sbiEnvironment().setTimer(Integer.toUnsignedLong(hart.x[10]) | (long) hart.x[11] << 32);
                case PvAbi.MMU, PvAbi.IRQ -> { }
                case PvAbi.CONSOLE -> { for (byte b : shared.drainConsole()) vm.console().transmit(b & 0xff); }
                case PvAbi.BLOCK -> block(epc);
                case PvAbi.REGISTER_BATCH -> {
                    batchAddress = Integer.toUnsignedLong(hart.x[10]);
                    batchCapacity = Math.min(hart.x[11], PvAbi.MAX_BATCH);
                    if (batchCapacity < 0 || !vm.guest().contains(batchAddress, 8L * batchCapacity)) {
                        batchCapacity = 0;
                        error = SbiIds.ERR_INVALID_ADDRESS;
                    }
                }
                default -> error = SbiIds.ERR_NOT_SUPPORTED;
            }
        }
        hart.x[10] = error;
        vm.exit(ExitReason.HYPERCALL, epc, detail);
        if (fid == PvAbi.IRQ) deliverPending();
    }

    /**
     * The multicall entries the guest queued (their count is in the shared page): applied in
     * order; the first refused one stops the batch. Returns 0 or its SBI error (a1 = entries done).
     */
    private int applyBatch() {
        int n = shared.get(PvAbi.BATCH_COUNT);
        if (n == 0) return 0;
        shared.set(PvAbi.BATCH_COUNT, 0);
        if (n < 0 || n > batchCapacity) return SbiIds.ERR_INVALID_PARAM;
        for (int i = 0; i < n; i++) {
            batchEntries++;
            int ptr = vm.guest().loadWord(batchAddress + 8L * i), val = vm.guest().loadWord(batchAddress + 8L * i + 4);
            int error = switch (ptr & 3) {
                case PvAbi.OP_PTE -> paging.update(Integer.toUnsignedLong(ptr & ~3), val);
                case PvAbi.OP_FLUSH -> {
                    paging.flush(ptr >>> 2, val);
                    yield 0;
                }
                case PvAbi.OP_SATP -> setSatp(val);
                default -> switch (ptr >>> 2) {
                    case PvAbi.EXT_RELEASE -> paging.release(val);
                    case PvAbi.EXT_PIN -> paging.pin(val);
                    default -> SbiIds.ERR_NOT_SUPPORTED;
                };
            };
            if (error != 0) {
                hart.x[11] = i;
                return error;
            }
        }
        hart.x[11] = n;
        return 0;
    }

    private int setSatp(int value) {
        int error = paging.setSatp(value);
        if (error != 0) return error;
        shared.set(PvAbi.SATP, paging.satp());
        hart.csr.satp = priv == PRV_S ? paging.kernelSatp() : paging.userSatp();
        return 0;
    }

    /** return: sret on the shared page's sstatus and sepc; a6 and a7 come back from the shared page. */
    private void sret() {
        int s = shared.get(PvAbi.SSTATUS);
        priv = (s & MSTATUS_SPP) != 0 ? PRV_S : PRV_U;
        s = s & ~(MSTATUS_SPP | MSTATUS_SIE) | MSTATUS_SPIE | ((s & MSTATUS_SPIE) != 0 ? MSTATUS_SIE : 0);
        shared.set(PvAbi.SSTATUS, s);
        hart.pc = shared.get(PvAbi.SEPC);
        hart.x[16] = shared.get(PvAbi.SAVED_A6);
        hart.x[17] = shared.get(PvAbi.SAVED_A7);
        hart.csr.satp = priv == PRV_S ? paging.kernelSatp() : paging.userSatp();
        deliverPending();
        if (settling && priv == PRV_U) vm.pause(SETTLED);
    }

    /** block: waits for an interrupt, as wfi does. */
    private void block(int epc) {
        deliverExternal();
        if (pendingInterrupt() >= 0 || vm.vcpu().timerDue()) return;
        if (vm.vcpu().deadline() == Long.MAX_VALUE) vm.idle(String.format("pv block at pc 0x%08x with no timer armed", epc));
        else vm.sleep();
    }

    /** S-mode trap entry, the paravirtual way: cause, value, pc and sstatus in the shared page, then the registered vector. */
    private void bounce(ExitReason reason, int cause, int tval, int epc) {
        if (trapVector == 0) {   // no vector registered: delivery would fetch at 0 and fault there for ever
            undeliverable(CAUSE_FETCH_ACCESS, 0, 0, 0, cause, epc);
            return;
        }
        if (undeliverable(cause, tval, epc, trapVector, shared.get(PvAbi.SCAUSE), shared.get(PvAbi.SEPC))) return;
        bounces++;
        shared.set(PvAbi.SCAUSE, cause);
        shared.set(PvAbi.STVAL, tval);
        shared.set(PvAbi.SEPC, epc);
        int s = shared.get(PvAbi.SSTATUS);
        s = s & ~(MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE) | (priv == PRV_S ? MSTATUS_SPP : 0)
                | ((s & MSTATUS_SIE) != 0 ? MSTATUS_SPIE : 0);
        shared.set(PvAbi.SSTATUS, s);
        int from = priv;
        priv = PRV_S;
        hart.csr.satp = paging.kernelSatp();
        hart.pc = trapVector;
        vm.trapDelivered(cause, tval, epc, trapVector, from, PRV_S, false);
        vm.exit(reason, epc, vm.watched() ? (cause < 0 ? Encoding.interruptName(cause & ~MCAUSE_INTERRUPT)
                : Encoding.causeName(cause)) + String.format(" (tval 0x%08x) bounced to the guest kernel", tval) : null);
    }

    // ---------------------------------------------------------------- interrupts and time

    @Override void beforeRun() {
        populate();
        long hostTime = Math.floorDiv(hv.engine().clock().cycles() - vm.vcpu().timeBias(), Clint.CYCLES_PER_TICK), delta = vm.vcpu().time() - hostTime;
        shared.set(PvAbi.TIME_DELTA, (int) delta);
        shared.set(PvAbi.TIME_DELTA + 4, (int) (delta >>> 32));
        if (vm.vcpu().timerDue()) shared.set(PvAbi.SIP, shared.get(PvAbi.SIP) | MIP_STIP);
        deliverExternal();
        deliverPending();
    }

    /** The shared page's sip.SEIP follows the virtual PLIC's output. */
    private void deliverExternal() { shared.set(PvAbi.SIP, withExternal(shared.get(PvAbi.SIP), MIP_SEIP)); }

    /** The interrupt the guest takes now, or -1: pending and enabled in the shared page, SIE set or in a task. */
    private int pendingInterrupt() {
        int pending = shared.get(PvAbi.SIP) & shared.get(PvAbi.SIE);
        if (pending == 0 || priv == PRV_S && (shared.get(PvAbi.SSTATUS) & MSTATUS_SIE) == 0) return -1;
        if ((pending & MIP_SEIP) != 0) return IRQ_S_EXT;
        if ((pending & MIP_SSIP) != 0) return IRQ_S_SOFT;
        return IRQ_S_TIMER;
    }

    private void deliverPending() {
        int irq = pendingInterrupt();
        if (irq >= 0 && vm.state() == VmState.READY) bounce(ExitReason.INTERRUPT, irq | MCAUSE_INTERRUPT, 0, hart.pc);
    }

    @Override void timerCleared() { shared.set(PvAbi.SIP, shared.get(PvAbi.SIP) & ~MIP_STIP); }

    // ---------------------------------------------------------------- memory

    @Override void pageChanged(PageChange c) {
        if (c.newMpn() >= 0) paging.backed(c.gpn(), c.newMpn());
        else {
            paging.unbacked(c.gpn(), c.oldMpn());
            if (vm.memory().pmap().state(c.gpn()) == vmsh.hostmem.PageState.UNBACKED) repopulate.add(c.gpn());
        }
    }

    /** Deflated balloon pages get a frame again: a pv guest's memory is all backed. */
    private void populate() {
        while (!repopulate.isEmpty()) {
            int gpn = repopulate.poll();
            if (vm.memory().pmap().state(gpn) == vmsh.hostmem.PageState.UNBACKED) paging.backed(gpn, vm.memory().pmap().touch(gpn, true));
        }
    }

    // ---------------------------------------------------------------- looking inside

    @Override int guestSatp() { return paging.satp(); }

    @Override int guestPrivilege() { return priv; }

    /** The supervisor CSRs the guest keeps in the shared page, its registered trap vector as stvec, its counters. */
    /**
     * A paravirtual guest's supervisor CSRs are words of the page it shares with its VMM,
     * which its kernel reads and writes there itself: a debugger writes them there. Its trap
     * vector, address space and mode are the VMM's, changed only by the kernel's hypercalls.
     */
    @Override void setGuestCsr(int csr, int value) {
        int offset = switch (csr) {
            case vmsh.isa.Csr.SSTATUS -> PvAbi.SSTATUS;
            case vmsh.isa.Csr.SIE -> PvAbi.SIE;
            case vmsh.isa.Csr.SIP -> PvAbi.SIP;
            case vmsh.isa.Csr.SCAUSE -> PvAbi.SCAUSE;
            case vmsh.isa.Csr.STVAL -> PvAbi.STVAL;
            case vmsh.isa.Csr.SEPC -> PvAbi.SEPC;
            case vmsh.isa.Csr.SSCRATCH -> PvAbi.SSCRATCH;
            case vmsh.isa.Csr.SATP -> throw GuestCsrs.refused(vm, csr,
                    "a paravirtual guest switches address spaces by hypercall, naming a page table its VMM validated and pinned");
            case vmsh.isa.Csr.STVEC -> throw GuestCsrs.refused(vm, csr, "a paravirtual guest registers its trap vector by hypercall");
            default -> throw GuestCsrs.refused(vm, csr, "a paravirtual guest's CSRs are the words of the page it shares with its VMM "
                    + "(sstatus, sie, sip, scause, stval, sepc, sscratch)");
        };
        shared.set(offset, csr == vmsh.isa.Csr.SEPC ? value & ~3 : value);
    }

    @Override void setGuestPrivilege(int p) {
        GuestCsrs.checkPrivilege(vm, p);
        throw GuestCsrs.privilegeRefused(vm, p, "a paravirtual guest's mode is its VMM's record, changed only by its kernel's hypercalls (its return to a task)");
    }

    @Override Integer guestCsr(int csr) {
        return switch (csr) {
            case vmsh.isa.Csr.SSTATUS -> shared.get(PvAbi.SSTATUS);
            case vmsh.isa.Csr.SIE -> shared.get(PvAbi.SIE);
            case vmsh.isa.Csr.SIP -> shared.get(PvAbi.SIP);
            case vmsh.isa.Csr.SCAUSE -> shared.get(PvAbi.SCAUSE);
            case vmsh.isa.Csr.STVAL -> shared.get(PvAbi.STVAL);
            case vmsh.isa.Csr.SEPC -> shared.get(PvAbi.SEPC);
            case vmsh.isa.Csr.SSCRATCH -> shared.get(PvAbi.SSCRATCH);
            case vmsh.isa.Csr.SATP -> guestSatp();
            case vmsh.isa.Csr.STVEC -> trapVector;
            default -> GuestCsrs.counter(this, vm.vcpu(), csr);
        };
    }

    @Override boolean owns(vmsh.mmu.TlbEntry e) { return !e.virt() && paging.usesAsid(e.asid()); }

    @Override VmTranslation translate(int gva, int access) {
        int satp = priv == PRV_S ? paging.kernelSatp() : paging.userSatp();
        Translation t = hv.engine().mmu().explain(gva, access, Regime.supervisor(PRV_U, satp, 0), false);
        return new VmTranslation(vm.technique(), t, null, t.references() * hv.costs().walkReference());
    }

    /** The guest's (direct) table maps machine frames: the guest-physical page is the frame's in the machine-to-physical table. */
    @Override long guestPhysical(Translation t) {
        int gpn = paging.gpnOf(hv.host().frames().frameOf(t.pa()));
        return gpn < 0 ? -1 : GuestMemory.BASE + ((long) gpn << 12) + (t.pa() & 0xfff);
    }

    @Override List<ShadowView> shadow() { return paging.views(); }

    @Override void release() {
        paging.release();
        shared.release();
    }

    @Override long vmmCycles(CostModel costs) { return batchEntries * costs.mmuUpdateEntry(); }

    /** Hypercalls made, traps bounced, multicall entries applied and refused. */
    PvStats pvStats() { return new PvStats(hypercalls, bounces, batchEntries, paging.entries(), paging.refused(), paging.registeredTables()); }

    /** The shared page's frame, direct paging's tables, the virtual privilege and trap vector, the batch, the counters. */
    @Override void save(StateOut out) {
        shared.save(out);
        paging.save(out);
        out.putInt(priv).putInt(trapVector).putLong(batchAddress).putInt(batchCapacity);
        out.putInts(repopulate.stream().mapToInt(Integer::intValue).toArray()).putLong(hypercalls).putLong(bounces).putLong(batchEntries);
    }

    @Override void restore(StateIn in) {
        shared.restore(in);
        paging.restore(in);
        priv = in.getInt();
        trapVector = in.getInt();
        batchAddress = in.getLong();
        batchCapacity = in.getInt();
        repopulate.clear();
        for (int gpn : in.getInts()) repopulate.add(gpn);
        hypercalls = in.getLong();
        bounces = in.getLong();
        batchEntries = in.getLong();
    }

    // ---------------------------------------------------------------- a VM's own snapshot: machine-independent

    /*
     * A saved pv guest names no machine frame (Xen's save/restore and migration of PV
     * guests): the guest kernel keeps machine page numbers only in its registered page tables
     * while a task runs, so the vCPU is first run on to such a point (settle), and the
     * tables' entries are saved in guest page numbers (DirectPaging.canonical). Loading
     * translates them to the new frames and registers the tables again. A clone is such a
     * save and load: its pages cannot be shared, the guest writes its own tables' frames.
     */

    private static final String SETTLED = "settled in a task for a snapshot";
    /** Guest instructions a settle may run before it gives up (the kernel's boot to its first task is ~10^5). */
    static final long SETTLE_LIMIT = 10_000_000;
    private boolean settling;

    /** The guest kernel runs (the vCPU has started): its registers or queued batch may hold machine page numbers. */
    @Override boolean unsettled() {
        return priv == PRV_S && vm.state() == VmState.READY && vm.vcpu().instructions() > 0;
    }

    /** Runs the VM alone until the guest kernel returns to a task (or cannot run on); throws when it does not within {@link #SETTLE_LIMIT}. */
    @Override void settle() {
        if (vm.paused() != null) throw new IllegalStateException(unsettledMessage("it is paused (" + vm.paused() + ")"));
        settling = true;
        try {
            hv.runOnly(vm, SETTLE_LIMIT);
        } finally {
            settling = false;
            if (SETTLED.equals(vm.paused())) vm.resume();
        }
        if (unsettled()) throw new IllegalStateException(unsettledMessage(vm.asleep() ? "its kernel waits for its timer"
                : "its kernel did not return to a task within " + SETTLE_LIMIT + " instructions"));
    }

    private String unsettledMessage(String why) {
        return "VM '" + vm.name() + "': a 'pv' guest is saved or cloned while it runs a task (its kernel keeps machine frame numbers "
                + "in registers until then), and " + why;
    }

    /**
     * A registered table in guest page numbers; none for a page of zeros (a pv VM's pages are
     * all backed, most of them never written), unless {@code zeros} (a restore's rollback:
     * looking through every page for a word that is not zero cost most of a restore).
     */
    @Override int[] savedPage(int mpn, int[] words, boolean zeros) {
        if (zeros) return paging.canonical(mpn, words);
        for (int w : words) if (w != 0) return paging.canonical(mpn, words);
        return null;
    }

    /** The vCPU's satp is the VMM's view of the guest's table (a host root and ASID). */
    @Override int hostRoots() { return Vcpu.HOST_SATP; }

    /** The shared page, the virtual privilege and trap vector, the batch, direct paging's guest side. */
    @Override void saveGuest(StateOut out) {
        int[] page = new int[1024];
        for (int i = 0; i < page.length; i++) page[i] = shared.get(4 * i);
        page[PvAbi.TIME_DELTA / 4] = page[PvAbi.TIME_DELTA / 4 + 1] = 0;   // the host's: set again before the guest runs
        out.putInts(page).putInt(priv).putInt(trapVector).putLong(batchAddress).putInt(batchCapacity);
        paging.saveGuest(out);
    }

    /** Hypercalls, bounced traps, multicall entries applied. */
    @Override void saveCounters(StateOut out) { out.putLong(hypercalls).putLong(bounces).putLong(batchEntries); }

    @Override void restoreCounters(StateIn in) {
        hypercalls = in.getLong();
        bounces = in.getLong();
        batchEntries = in.getLong();
    }

    @Override void zeroCounters() { hypercalls = bounces = batchEntries = 0; }

    @Override void forgetTables() { paging.forgetTables(); }

    @Override void restoreGuest(StateIn in) {
        while (!repopulate.isEmpty()) {   // every page backed again; direct paging follows them all at once
            int gpn = repopulate.poll();
            if (vm.memory().pmap().state(gpn) == vmsh.hostmem.PageState.UNBACKED) vm.memory().pmap().touch(gpn, true);
        }
        int[] page = in.getInts();
        if (page == null || page.length != 1024) throw new vmsh.state.StateException("VM '" + vm.name() + "': no shared page in the snapshot");
        for (int i = 0; i < page.length; i++) shared.set(4 * i, page[i]);
        priv = in.getInt();
        trapVector = in.getInt();
        batchAddress = in.getLong();
        batchCapacity = in.getInt();
        paging.restoreGuest(in);
        vm.vcpu().satp = priv == PRV_S ? paging.kernelSatp() : paging.userSatp();
    }

    /** The host TLB entries of the VM's views, by view and virtual page (see {@link DirectPaging#saveWarm}). */
    @Override void saveWarm(StateOut out, java.util.function.IntUnaryOperator pageOf) { paging.saveWarm(out); }

    @Override void restoreWarm(StateIn in) { paging.restoreWarm(in); }

    /** A clone is a save and a load ({@link Hypervisor#clone}): nothing to take over here. */
    @Override boolean clonesBySnapshot() { return true; }
}
