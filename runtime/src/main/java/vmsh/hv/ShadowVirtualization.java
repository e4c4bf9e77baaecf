package vmsh.hv;

import static vmsh.isa.Encoding.*;
import static vmsh.mmu.Pte.*;

import vmsh.hostmem.GuestMemory;
import vmsh.hostmem.PageChange;
import vmsh.hostmem.PageEvent;
import vmsh.hostmem.Superpages;
import vmsh.hostmem.Pmap;
import vmsh.isa.Decoder;
import vmsh.isa.Format;
import vmsh.isa.Opcode;
import vmsh.mmu.Access;
import vmsh.mmu.Regime;
import vmsh.mmu.Translation;
import vmsh.mmu.WalkStep;
import vmsh.mmu.Walker;
import vmsh.isa.Encoding;

/**
 * A technique whose MMU the VMM virtualizes in software, with shadow page tables
 * ({@link ShadowPaging}): {@code trap}, {@code trap-vtlb}, {@code bt} and {@code hw-shadow}.
 * The hart walks a shadow that maps guest virtual addresses straight to host-physical ones;
 * every miss in it is a page fault the VMM resolves here, from the guest's own table and
 * the pmap: a hidden fault (fill the shadow), a traced page-table write (emulate it, drop
 * what it invalidates), an emulated device access, or a true guest fault (reflected into the
 * guest kernel, the way the technique enters it).
 */
abstract class ShadowVirtualization extends Virtualization {
    final ShadowPaging shadows;
    final GuestMemory guest;
    final Pmap pmap;
    final Walker guestWalker;

    ShadowVirtualization(Vm vm, boolean traced) {
        super(vm);
        this.shadows = new ShadowPaging(hv, traced);
        this.guest = vm.guest();
        this.pmap = guest.pmap();
        this.guestWalker = new Walker(new GuestPageTables(guest, hv.engine()));
    }

    // ---------------------------------------------------------------- what the technique says

    /** The guest's MMU regime for the VMM's software walk: its privilege, satp, SUM and MXR. */
    abstract Regime guestRegime();

    /** The shadow the hart runs on now. */
    abstract ShadowPaging.Context currentShadow();

    /** Enters the guest kernel's trap handler with exception {@code cause} (an exit of {@code reason}). */
    abstract void reflect(ExitReason reason, int cause, int tval, int epc);

    // ---------------------------------------------------------------- shadow faults

    /**
     * A page fault on the shadow: walk the guest's own table (as its MMU would, setting A/D).
     * If the guest's table forbids the access it is a true guest fault (reflected); if the
     * address is a device, MMIO; a store into a traced guest page table is a pt-write;
     * otherwise a hidden fault: the VMM fills the shadow from the guest's PTE and the pmap.
     */
    void pageFault(int cause, int va, int epc, int tinst) {
        int access = accessOf(cause);
        ShadowPaging.Context c = currentShadow();
        long gpa;
        int leaf;
        boolean mega = false;
        Regime regime = guestRegime();
        if (regime.translated()) {
            Translation t = guestWalker.explain(va, access, regime, true);
            if (!t.ok()) {
                reflect(ExitReason.GUEST_FAULT, t.cause(), va, epc);
                return;
            }
            gpa = t.pa();
            leaf = t.perm() & 0xff;
            mega = t.mega();
            if (shadows.traced()) traceWalk(c, va, t);
        } else {
            gpa = va & 0xffff_ffffL;                // paging off: guest virtual = guest physical
            leaf = PTE_R | PTE_W | PTE_X | PTE_A | PTE_D | (guestPrivilege() == PRV_U ? PTE_U : 0);
        }
        if (!guest.contains(gpa, 1)) {
            if (access == Access.FETCH || vm.devices().at(gpa) == null || !mmio(epc, gpa, tinst))
                reflect(ExitReason.GUEST_FAULT, Access.accessFault(access), va, epc);
            return;
        }
        int gpn = guest.gpn(gpa);
        if (access == Access.STORE && shadows.isTracedTable(gpn)) {
            tableWrite(gpn, gpa, epc, tinst);
            return;
        }
        if (access == Access.STORE && writeProtected(gpn) && protectedWrite(gpn, gpa, epc, tinst)) return;
        ExitReason reason = vm.touchReason(gpn, access == Access.STORE, ExitReason.HIDDEN_FAULT);
        int mpn = pmap.touch(gpn, access == Access.STORE);
        int region = Superpages.region(gpn);
        boolean megapage = mega && pmap.promoted(gpn) && megapageAllowed(region)   // a guest megapage over a host superpage
                && shadows.mapMegapage(c, va, region, pmap.superpages().extentFrame(region), shadowRights(leaf, c.view, gpn));
        if (!megapage) shadows.map(c, va, gpn, mpn, shadowRights(leaf, c.view, gpn), mega);
        account(reason, epc, vm.watched() ? String.format("%s gva 0x%08x -> gpa 0x%08x -> mpn %d",
                Access.name(access), va, gpa, mpn) : null);
    }

    /**
     * The rights a shadow entry may give, from the guest leaf and the view. In a native view
     * (the hart checks U, SUM and MXR itself, V=1) the guest's R, W, X and U. Otherwise a
     * task sees only U pages; the kernel sees its own pages, and U pages only for loads and
     * stores under SUM; MXR makes executable pages readable. Writable only when the guest
     * PTE is dirty (so the first store sets D in the guest PTE), the pmap page is private,
     * and the page is not write-protected by the VMM ({@link #writeProtected}).
     */
    int shadowRights(int leaf, int view, int gpn) {
        int rights;
        if ((view & ShadowPaging.VIEW_NATIVE) != 0) {
            rights = leaf & (PTE_R | PTE_W | PTE_X | PTE_U);
        } else {
            boolean userPage = (leaf & PTE_U) != 0, kernel = (view & ShadowPaging.VIEW_KERNEL) != 0;
            if (kernel && userPage && (view & ShadowPaging.VIEW_SUM) == 0) return 0;
            rights = leaf & (PTE_R | PTE_W | PTE_X);
            if ((view & ShadowPaging.VIEW_MXR) != 0 && (leaf & PTE_X) != 0) rights |= PTE_R;
            if (kernel && userPage) rights &= ~PTE_X;
        }
        if ((leaf & PTE_D) == 0 || !pmap.writable(gpn) || writeProtected(gpn)) rights &= ~PTE_W;
        return rights;
    }

    /** Guest pages the VMM keeps read-only in every shadow: its traced page tables (bt adds translated code). */
    boolean writeProtected(int gpn) { return shadows.isTracedTable(gpn); }

    /** A store into a page {@link #writeProtected} for another reason than tracing; true when handled. */
    boolean protectedWrite(int gpn, long gpa, int epc, int tinst) { return false; }

    /** Traced shadows: the table pages this walk read are write-protected from now on. */
    private void traceWalk(ShadowPaging.Context c, int va, Translation t) {
        for (WalkStep s : t.steps()) {
            if (!guest.contains(s.pteAddress(), 4)) continue;
            int gpn = guest.gpn(s.pteAddress());
            shadows.trace(gpn, s.level() == 1 ? new ShadowPaging.PtUse(c, 1, 0) : new ShadowPaging.PtUse(c, 0, va >>> 22));
        }
    }

    /**
     * A guest store into one of its (traced) page tables: emulated on guest memory, then
     * the shadow entries the written PTE backed are dropped. The store is decoded from
     * {@code tinst}, the transformed instruction the hart reported. A store this VMM cannot
     * emulate (an AMO) stops the tracing of that page and runs again natively.
     */
    void tableWrite(int gpn, long gpa, int epc, int tinst) {
        Opcode op = tinst == 0 ? null : Decoder.opcode(tinst);
        int width = op == Opcode.SW ? 4 : op == Opcode.SH ? 2 : op == Opcode.SB ? 1 : 0;
        if (width == 0 || (gpa & (width - 1)) != 0) {
            shadows.unshadow(gpn);
            account(ExitReason.PT_WRITE, epc, vm.watched() ? String.format("gpa 0x%08x: not emulated, page no longer traced", gpa) : null);
            return;
        }
        writeTable(gpn, gpa, width, hart.x[Format.rs2(tinst)]);
        hart.pc = epc + 4;
        account(ExitReason.PT_WRITE, epc, vm.watched() ? String.format("pte at gpa 0x%08x = 0x%08x", gpa & ~3, guest.load(gpa & ~3, 4)) : null);
    }

    /** Writes {@code value} into traced table page {@code gpn} at {@code gpa} and drops the shadow entries it backed. */
    void writeTable(int gpn, long gpa, int width, int value) {
        int mpn = pmap.touch(gpn, true);
        hv.engine().writePhysical((int) (pmap.host().frames().physicalAddress(mpn) + (gpa & 0xfff)), width, value);
        shadows.tableWritten(gpn, gpa);
    }

    /** A debugger's write into a traced table drops the shadow entries the written PTE backed, as the guest's own would. */
    @Override void poked(long gpa, int width) {
        super.poked(gpa, width);
        if (shadows.isTracedTable(guest.gpn(gpa))) shadows.tableWritten(guest.gpn(gpa), gpa);
    }

    /** True when no page of guest superpage {@code region} must stay read-only for the VMM (a traced table, translated code). */
    private boolean megapageAllowed(int region) {
        if (shadows.tracesIn(region)) return false;
        for (int g = Superpages.firstPage(region); g < Superpages.firstPage(region) + Superpages.PAGES; g++)
            if (writeProtected(g)) return false;
        return true;
    }

    @Override void pageChanged(PageChange c) {
        if (c.event() != PageEvent.PROMOTE) {
            shadows.dropMappingsOf(c.gpn());
            return;
        }
        int first = c.gpn();   // a superpage: what guest megapages mapped of it refills as one shadow megapage
        for (int g = first; g < first + Superpages.PAGES; g++) shadows.dropMegapageFills(g);
    }

    @Override int megapages() { return shadows.megapages(); }

    @Override boolean owns(vmsh.mmu.TlbEntry e) { return !e.virt() && shadows.usesAsid(e.asid()); }

    @Override java.util.List<ShadowView> shadow() { return shadows.views(); }

    @Override void release() { shadows.dropAll(); }

    /** The shadows, then what the technique keeps besides ({@link #saveOwn}). */
    @Override void save(vmsh.state.StateOut out) {
        shadows.save(out);
        saveOwn(out);
    }

    @Override void restore(vmsh.state.StateIn in) {
        shadows.restore(in);
        restoreOwn(in);
    }

    /** Every shadow goes (their ASIDs fenced); the next run builds the one it needs. */
    @Override void forgetTables() { shadows.dropAll(); }

    /** The shadows and their host TLB entries in guest terms. */
    @Override void saveWarm(vmsh.state.StateOut out, java.util.function.IntUnaryOperator pageOf) { shadows.saveWarm(out); }

    @Override void restoreWarm(vmsh.state.StateIn in) { restoreShadows(in); }

    /**
     * The shadows again; a page they mapped that the snapshot holds no words of (the zero
     * frame) is backed as a read would back it, a page of the VMM's own by {@link #ownFrame};
     * megapages where the region is promoted again. Returns them in the order the warm state
     * numbers them.
     */
    java.util.List<ShadowPaging.Context> restoreShadows(vmsh.state.StateIn in) {
        return shadows.restoreWarm(in, gpn -> pmap.mpn(gpn) >= 0 ? pmap.mpn(gpn) : pmap.touch(gpn, false), vm::physicalPage,
                region -> pmap.promoted(Superpages.firstPage(region)) && megapageAllowed(region) ? pmap.superpages().extentFrame(region) : -1,
                this::ownFrame);
    }

    /** The frame of the VMM's own page at virtual address {@code va} of the guest's address spaces (a translator's), -1 when none. */
    int ownFrame(int va) { return -1; }

    /** The technique's own state besides the shadows. */
    abstract void saveOwn(vmsh.state.StateOut out);

    abstract void restoreOwn(vmsh.state.StateIn in);
}
