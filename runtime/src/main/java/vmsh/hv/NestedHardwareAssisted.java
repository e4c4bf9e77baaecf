package vmsh.hv;

import static vmsh.isa.Encoding.*;
import static vmsh.cpu.CsrFile.*;

import java.util.ArrayList;
import java.util.List;
import vmsh.cpu.CsrFile;
import vmsh.cpu.Hart;
import vmsh.cpu.TrapInstruction;
import vmsh.isa.Decoder;
import vmsh.isa.Format;
import vmsh.isa.Opcode;
import vmsh.mmu.Access;
import vmsh.mmu.Hgatp;
import vmsh.mmu.Mmu;
import vmsh.mmu.Pte;
import vmsh.mmu.Regime;
import vmsh.mmu.Translation;
import vmsh.mmu.WalkStep;
import vmsh.mmu.Walker;

/**
 * Nested virtualization (Ben-Yehuda et al., "The Turtles Project", OSDI 2010) on the RISC-V
 * H extension: the guest of this VM is itself a hypervisor (L1), and the host's VMM (L0)
 * runs L1's own guest (L2) directly on the hart.
 *
 * <p><b>L1 sees the H extension.</b> L1 runs in VS-mode, believing it is in HS-mode: its
 * supervisor CSRs are the hart's vs* CSRs, used without exits. Its hypervisor and VS CSRs,
 * hfence, HLV/HSV and its sret into a guest are virtual-instruction exceptions that L0
 * emulates on L1's virtual hypervisor state ({@link GuestHypervisor}).
 *
 * <p><b>One hardware level, multiplexed.</b> When L1 executes sret with its hstatus.SPV set
 * (L0 sets the hart's hstatus.VTSR exactly then, so that sret exits), L0 puts L2 on the hart:
 * V=1 with L2's VS CSRs (L1's virtual vs* CSRs), L1's hedeleg, hideleg and hvip, and the
 * shadow G-stage. L2's exits come to L0 first. L0 handles what is its own (an L2 G-stage miss
 * that L1's table resolves: {@link ExitReason#SHADOW_FILL}) and reflects the rest to L1 as the
 * trap L1 expects ({@link ExitReason#REFLECT}): L1's trap entry is emulated on its saved
 * supervisor CSRs and its virtual hstatus, htval and htinst, and L1 runs again. L1's timer
 * interrupt, due while L2 runs, is reflected the same way (HS-level interrupts are enabled
 * while V=1).
 *
 * <p><b>Paging in three dimensions</b> ({@link NestedPaging}): L2 virtual to L2 guest-physical
 * (L2's own table, walked by the hardware), L2 guest-physical to L1 guest-physical (L1's
 * G-stage, in L1's memory), L1 guest-physical to host-physical (L0's G-stage). The shadow
 * G-stage ({@link ShadowGStage}) composes the last two. Multi-dimensional: the L1 pages that
 * hold L1's G-stage PTEs are write-protected in L0's G-stage; a store to them is emulated and
 * the composed entries follow at once. Emulated: nothing is protected, every L2 G-stage miss
 * exits to L0, and L1's hfence.gvma drops what it names.
 */
final class NestedHardwareAssisted extends HardwareAssisted {
    private static final int L2_INTERRUPTS = VS_INTERRUPTS;

    private final GuestHypervisor l1;
    private final ShadowGStage shadow;
    private final NestedPaging paging;
    private final NestedExits levels;
    /** Software walks of L1's G-stage: its PTEs are in L1's guest-physical memory. */
    private final Walker l1Tables;
    /** The L1 pages holding L1's G-stage, which multi-dimensional paging keeps read-only. */
    private final GuestGStagePages tablePages = new GuestGStagePages();
    private boolean l2OnHart;
    /** The L2 page of the last guest-page fault reflected to L1, and the access it was checked as. */
    private long reflectedMiss = -1;
    private int reflectedCheck;

    NestedHardwareAssisted(Vm vm, NestedPaging paging, NestedExits levels) {
        super(vm);
        this.paging = paging;
        this.levels = levels;
        this.l1 = new GuestHypervisor(hv.engine().clock());
        this.shadow = new ShadowGStage(hv.host(), hv.engine(), hv.allocateVmid());
        this.l1Tables = new Walker(new GuestPageTables(guest, hv.engine()));
    }

    NestedPaging paging() { return paging; }

    /** True while L2, not L1, is on the hart. */
    boolean guestOfGuestRunning() { return l2OnHart; }

    GuestHypervisor guestHypervisor() { return l1; }

    ShadowGStage shadowGStage() { return shadow; }

    // ---------------------------------------------------------------- exits

    @Override void trap(int cause, int tval, int epc, long gpa, int tinst) {
        if (l2OnHart) {
            l2Exit(cause, tval, epc, gpa, tinst);
            return;
        }
        if (cause == CAUSE_VIRTUAL_INSTRUCTION && l1Instruction(tval, epc)) return;
        if (cause >= 0 && (HEDELEG >>> cause & 1) != 0) {
            // an exception L1 takes itself, come to L0 because L1's hstatus.SPV is set (see l1Traps)
            injectIntoL1(cause, tval, epc, -1, 0, false);
            return;
        }
        super.trap(cause, tval, epc, gpa, tinst);
    }

    // ---------------------------------------------------------------- L1: its H extension, emulated

    /** An instruction of L1 that exited as a virtual instruction: true when it is the H extension's, emulated. */
    private boolean l1Instruction(int word, int epc) {
        Opcode op = Decoder.opcode(word);
        if (op == null) return false;
        switch (op) {
            case CSRRW, CSRRS, CSRRC, CSRRWI, CSRRSI, CSRRCI -> {
                if (!l1.emulates(word >>> 20)) return false;
                hypervisorCsr(op, word, epc);
            }
            case SRET -> {
                if (!l1.spv()) return false;
                enterL2(epc);
            }
            case HFENCE_GVMA, HFENCE_VVMA -> hfence(op, word, epc);
            case HLV_B, HLV_BU, HLV_H, HLV_HU, HLV_W, HLVX_HU, HLVX_WU, HSV_B, HSV_H, HSV_W -> hlv(op, word, epc);
            default -> { return false; }
        }
        return true;
    }

    /** L1 reads or writes a hypervisor or VS CSR: on its virtual ones, with the spec's rules. */
    private void hypervisorCsr(Opcode op, int word, int epc) {
        int csr = word >>> 20, rd = Format.rd(word), rs1 = Format.rs1(word);
        boolean immediate = op == Opcode.CSRRWI || op == Opcode.CSRRSI || op == Opcode.CSRRCI;
        int hgatp = l1.csrs.hgatp;
        int cause = l1.execute(op, csr, immediate ? rs1 : hart.x[rs1], rs1 == 0);
        if (cause >= 0) {
            injectIntoL1(cause, word, epc, -1, 0, false);
            return;
        }
        if (rd != 0) hart.x[rd] = l1.lastRead;
        if (l1.csrs.hgatp != hgatp) newGStage();
        l1Traps();
        hart.pc = epc + 4;
        vm.exit(ExitReason.H_CSR, epc, vm.watched() ? vmsh.asm.Disassembler.instruction(word, epc) : null);
    }

    /**
     * What the hart traps for L1, from L1's hstatus: its wfi always (an idle L1 gives the hart
     * back); its sret only while SPV is set (an sret into L2); and while SPV is set, every
     * exception L1 takes, so that its trap entry clears SPV as HS-mode's would. (Its
     * interrupts stay delegated, so that its sstatus.SIE keeps deciding: an L1 that enabled
     * interrupts between setting SPV and its sret would keep SPV through the interrupt.)
     */
    private void l1Traps() {
        boolean spv = l1.spv();
        hart.csr.hstatus = HSTATUS_VTW | (spv ? HSTATUS_VTSR : 0);
        hart.csr.hedeleg = spv ? 0 : HEDELEG;
    }

    /** L1 points hgatp at another table (or VMID): nothing composed from the old one holds. */
    private void newGStage() {
        shadow.dropAll();
        shadow.fence();
        for (int gpn : tablePages.all()) unprotect(gpn);
        tablePages.clear();
    }

    /** L1's hfence.gvma or hfence.vvma: the shadow entries and the hart's TLB entries it names. */
    private void hfence(Opcode op, int word, int epc) {
        int rs1 = Format.rs1(word), rs2 = Format.rs2(word);
        if (op == Opcode.HFENCE_VVMA) {
            hv.engine().mmu().hfenceVvma(shadow.vmid(), rs1 != 0, hart.x[rs1], rs2 != 0, hart.x[rs2]);
        } else {
            long gpa = (hart.x[rs1] & 0xffff_ffffL) << 2;
            boolean dropped = false;
            if (paging == NestedPaging.EMULATED) {
                dropped = rs1 == 0 ? shadow.dropAll() > 0 : shadow.unmap(gpa);
            } else {
                // multi-dimensional: the shadow already follows L1's protected table pages
                // (and the hart's TLB with it); what was composed from pages L0 could not
                // protect follows the fence
                for (int gpn : tablePages.givenUp())
                    for (long page : shadow.composedFrom(gpn))
                        if (rs1 == 0 || page == gpa >>> 12) dropped |= shadow.unmap(page << 12);
            }
            if (dropped) shadow.fence();   // the TLB caches no translation that was not in the shadow
        }
        hart.pc = epc + 4;
        vm.exit(ExitReason.HFENCE, epc, vm.watched() ? vmsh.asm.Disassembler.instruction(word, epc) : null);
    }

    /**
     * L1's HLV, HLVX or HSV: the access L1's guest would make, through its two stages as
     * L1 set them (its virtual vsatp, vsstatus and hstatus.SPVP over the shadow G-stage);
     * a fault is L1's trap, with a guest virtual address (hstatus.GVA).
     */
    private void hlv(Opcode op, int word, int epc) {
        int va = hart.x[Format.rs1(word)];
        boolean store = op == Opcode.HSV_B || op == Opcode.HSV_H || op == Opcode.HSV_W;
        boolean execute = op == Opcode.HLVX_HU || op == Opcode.HLVX_WU;
        int width = switch (op) {
            case HLV_B, HLV_BU, HSV_B -> 1;
            case HLV_H, HLV_HU, HLVX_HU, HSV_H -> 2;
            default -> 4;
        };
        int access = store ? Access.STORE : execute ? Access.FETCH : Access.LOAD;
        String what = vm.watched() ? vmsh.asm.Disassembler.instruction(word, epc) : null;
        if ((va & (width - 1)) != 0) {
            injectIntoL1(store ? CAUSE_MISALIGNED_STORE : CAUSE_MISALIGNED_LOAD, va, epc, -1, 0, true);
            return;
        }
        int priv = (l1.csrs.hstatus & HSTATUS_SPVP) != 0 ? PRV_S : PRV_U;
        Mmu mmu = hv.engine().mmu();
        long pa;
        for (int tries = 0; ; tries++) {
            pa = mmu.translateVirtual(va, access, priv, l1.csrs.vsatp, l1.csrs.vsstatus, shadow.hgatp(), hart.csr.mstatus);
            if (pa != Mmu.FAULT) break;
            int cause = mmu.faultCause;
            long gpa = mmu.faultGpa;
            boolean guestPage = isGuestPageFault(cause);
            int check = mmu.faultImplicit ? (mmu.faultImplicitStore ? Access.STORE : Access.LOAD) : access;
            if (guestPage && tries < 3 && compose(gpa, check) == null) continue;   // the shadow lacked it: filled, again
            int reported = execute ? asLoadFault(cause) : cause;
            int tinst = mmu.faultImplicit ? (mmu.faultImplicitStore ? TrapInstruction.PTE_WRITE : TrapInstruction.PTE_READ) : 0;
            injectIntoL1(reported, va, epc, guestPage ? gpa : -1, tinst, true);
            return;
        }
        if (store) {
            hv.engine().writePhysical((int) pa, width, hart.x[Format.rs2(word)]);
        } else {
            int v = hv.engine().readPhysical((int) pa, width);
            if (op == Opcode.HLV_B) v = (byte) v;
            else if (op == Opcode.HLV_H) v = (short) v;
            int rd = Format.rd(word);
            if (rd != 0) hart.x[rd] = v;
        }
        hart.pc = epc + 4;
        vm.exit(ExitReason.HLV, epc, what);
    }

    /**
     * An exception of L1's own, entered as its HS-mode would: on L1's supervisor CSRs (the
     * hart's vs* ones) and its virtual hstatus (SPV = 0: it came from L1 itself; GVA when
     * stval holds a guest virtual address), htval and htinst.
     */
    private void injectIntoL1(int cause, int tval, int epc, long gpa, int tinst, boolean gva) {
        hart.pc = hart.enterVirtualSupervisor(cause, tval, epc, false);
        CsrFile h = l1.csrs;
        h.hstatus = h.hstatus & ~(HSTATUS_SPV | HSTATUS_GVA) | (gva ? HSTATUS_GVA : 0);
        h.htval = gpa >= 0 ? (int) (gpa >>> 2) : 0;
        h.htinst = tinst;
        l1Traps();
        vm.exit(ExitReason.GUEST_FAULT, epc, vm.watched() ? causeName(cause) + " for L1" : null);
    }

    // ---------------------------------------------------------------- the world switch

    /**
     * L1's sret with hstatus.SPV set: L1's sret happens on its own supervisor CSRs (they
     * move aside), then L2 goes on the hart, in the mode sstatus.SPP says, at sepc.
     */
    private void enterL2(int epc) {
        CsrFile c = hart.csr;
        int s = c.vsstatus;
        int next = (s & MSTATUS_SPP) != 0 ? PRV_S : PRV_U;
        c.vsstatus = s & ~(MSTATUS_SPP | MSTATUS_SIE) | MSTATUS_SPIE | ((s & MSTATUS_SPIE) != 0 ? MSTATUS_SIE : 0);
        int pc = c.vsepc;
        CsrFile h = l1.csrs;
        h.hstatus &= ~HSTATUS_SPV;
        l1.saveSupervisor(c);
        l1.loadGuest(c);
        c.hgatp = shadow.hgatp();
        c.hedeleg = h.hedeleg;
        c.hideleg = h.hideleg;
        // L2's wfi always exits: L0 waits for it when L1 does not want it (hstatus.VTW clear)
        c.hstatus = h.hstatus & (HSTATUS_VTSR | HSTATUS_VTVM) | HSTATUS_VTW;
        c.hcounteren = h.hcounteren & COUNTER_TM;   // cycle and instret exit to L0 as for L1
        vm.vcpu().guestTimeDelta((long) h.htimedeltah << 32 | h.htimedelta & 0xffff_ffffL);
        hart.priv = next;
        hart.virt = true;
        hart.pc = pc;
        vm.exit(ExitReason.VM_ENTRY, epc, vm.watched() ? String.format("L2 at 0x%08x in %s-mode", pc, next == PRV_S ? "VS" : "VU") : null);
        levels.running(NestedExits.Level.L2);
        l2OnHart = true;
    }

    /**
     * An L2 exit for L1: L2's state goes back into L1's virtual CSRs, and L1 takes the trap
     * as HS-mode would (sepc, scause, stval, sstatus.SPP/SPIE/SIE on its supervisor CSRs;
     * hstatus.SPV = 1, SPVP = L2's mode, GVA, htval, htinst), at its stvec.
     */
    private void reflectToL1(int cause, int tval, int epc, long gpa, int tinst, boolean gva, String why) {
        CsrFile c = hart.csr;
        boolean fromS = hart.priv == PRV_S;
        l1.saveGuest(c);
        int s = l1.supervisor.vsstatus;
        l1.supervisor.vsstatus = s & ~(MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE) | (fromS ? MSTATUS_SPP : 0)
                | ((s & MSTATUS_SIE) != 0 ? MSTATUS_SPIE : 0);
        l1.supervisor.vsepc = epc;
        l1.supervisor.vscause = cause;
        l1.supervisor.vstval = tval;
        CsrFile h = l1.csrs;
        h.hstatus = h.hstatus & ~(HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_GVA) | HSTATUS_SPV
                | (fromS ? HSTATUS_SPVP : 0) | (gva ? HSTATUS_GVA : 0);
        h.htval = gpa >= 0 ? (int) (gpa >>> 2) : 0;
        h.htinst = tinst;
        l1.loadSupervisor(c);
        c.hgatp = gStage().hgatp();
        c.hideleg = VS_INTERRUPTS;
        c.hcounteren = COUNTER_TM;
        vm.vcpu().guestTimeDelta(0);
        l1Traps();
        boolean interrupt = cause < 0;
        int code = cause & ~MCAUSE_INTERRUPT;
        int base = l1.supervisor.vstvec & ~3;
        hart.priv = PRV_S;
        hart.virt = true;
        hart.pc = interrupt && (l1.supervisor.vstvec & 3) == TVEC_VECTORED ? base + 4 * code : base;
        levels.reflected(cause);
        vm.exit(ExitReason.REFLECT, epc, why);
        levels.running(NestedExits.Level.L1);
        l2OnHart = false;
    }

    // ---------------------------------------------------------------- L2's exits

    private void l2Exit(int cause, int tval, int epc, long gpa, int tinst) {
        boolean watched = vm.watched();
        if (cause < 0) {
            // a VS-level interrupt L1 did not pass to L2 (hideleg) is L1's
            reflectToL1(cause, 0, epc, -1, 0, false, watched ? interruptName(cause & ~MCAUSE_INTERRUPT) + " for L1" : null);
            return;
        }
        switch (cause) {
            case CAUSE_FETCH_GUEST_PAGE_FAULT, CAUSE_LOAD_GUEST_PAGE_FAULT, CAUSE_STORE_GUEST_PAGE_FAULT ->
                    l2GuestPageFault(cause, tval, epc, gpa, tinst);
            case CAUSE_VIRTUAL_INSTRUCTION -> {
                if ((l1.csrs.hstatus & HSTATUS_VTW) == 0 && Decoder.opcode(tval) == Opcode.WFI) super.trap(cause, tval, epc, gpa, tinst);
                else if (!l2Counter(tval, epc))
                    reflectToL1(cause, tval, epc, -1, 0, false, watched ? "virtual instruction for L1" : null);
            }
            default -> reflectToL1(cause, tval, epc, -1, tinst, Hart.guestVirtualTval(cause),
                    watched ? causeName(cause) + " for L1" : null);
        }
    }

    /** L2 reads cycle or instret, which L1 lets it read (hcounteren) and L0 keeps: L0 answers (L1's view of them). */
    private boolean l2Counter(int word, int epc) {
        Opcode op = Decoder.opcode(word);
        int csr = word >>> 20;
        boolean read = (op == Opcode.CSRRS || op == Opcode.CSRRC || op == Opcode.CSRRSI || op == Opcode.CSRRCI) && Format.rs1(word) == 0;
        if (!read || counter(csr) == null || (l1.csrs.hcounteren >>> (csr & 0x1f) & 1) == 0) return false;
        if (hart.priv == PRV_U && (hart.csr.scounteren >>> (csr & 0x1f) & 1) == 0) return false;
        int rd = Format.rd(word);
        if (rd != 0) hart.x[rd] = counter(csr);
        hart.pc = epc + 4;
        vm.exit(ExitReason.CSR, epc, vm.watched() ? "L2 reads " + vmsh.isa.Csr.name(csr) : null);
        return true;
    }

    /**
     * An L2 access the shadow G-stage did not map: L1's G-stage decides. Mapped there, L0
     * composes the page into the shadow (L2 retries); not mapped, it is L1's guest-page fault.
     */
    private void l2GuestPageFault(int cause, int gva, int epc, long gpa, int tinst) {
        int access = accessOf(cause);
        boolean implicit = TrapInstruction.pseudo(tinst);
        int check = implicit ? (tinst == TrapInstruction.PTE_WRITE ? Access.STORE : Access.LOAD) : access;
        int l1Gpn = shadowBacking(gpa);
        ExitReason touch = l1Gpn >= 0 ? vm.touchReason(l1Gpn, check == Access.STORE, ExitReason.SHADOW_FILL) : ExitReason.SHADOW_FILL;
        Translation failed = compose(gpa, check);
        if (failed == null) {
            vm.exit(touch, epc, vm.watched() ? String.format("L2 gpa 0x%09x -> L1 gpa 0x%09x", gpa, shadowL1Address(gpa)) : null);
            return;
        }
        long l1Gpa = failed.ok() ? failed.pa() : -1;
        if (l1Gpa >= 0 && access != Access.FETCH && !implicit && vm.devices().at(l1Gpa) != null && mmio(epc, l1Gpa, tinst)) return;
        int reported = failed.ok() ? Access.accessFault(access)
                : isGuestPageFault(failed.cause()) ? Access.guestPageFault(access) : Access.accessFault(access);
        reflectedMiss = gpa >>> 12;
        reflectedCheck = check;
        reflectToL1(reported, gva, epc, isGuestPageFault(reported) ? gpa : -1, tinst, true,
                vm.watched() ? String.format("%s at L2 gpa 0x%09x for L1", causeName(reported), gpa) : null);
    }

    /** The L1 page an L2 page would come from, found without changing anything (-1: none). */
    private int shadowBacking(long gpa) {
        if (!Hgatp.sv32x4(l1.csrs.hgatp)) return guest.contains(gpa, 1) ? guest.gpn(gpa) : -1;
        Translation t = l1Tables.explainGStage(gpa, Access.LOAD, l1Regime(), false);
        return t.ok() && guest.contains(t.pa(), 1) ? guest.gpn(t.pa()) : -1;
    }

    private long shadowL1Address(long gpa) {
        int g = shadow.backingOf(gpa);
        return g < 0 ? -1 : vmsh.hostmem.GuestMemory.BASE + ((long) g << 12) | gpa & 0xfff;
    }

    /**
     * Composes the page of L2 guest-physical {@code gpa} into the shadow G-stage, checked as
     * {@code check}: L1's G-stage (walked in L1's memory, its A/D bits set as the hardware
     * would) then L0's pmap. Returns null when done, else the translation that could not be
     * composed (L1's fault, or ok with an L1 address outside L1's RAM).
     */
    private Translation compose(long gpa, int check) {
        Translation t = l1Tables.explainGStage(gpa, check, l1Regime(), true);
        if (paging == NestedPaging.MULTI_DIMENSIONAL) protect(t);   // what L1 writes there next, L0 sees
        if (!t.ok() || !guest.contains(t.pa(), 1)) return t;
        int l1Gpn = guest.gpn(t.pa());
        boolean write = check == Access.STORE;
        if (write && writeProtected(l1Gpn)) forgo(l1Gpn);   // L2 writes into L1's own G-stage table
        int mpn = pmap.touch(l1Gpn, write);
        int rights = t.perm() >>> 8 & (Pte.PTE_R | Pte.PTE_W | Pte.PTE_X);
        if (!pmap.writable(l1Gpn) || writeProtected(l1Gpn)) rights &= ~Pte.PTE_W;
        List<Integer> tables = pagesRead(t);
        shadow.map(gpa, mpn, rights, l1Gpn, tables);
        gStage().map(l1Gpn, mpn, pmap.writable(l1Gpn) && !writeProtected(l1Gpn));   // L1 reaches it without a fault too
        return null;
    }

    /** L1's G-stage as the software walk sees it: its virtual hgatp, G-stage only. */
    private Regime l1Regime() { return Regime.guest(PRV_U, 0, 0, l1.csrs.hgatp, 0); }

    /** The L1 pages holding the G-stage PTEs walk {@code t} read. */
    private List<Integer> pagesRead(Translation t) {
        List<Integer> pages = new ArrayList<>();
        for (WalkStep s : t.steps())
            if (guest.contains(s.pteAddress(), 4)) pages.add(guest.gpn(s.pteAddress()));
        return pages;
    }

    // ---------------------------------------------------------------- L1's G-stage pages, write-protected

    @Override boolean writeProtected(int gpn) { return tablePages.holds(gpn); }

    /** Protects the L1 pages of L1's G-stage that walk {@code t} read and L0 did not protect yet. */
    private void protect(Translation t) {
        for (int gpn : tablePages.learn(t, l1.csrs.hgatp, guest)) readOnly(gpn);
    }

    /** Maps L1 page {@code gpn} read-only in L0's G-stage (if mapped), so L1's stores to it exit. */
    private void readOnly(int gpn) {
        if (pmap.state(gpn).mapped() && gStage().unmap(gpn)) {
            gStage().map(gpn, pmap.touch(gpn, false), false);
            hv.engine().mmu().hfenceGvma(true, gStage().vmid());
        }
    }

    /** Lets L1 write page {@code gpn} again: the next access maps it as usual. */
    private void unprotect(int gpn) {
        if (gStage().unmap(gpn)) hv.engine().mmu().hfenceGvma(true, gStage().vmid());
    }

    /** L0 stops protecting {@code gpn}; what was composed from it now follows L1's fences. */
    private void forgo(int gpn) {
        tablePages.drop(gpn, true);
        unprotect(gpn);
    }

    /**
     * L1 stores into one of its protected G-stage pages: the store is done for it, then the
     * shadow follows the PTE it wrote: a root entry drops the 4 MiB of L2 guest-physical space
     * it covers; a level-0 entry is composed again at once (Turtles keeps the composed table in
     * step with L1's, so L2 finds the page without another exit). A store L0 cannot emulate
     * (an AMO, a misaligned one) ends the protection of that page.
     */
    @Override void protectedStore(int gpn, long gpa, int epc, int tinst) {
        Opcode op = tinst == 0 ? null : Decoder.opcode(tinst);
        int width = op == Opcode.SW ? 4 : op == Opcode.SH ? 2 : op == Opcode.SB ? 1 : 0;
        if (width == 0 || (gpa & (width - 1)) != 0) {
            forgo(gpn);
            vm.exit(ExitReason.PT_WRITE, epc, vm.watched() ? String.format("L1 gpa 0x%08x: not emulated, no longer protected", gpa) : null);
            return;
        }
        int mpn = pmap.touch(gpn, true);
        hv.engine().writePhysical((int) (pmap.host().frames().physicalAddress(mpn) + (gpa & 0xfff)), width, hart.x[Format.rs2(tinst)]);
        int entry = (int) (gpa & 0xffc) >>> 2;
        boolean dropped = false;
        Integer rootPage = tablePages.rootPage(gpn);
        if (rootPage != null) {
            long index = rootPage * 1024L + entry;
            dropped = shadow.unmapRange(index << 22, (index + 1) << 22) > 0;
        }
        for (int r : tablePages.rootEntriesOf(gpn)) {
            long l2gpa = (long) r << 22 | (long) entry << 12;
            dropped |= shadow.unmap(l2gpa);
            // prefill: what L1 just mapped, L2 finds; for the fault L1 is handling, with
            // that access (a store gets its own frame now, not the zero page first)
            compose(l2gpa, l2gpa >>> 12 == reflectedMiss ? reflectedCheck : Access.LOAD);
        }
        if (dropped) shadow.fence();   // a new mapping replaces nothing the TLB could hold
        hart.pc = epc + 4;
        vm.exit(ExitReason.PT_WRITE, epc, vm.watched() ? String.format("L1 G-stage pte at gpa 0x%08x = 0x%08x", gpa & ~3, guest.load(gpa & ~3, 4)) : null);
    }

    // ---------------------------------------------------------------- timers, pages, views

    @Override void beforeRun() {
        if (!l2OnHart) {
            super.beforeRun();
            return;
        }
        // L1's timer, due while L2 runs: L1's HS-level interrupts are enabled while V=1 (its sie decides)
        if (vm.vcpu().timerDue() && (l1.supervisor.mie & MIP_VSTIP) != 0)
            reflectToL1(MCAUSE_INTERRUPT | IRQ_S_TIMER, 0, hart.pc, -1, 0, false, vm.watched() ? "L1's timer" : null);
    }

    @Override void pageChanged(vmsh.hostmem.PageChange c) {
        super.pageChanged(c);
        if (shadow.dropBacking(c.gpn()) > 0) shadow.fence();
    }

    /**
     * How L2 virtual address {@code gva} translates now, in all three dimensions and as the
     * hardware walks it over the shadow, for L2 at privilege {@code priv}; nothing changes
     * (no A/D bits, no page first touched, no TLB fill).
     */
    NestedTranslation translateL2(int gva, int access, int priv) {
        Vcpu v = vm.vcpu();
        int vsatp = l2OnHart ? v.vsatp : l1.csrs.vsatp, vsstatus = l2OnHart ? v.vsstatus : l1.csrs.vsstatus;
        Translation hardware = hv.engine().mmu().explain(gva, access, Regime.guest(priv, vsatp, vsstatus, shadow.hgatp(), 0), false);
        return NestedTranslation.explain(gva, access, Regime.guest(priv, vsatp, vsstatus, 0, 0),
                new PeekedGuestMemory(guest), l1Regime(), hv.engine().mmu().memory(),
                Regime.guest(PRV_U, 0, 0, gStage().hgatp(), 0), hardware);
    }

    // L1's own view, whichever level is on the hart: while L2 runs, L1's supervisor CSRs wait in l1

    @Override int guestSatp() { return l2OnHart ? l1.supervisor.vsatp : super.guestSatp(); }

    /** A nested guest's CSRs are split between the hart and its guest hypervisor's virtual H state. */
    @Override void setGuestCsr(int csr, int value) {
        throw GuestCsrs.refused(vm, csr, "nested VMs keep the guest's CSRs in two levels");
    }

    @Override void setGuestPrivilege(int p) {
        throw GuestCsrs.privilegeRefused(vm, p, "nested VMs keep the guest's privilege in two levels");
    }

    @Override int guestPrivilege() { return l2OnHart ? PRV_S : super.guestPrivilege(); }

    @Override boolean owns(vmsh.mmu.TlbEntry e) { return super.owns(e) || e.virt() && e.vmid() == shadow.vmid(); }

    @Override VmTranslation translate(int gva, int access) {
        if (!l2OnHart) return super.translate(gva, access);
        Regime r = Regime.guest(PRV_S, l1.supervisor.vsatp, l1.supervisor.vsstatus, gStage().hgatp(), 0);
        Translation t = hv.engine().mmu().explain(gva, access, r, false);
        return new VmTranslation(vm.technique(), t, null, t.references() * hv.costs().walkReference());
    }

    @Override List<ShadowView> shadow() {
        List<ShadowView> views = new ArrayList<>(super.shadow());
        views.add(new ShadowView(String.format("shadow G-stage (Sv32x4, vmid %d, %s): L2 guest-physical -> host-physical",
                shadow.vmid(), paging), Hgatp.root(shadow.hgatp()), shadow.mappedPages(),
                vmsh.mmu.PageTableDump.of(hv.engine().mmu().memory(), Regime.guest(PRV_U, 0, 0, shadow.hgatp(), 0))));
        return views;
    }

    /** A nested VM keeps its tables while idle (not given back yet). */
    @Override void idled() { }

    @Override void release() {
        super.release();
        shadow.release();
        hv.freeVmid(shadow.vmid());
    }

    // ---------------------------------------------------------------- state

    /**
     * Besides L0's G-stage: L1's virtual hypervisor state (its H and VS CSRs, its supervisor
     * CSRs as they wait while L2 runs, the htimedelta it gave L2), which level is on the
     * hart, the shadow G-stage with what each page was composed from, the L1 G-stage pages
     * L0 protects, the fault being reflected, the exits by level.
     */
    @Override void save(vmsh.state.StateOut out) {
        super.save(out);
        saveL1(out);
        shadow.save(out);
        tablePages.save(out);
        out.putLong(reflectedMiss).putInt(reflectedCheck);
        levels.save(out);
    }

    @Override void restore(vmsh.state.StateIn in) {
        super.restore(in);
        restoreL1(in);
        shadow.restore(in);
        tablePages.restore(in);
        reflectedMiss = in.getLong();
        reflectedCheck = in.getInt();
        levels.restore(in);
    }

    /** The guest's side: L1's virtual hypervisor state and the level on the hart (the shadow and the protected pages are L0's tables). */
    @Override void saveGuest(vmsh.state.StateOut out) {
        super.saveGuest(out);
        saveL1(out);
    }

    @Override void restoreGuest(vmsh.state.StateIn in) {
        super.restoreGuest(in);
        restoreL1(in);
        reflectedMiss = -1;
        if (l2OnHart) vm.vcpu().hgatp = shadow.hgatp();
    }

    /**
     * The warm state in guest terms: the L1 pages L0 protects (first: L0's G-stage maps them
     * read-only again), the fault being reflected, L0's G-stage (its leaf tables and leaves), the shadow G-stage
     * (each L2 page with its L1 page, rights and the L1 table pages it was composed from),
     * and the VM's host TLB entries of both VMIDs, L1's and L2's, in one LRU order.
     */
    @Override void saveWarm(vmsh.state.StateOut out, java.util.function.IntUnaryOperator pageOf) {
        tablePages.save(out);
        out.putLong(reflectedMiss).putInt(reflectedCheck);
        out.putInts(gStage().tableIndexes()).putInts(gStage().leaves());
        shadow.saveWarm(out);
        int l1Space = Mmu.vmSpace(gStage().vmid()), l2Space = Mmu.vmSpace(shadow.vmid());
        int[][] entries = hv.engine().mmu().entriesOf(Mmu.VM_SPACE, s -> s == l1Space ? 0 : s == l2Space ? 1 : -1,
                (n, vpn, ppn) -> pageOf.applyAsInt(ppn));
        out.putInt(entries.length);
        for (int[] e : entries) out.putInts(e);
    }

    /** Rebuilds what {@link #saveWarm} saved on the pages' frames now (the VMIDs may be others), counting nothing. */
    @Override void restoreWarm(vmsh.state.StateIn in) {
        tablePages.restore(in);
        reflectedMiss = in.getLong();
        reflectedCheck = in.getInt();
        gStage().shapeTables(in.getInts());
        gStage().mapLeaves(in.getInts(), pmap::mpn, gpn -> pmap.writable(gpn) && !writeProtected(gpn));
        shadow.restoreWarm(in, pmap::mpn);
        int[][] entries = new int[in.getInt()][];
        for (int i = 0; i < entries.length; i++) entries[i] = in.getInts();
        int l1Space = Mmu.vmSpace(gStage().vmid()), l2Space = Mmu.vmSpace(shadow.vmid());
        hv.engine().mmu().putEntries(entries, Mmu.VM_SPACE, n -> n == 0 ? l1Space : n == 1 ? l2Space : -1, vm::physicalPage);
        vm.vcpu().hgatp = l2OnHart ? shadow.hgatp() : gStage().hgatp();
    }

    @Override void forgetTables() {
        super.forgetTables();
        shadow.dropAll();
        shadow.fence();
        tablePages.clear();
    }

    /** A clone: L1's virtual hypervisor state copied; its shadow G-stage starts empty. */
    @Override void adopt(Virtualization from) {
        super.adopt(from);
        vmsh.state.StateOut out = new vmsh.state.StateOut();
        ((NestedHardwareAssisted) from).saveL1(out);
        restoreL1(new vmsh.state.StateIn(out.toBytes()));
        if (l2OnHart) vm.vcpu().hgatp = shadow.hgatp();
    }

    private void saveL1(vmsh.state.StateOut out) {
        l1.save(out);
        out.putBoolean(l2OnHart).putLong(vm.vcpu().guestTimeDelta());
    }

    private void restoreL1(vmsh.state.StateIn in) {
        l1.restore(in);
        l2OnHart = in.getBoolean();
        vm.vcpu().guestTimeDelta(in.getLong());
        levels.running(l2OnHart ? NestedExits.Level.L2 : NestedExits.Level.L1);
    }

    private static boolean isGuestPageFault(int cause) {
        return cause == CAUSE_FETCH_GUEST_PAGE_FAULT || cause == CAUSE_LOAD_GUEST_PAGE_FAULT || cause == CAUSE_STORE_GUEST_PAGE_FAULT;
    }

    /** An HLVX reads with execute permission, but its faults are a load's. */
    private static int asLoadFault(int cause) {
        return switch (cause) {
            case CAUSE_FETCH_PAGE_FAULT -> CAUSE_LOAD_PAGE_FAULT;
            case CAUSE_FETCH_GUEST_PAGE_FAULT -> CAUSE_LOAD_GUEST_PAGE_FAULT;
            case CAUSE_FETCH_ACCESS -> CAUSE_LOAD_ACCESS;
            default -> cause;
        };
    }
}
