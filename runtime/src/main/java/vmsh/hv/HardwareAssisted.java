package vmsh.hv;

import static vmsh.cpu.CsrFile.*;
import static vmsh.isa.Encoding.*;

import java.util.List;
import vmsh.cpu.TrapInstruction;
import vmsh.hostmem.GuestMemory;
import vmsh.hostmem.PageChange;
import vmsh.hostmem.PageEvent;
import vmsh.hostmem.Pmap;
import vmsh.hostmem.Superpages;
import vmsh.isa.Csr;
import vmsh.isa.Decoder;
import vmsh.isa.Encoding;
import vmsh.isa.Format;
import vmsh.isa.Opcode;
import vmsh.mmu.Access;
import vmsh.mmu.PageTableDump;
import vmsh.mmu.Regime;
import vmsh.mmu.Translation;

/**
 * Hardware-assisted virtualization (VT-x/EPT style, the RISC-V H extension): the guest
 * kernel runs in VS-mode, its own page table translates GVA to GPA and the VMM's G-stage
 * table GPA to HPA, in hardware, on every TLB miss. The guest's traps and interrupts are
 * delegated to it (hedeleg, hideleg) and cost no exit. The VMM runs only for:
 * <ul>
 * <li>SBI calls (ecall from VS-mode, cause 10);
 * <li>G-stage faults (causes 20, 21, 23): first touch of a guest page, copy-on-write, or
 *     a device window (MMIO, emulated);
 * <li>virtual-instruction exceptions (cause 22) for what hstatus and hcounteren make trap:
 *     wfi (hstatus.VTW, so an idle vCPU yields) and the cycle/instret counters.
 * </ul>
 * The virtual timer (SBI set_timer) raises hvip.VSTIP when the vCPU's clock reaches it, and
 * the virtual PLIC ({@link VirtualInterrupts}) hvip.VSEIP; the hart delivers them to the
 * guest as its supervisor timer and external interrupts.
 *
 * <p>On a NUMA host a VM of several vCPUs has one G-stage per node its vCPUs run on, each
 * with its own VMID (the TLB entries of one node are not another's). Disco's replication
 * lives there: a replicated page is mapped read-only in every G-stage, on the node's own
 * copy where it has one; the first store to it faults, and the VMM drops the copies
 * (collapse) before it maps the page writable again. Pages of a VM under Disco's policy
 * are mapped writable with D = 0, so the hart's D bit tells the policy which were written.
 *
 * <p>A nested VM (a guest that is itself a hypervisor) extends this: {@link NestedHardwareAssisted}.
 *
 * <p>A whole machine's M-mode runs in VS-mode with paging off, its M-mode instructions
 * emulated by the VMM ({@link VirtualMachineMode}); its S-mode and U-mode run as above.
 */
class HardwareAssisted extends Virtualization implements PageMover {
    /** Exceptions the guest kernel handles itself: misaligned, access faults, illegal, breakpoint, ecall from VU, page faults. */
    static final int HEDELEG = 0x1ff | 1 << CAUSE_FETCH_PAGE_FAULT | 1 << CAUSE_LOAD_PAGE_FAULT
            | 1 << CAUSE_STORE_PAGE_FAULT;
    /** M-mode delegates every exception it may to HS (the VMM is both; only delegation to VS matters). */
    private static final int MEDELEG = 0x07ff | 1 << CAUSE_FETCH_PAGE_FAULT | 1 << CAUSE_LOAD_PAGE_FAULT
            | 1 << CAUSE_STORE_PAGE_FAULT | 0xf << CAUSE_FETCH_GUEST_PAGE_FAULT;
    private static final int MIDELEG = MIP_SSIP | MIP_STIP | MIP_SEIP | VS_INTERRUPTS;
    static final int COUNTER_TM = 1 << 1, ALL_COUNTERS = 0x7;

    /** One G-stage per NUMA node of the VM's vCPUs (by node), or one. */
    private final GStage[] stages;
    final Pmap pmap;
    final GuestMemory guest;
    /** A whole machine's M-mode, else null. */
    private final VirtualMachineMode machineMode;
    /** Replicated pages: gpn to the copy's frame by node (-1: none there). */
    private final java.util.TreeMap<Integer, int[]> replicas = new java.util.TreeMap<>();
    /** Under Disco's policy: writable pages are mapped clean and replicas exist. */
    private final boolean disco;

    HardwareAssisted(Vm vm) {
        super(vm);
        int nodes = hv.config().numa().nodes();
        this.stages = new GStage[Math.min(nodes, vm.options().vcpus())];
        for (int i = 0; i < stages.length; i++) stages[i] = new GStage(hv.host(), hv.engine(), hv.allocateVmid(), !hv.cloning());
        this.pmap = vm.memory().pmap();
        this.guest = vm.guest();
        this.disco = vm.numa() != null && vm.options().placement() == Placement.DISCO;
        this.machineMode = vm.machine() == VmMachine.FULL ? new VirtualMachineMode(this, new NestedPaging()) : null;
    }

    /** The guest's satp is vsatp, which it writes itself in S-mode; its M-mode runs with vsatp Bare. */
    private final class NestedPaging implements VirtualMachineMode.Paging {
        @Override public int satp() { return hart.csr.vsatp; }

        @Override public void apply(int satp, boolean machine) {
            int vsatp = machine ? 0 : satp;
            if (vsatp != hart.csr.vsatp) hv.engine().mmu().hfenceVvma(gStage().vmid(), false, 0, false, 0);
            hart.csr.vsatp = vsatp;
        }

        @Override public int delegable() { return HEDELEG; }

        @Override public int hstatusTraps() { return HSTATUS_VTW; }

        @Override public void sfence(int word) { hv.engine().mmu().hfenceVvma(gStage().vmid(), false, 0, false, 0); }
    }

    /** The G-stage of the vCPU on the hart (or whose turn is next). */
    GStage gStage() { return stages[vm.vcpu().node % stages.length]; }

    private void fenceAll() {
        for (GStage g : stages) hv.engine().mmu().hfenceGvma(true, g.vmid());
    }

    @Override void boot(int entry) {
        Vcpu v = vm.vcpu();
        v.pc = entry;
        v.priv = PRV_S;
        v.virt = true;
        v.x[10] = 0;   // a0 = hartid
        v.x[11] = 0;   // a1 = opaque
        v.medeleg = MEDELEG;
        v.mideleg = MIDELEG;
        v.hedeleg = HEDELEG;
        v.hideleg = VS_INTERRUPTS;
        v.hstatus = HSTATUS_VTW;   // wfi exits: an idle vCPU gives the hart back
        v.mcounteren = ALL_COUNTERS;
        v.hcounteren = COUNTER_TM; // time reads without an exit; cycle and instret are the VMM's
        v.hgatp = gStage().hgatp();
        if (machineMode != null) machineMode.boot(v);
    }

    @Override void trap(int cause, int tval, int epc, long gpa, int tinst) {
        boolean gStageFault = cause == CAUSE_FETCH_GUEST_PAGE_FAULT || cause == CAUSE_LOAD_GUEST_PAGE_FAULT || cause == CAUSE_STORE_GUEST_PAGE_FAULT;
        if (machineMode != null && cause >= 0 && !gStageFault) {
            machineMode.trap(cause, tval, epc);
            return;
        }
        switch (cause) {
            case CAUSE_VIRTUAL_SUPERVISOR_ECALL -> sbi(epc);
            case CAUSE_FETCH_GUEST_PAGE_FAULT, CAUSE_LOAD_GUEST_PAGE_FAULT, CAUSE_STORE_GUEST_PAGE_FAULT ->
                    gStageFault(cause, tval, epc, gpa, tinst);
            case CAUSE_VIRTUAL_INSTRUCTION -> virtualInstruction(tval, epc);
            default -> vm.fault(String.format("unexpected %s (tval 0x%08x) at pc 0x%08x reached the VMM",
                    cause < 0 ? Encoding.interruptName(cause & ~MCAUSE_INTERRUPT) : Encoding.causeName(cause), tval, epc));
        }
    }

    /**
     * A G-stage miss: map guest RAM from the pmap (first touch, a sampled page, copy-on-write,
     * swap-in: the last two are exits of their own), emulate a device, or reflect an access fault.
     * htinst tells the implicit accesses of the guest's page walk apart: a VS-stage PTE's A/D
     * update is a store (it breaks COW), and a PTE is never a device.
     */
    void gStageFault(int cause, int gva, int epc, long gpa, int tinst) {
        int access = accessOf(cause);
        boolean implicit = TrapInstruction.pseudo(tinst);
        if (guest.contains(gpa, 1)) {
            int gpn = guest.gpn(gpa);
            boolean write = access == Access.STORE || tinst == TrapInstruction.PTE_WRITE;
            if (write && writeProtected(gpn)) {
                protectedStore(gpn, gpa, epc, tinst);
                return;
            }
            ExitReason reason = vm.touchReason(gpn, write, ExitReason.G_STAGE_FAULT);
            int mpn = pmap.touch(gpn, write);
            int[] copies = replicas.get(gpn);
            if (copies != null && write) collapse(gpn);
            if (copies != null && !write) {
                int copy = copies[vm.vcpu().node];
                gStage().map(gpn, copy >= 0 ? copy : mpn, false);
            } else {
                gStage().map(gpn, mpn, pmap.writable(gpn) && !writeProtected(gpn), disco);
            }
            if (pmap.promoted(gpn) && !gStage().inMegapage(gpn)) promote(gpn);   // split for the sampler, whole again
            vm.exit(reason, epc, vm.watched() ? String.format("%s gpa 0x%08x -> mpn %d (%s)",
                    Access.name(access), gpa, mpn, pmap.state(gpn)) : null);
            return;   // the guest retries the access
        }
        if (access != Access.FETCH && !implicit && vm.devices().at(gpa) != null && mmio(epc, gpa, tinst)) return;
        reflect(Access.accessFault(access), gva, epc);
    }

    /** A guest page the VMM keeps read-only for itself (a nested VM's G-stage tables); its stores go to {@link #protectedStore}. */
    boolean writeProtected(int gpn) { return false; }

    /** A guest store into a {@link #writeProtected} page, to emulate (the subclass that protects pages does). */
    void protectedStore(int gpn, long gpa, int epc, int tinst) {
        throw new IllegalStateException("no page is write-protected here");
    }

    /** wfi under hstatus.VTW, or a counter hcounteren hides: emulated; anything else is the guest's illegal instruction. */
    private void virtualInstruction(int word, int epc) {
        Opcode op = Decoder.opcode(word);
        if (op == Opcode.WFI) {
            hart.pc = epc + 4;
            vm.exit(ExitReason.WFI, epc, vm.watched() ? "wfi" : null);
            deliverExternal();
            if (hart.interruptWaiting() || vm.vcpu().timerDue()) return;
            if (vm.vcpu().deadline() == Long.MAX_VALUE) vm.idle(String.format("wfi at pc 0x%08x with no timer armed", epc));
            else vm.sleep();
            return;
        }
        int csr = word >>> 20;
        if ((op == Opcode.CSRRS || op == Opcode.CSRRC || op == Opcode.CSRRSI || op == Opcode.CSRRCI)
                && Format.rs1(word) == 0 && counter(csr) != null) {
            int rd = Format.rd(word);
            if (rd != 0) hart.x[rd] = counter(csr);
            hart.pc = epc + 4;
            vm.exit(ExitReason.CSR, epc, vm.watched() ? "read " + Csr.name(csr) : null);
            return;
        }
        reflect(CAUSE_ILLEGAL_INSTRUCTION, word, epc);
    }

    /** Injects exception {@code cause} into the guest kernel (VS-mode trap entry). */
    void reflect(int cause, int tval, int epc) {
        if (machineMode != null) {
            machineMode.trap(cause, tval, epc);
            return;
        }
        if (!enterGuestKernel(cause, tval, epc)) return;
        vm.exit(ExitReason.GUEST_FAULT, epc, vm.watched() ? Encoding.causeName(cause) + " reflected to the guest" : null);
    }

    @Override void beforeRun() {
        if (machineMode != null) {
            machineMode.beforeRun();
            return;
        }
        if (vm.vcpu().timerDue()) hart.csr.hvip |= MIP_VSTIP;
        deliverExternal();
    }

    /** hvip.VSEIP follows the virtual PLIC's output: the hart delivers it to the guest as its external interrupt. */
    private void deliverExternal() {
        hart.csr.hvip = withExternal(hart.csr.hvip, MIP_VSEIP);
    }

    @Override void timerCleared() { if (machineMode == null) hart.csr.hvip &= ~MIP_VSTIP; }

    @Override void pageChanged(PageChange c) {
        if (c.event() == PageEvent.PROMOTE) {
            if (!pmap.loggingWrites()) promote(c.gpn());   // dirty logging keeps to 4 KiB mappings
            return;
        }
        if (!c.invalidates()) return;
        if (c.event() == PageEvent.WRITE_PROTECT) {
            for (GStage g : stages) if (g.protect(c.gpn())) hv.engine().mmu().hfenceGvma(true, g.vmid());
            return;
        }
        if (replicas.containsKey(c.gpn())) collapse(c.gpn());
        for (GStage g : stages) if (g.unmap(c.gpn())) hv.engine().mmu().hfenceGvma(true, g.vmid());
    }

    /** Maps the promoted region of guest page {@code gpn} with one G-stage megapage (its pages are all private, so writable). */
    private void promote(int gpn) {
        int r = Superpages.region(gpn);
        for (GStage g : stages) g.promote(Superpages.firstPage(r), pmap.superpages().extentFrame(r), true);
        fenceAll();
    }

    // ---------------------------------------------------------------- Disco's replication

    @Override public boolean replicated(int gpn) { return replicas.containsKey(gpn); }

    @Override public boolean written(int gpn) {
        for (GStage g : stages) if (g.written(gpn)) return true;
        return false;
    }

    @Override public int replicate(int gpn, int nodes) {
        int home = pmap.mpn(gpn);
        var frames = hv.host().frames();
        int[] copies = new int[hv.config().numa().nodes()];
        java.util.Arrays.fill(copies, -1);
        int made = 0;
        for (int n = 0; n < copies.length; n++) {
            if ((nodes & 1 << n) == 0 || frames.node(home) == n) continue;
            int copy = frames.tryAllocate(vmsh.hostmem.FrameUse.REPLICA, n);
            if (copy < 0) continue;
            if (frames.node(copy) != n) {
                frames.free(copy);
                continue;
            }
            frames.copy(home, copy);
            hv.engine().forgetFrame(copy);
            copies[n] = copy;
            made |= 1 << n;
        }
        if (made == 0) return 0;
        replicas.put(gpn, copies);
        for (GStage g : stages) g.unmap(gpn);   // remapped read-only, on the node's copy, by the next faults
        fenceAll();
        return made;
    }

    /**
     * A replicated page is written (or changes underneath, or memory is short): its copies
     * go, and its mappings with them; the frames freed.
     */
    private int collapse(int gpn) {
        int[] copies = replicas.remove(gpn);
        int freed = 0;
        for (int copy : copies) {
            if (copy < 0) continue;
            hv.host().frames().free(copy);
            hv.engine().forgetFrame(copy);
            freed++;
        }
        for (GStage g : stages) g.unmap(gpn);
        fenceAll();
        vm.numa().collapsed();
        return freed;
    }

    @Override public int dropReplicas(int wanted) {
        int freed = 0;
        while (freed < wanted && !replicas.isEmpty()) freed += collapse(replicas.firstKey());
        return freed;
    }

    @Override public void newPeriod(java.util.BitSet pages) {
        boolean cleaned = false;
        for (int g = pages.nextSetBit(0); g >= 0; g = pages.nextSetBit(g + 1))
            for (GStage s : stages) cleaned |= s.clean(g);
        if (cleaned) fenceAll();
    }

    @Override PageMover pageMover() { return disco ? this : null; }

    /** The VMM wrote guest memory (an SBI call's buffer): copies of pages in it are stale. */
    @Override void guestWritten(long gpa, int length) {
        for (long p = gpa & ~0xfffL; p < gpa + length; p += 0x1000)
            if (guest.contains(p, 1) && replicas.containsKey(guest.gpn(p))) collapse(guest.gpn(p));
    }

    /** Frames holding copies of replicated pages now. */
    int replicaFrames() {
        int n = 0;
        for (int[] copies : replicas.values()) for (int c : copies) if (c >= 0) n++;
        return n;
    }

    @Override int guestSatp() { return machineMode != null && machineMode.inMachineMode() ? machineMode.v.csr.satp : vm.vcpu().vsatp; }

    @Override void setGuestCsr(int csr, int value) {
        if (machineMode == null || !machineMode.setCsr(csr, value)) super.setGuestCsr(csr, value);
    }

    /** vsatp, as the guest's csrw writes it, and the VS-stage translations of its VMID fenced (hfence.vvma). */
    @Override void setSatpOnHart(int value) {
        if (machineMode != null && machineMode.inMachineMode())
            throw GuestCsrs.refused(vm, vmsh.isa.Csr.SATP, "the guest is in its M-mode, which the VMM emulates with paging off");
        hart.csr.write(vmsh.isa.Csr.VSATP, value);
        hv.engine().mmu().hfenceVvma(gStage().vmid(), false, 0, false, 0);
    }

    @Override void setGuestPrivilege(int p) {
        if (machineMode != null) throw GuestCsrs.privilegeRefused(vm, p, "a whole machine's privilege is split between its virtual M-mode and the hart");
        super.setGuestPrivilege(p);
    }

    @Override Integer guestCsr(int csr) {
        Integer m = machineMode == null ? null : machineMode.csr(csr);
        return m != null ? m : super.guestCsr(csr);
    }

    @Override int guestPrivilege() { return machineMode != null && machineMode.inMachineMode() ? PRV_M : vm.vcpu().priv; }

    @Override boolean owns(vmsh.mmu.TlbEntry e) {
        if (!e.virt()) return false;
        for (GStage g : stages) if (e.vmid() == g.vmid()) return true;
        return false;
    }

    @Override VmTranslation translate(int gva, int access) {
        Vcpu v = vm.vcpu();
        int priv = v.priv == PRV_M ? PRV_S : v.priv;
        Regime r = Regime.guest(priv, v.vsatp, v.vsstatus, hgatp(v), v.mstatus);
        Translation t = hv.engine().mmu().explain(gva, access, r, false);
        return new VmTranslation(vm.technique(), t, null, t.references() * hv.costs().walkReference());
    }

    /** The guest's own stage alone (a page the G-stage has not mapped yet is still the guest's): its table read in guest memory. */
    @Override long guestAddress(int va, int access) {
        int priv = guestPrivilege();
        if (priv == PRV_M) return va & 0xffff_ffffL;   // a whole machine's M-mode: no translation
        Translation t = new vmsh.mmu.Walker(vm.peekedTables()).explain(va, access, Regime.supervisor(priv, guestSatp(), vm.vcpu().vsstatus), false);
        return t.ok() ? t.pa() : -1;
    }

    /** The two-stage walk's guest-physical address (its pa is the host's). */
    @Override long guestPhysical(Translation t) { return t.gpa(); }

    @Override List<ShadowView> shadow() {
        Vcpu v = vm.vcpu();
        var memory = hv.engine().mmu().memory();
        return List.of(
                new ShadowView(String.format("G-stage (Sv32x4, vmid %d): guest-physical -> host-physical", gStage().vmid()),
                        vmsh.mmu.Hgatp.root(hgatp(v)), gStage().mappedPages(),
                        PageTableDump.of(memory, Regime.guest(PRV_U, 0, 0, hgatp(v), 0))),
                new ShadowView(String.format("guest table (vsatp 0x%08x) over the G-stage", v.vsatp),
                        vmsh.mmu.Satp.root(v.vsatp), -1, PageTableDump.twoStage(memory, v.vsatp, hgatp(v))));
    }

    @Override void release() {
        for (int gpn : List.copyOf(replicas.keySet())) collapse(gpn);
        for (GStage g : stages) {
            g.release();
            hv.freeVmid(g.vmid());
        }
    }

    @Override int megapages() { return stages[0].megapages(); }

    /** One G-stage, no copies of pages: a VM of one vCPU on a uniform host. */
    @Override boolean migratable() { return stages.length == 1 && replicas.isEmpty() && !disco && machineMode == null; }

    /** The guest's state is all in the vCPU (and a whole machine's M-mode); the G-stage is this host's, filled again on faults. */
    @Override void adopt(Virtualization from) {
        if (machineMode != null) {
            vmsh.state.StateOut out = new vmsh.state.StateOut();
            ((HardwareAssisted) from).machineMode.save(out);
            machineMode.restore(new vmsh.state.StateIn(out.toBytes()));
        }
        for (Vcpu v : vm.vcpus()) {
            GStage g = stages[v.node % stages.length];
            v.hgatp = g.rooted() ? g.hgatp() : 0;   // a clone's root waits for its first run (onHart)
        }
    }

    /** The vCPU's hgatp; a clone that has not run yet gets its root table now. */
    private int hgatp(Vcpu v) { return v.hgatp != 0 ? v.hgatp : stages[v.node % stages.length].hgatp(); }

    /**
     * The vCPU is on the hart: a clone's first run gets its G-stage root (hgatp is never
     * Bare for a VM), and a G-stage under the VMID VMs share beyond the 126 of their own
     * drops the entries the last VM with it left in the TLB.
     */
    @Override void onHart() {
        if (hart.csr.hgatp == 0) hart.csr.hgatp = gStage().hgatp();
        for (GStage g : stages) if (g.vmid() == Hypervisor.SHARED_VMID) hv.engine().mmu().hfenceGvma(true, g.vmid());
    }

    /**
     * Idle: the G-stage tables go back to the host (their VMIDs fenced: the hart may cache
     * table entries) and hgatp waits for the next run, as a clone's does. Not under Disco's
     * policy (the tables' D bits tell it which pages were written) nor for a whole machine.
     */
    @Override void idled() {
        if (disco || machineMode != null) return;
        for (GStage g : stages) if (g.drop()) hv.engine().mmu().hfenceGvma(true, g.vmid());
        for (Vcpu v : vm.vcpus()) v.hgatp = 0;
    }

    @Override int hostRoots() { return Vcpu.HOST_HGATP; }

    @Override void saveGuest(vmsh.state.StateOut out) { if (machineMode != null) machineMode.save(out); }

    @Override void restoreGuest(vmsh.state.StateIn in) {
        if (machineMode != null) machineMode.restore(in);
        for (Vcpu v : vm.vcpus()) v.hgatp = stages[v.node % stages.length].hgatp();
    }

    @Override void forgetTables() {
        for (int gpn : List.copyOf(replicas.keySet())) {
            for (int copy : replicas.remove(gpn)) {
                if (copy < 0) continue;
                hv.host().frames().free(copy);
                hv.engine().forgetFrame(copy);
            }
        }
        for (GStage g : stages) g.unmapAll();
        fenceAll();
    }

    /**
     * Each G-stage's leaves by guest page and the VM's entries of each VMID in the host TLB
     * (their slots and LRU order; 4 MiB ones too, put back where the region is a megapage
     * again); then each G-stage's root entries that point to a leaf table (a walk through
     * an empty one reads one PTE more). Megapages are not among the leaves: the pmap promotes
     * its regions again as the restore writes their pages back, and the G-stage follows.
     */
    @Override void saveWarm(vmsh.state.StateOut out, java.util.function.IntUnaryOperator pageOf) {
        out.putInt(stages.length);
        for (GStage g : stages) {
            out.putInts(g.leaves());
            int space = vmsh.mmu.Mmu.vmSpace(g.vmid());
            int[][] entries = hv.engine().mmu().entriesOf(vmsh.mmu.Mmu.VM_SPACE, s -> s == space ? 0 : -1, (n, vpn, ppn) -> pageOf.applyAsInt(ppn));
            out.putInt(entries.length);
            for (int[] e : entries) out.putInts(e);
        }
        for (GStage g : stages) out.putInts(g.tableIndexes());
    }

    @Override void restoreWarm(vmsh.state.StateIn in) {
        if (in.getInt() != stages.length) return;   // another NUMA layout: the tables fill on faults
        for (GStage g : stages) {
            g.mapLeaves(in.getInts(), pmap::mpn, gpn -> pmap.writable(gpn) && !writeProtected(gpn));
            int[][] entries = new int[in.getInt()][];
            for (int i = 0; i < entries.length; i++) entries[i] = in.getInts();
            hv.engine().mmu().putEntries(entries, vmsh.mmu.Mmu.VM_SPACE, i -> vmsh.mmu.Mmu.vmSpace(g.vmid()), vm::physicalPage,
                    gpn -> pmap.promoted(gpn) && g.inMegapage(gpn) ? vm.physicalPage(Superpages.firstPage(Superpages.region(gpn))) : -1);
        }
        for (GStage g : stages) if (!in.atEnd()) g.shapeTables(in.getInts());   // files of format 9 lack them
        for (Vcpu v : vm.vcpus()) v.hgatp = stages[v.node % stages.length].hgatp();
    }

    /** The G-stage of each node, in node order, the replicated pages with their copies by node, a whole machine's M-mode. */
    @Override void save(vmsh.state.StateOut out) {
        for (GStage g : stages) g.save(out);
        out.putInt(replicas.size());
        replicas.forEach((gpn, copies) -> out.putInt(gpn).putInts(copies));
        if (machineMode != null) machineMode.save(out);
    }

    @Override void restore(vmsh.state.StateIn in) {
        for (GStage g : stages) g.restore(in);
        replicas.clear();
        for (int n = in.getInt(); n > 0; n--) {
            int gpn = in.getInt();
            int[] copies = in.getInts();
            if (copies == null || copies.length != hv.config().numa().nodes())
                throw new vmsh.state.StateException("VM '" + vm.name() + "': replicas of page " + gpn + " on another number of nodes");
            replicas.put(gpn, copies);
        }
        if (machineMode != null) machineMode.restore(in);
    }

}
