package vmsh.hv;

import static vmsh.isa.Encoding.*;
import static vmsh.hv.TranslationCache.COUNT;
import static vmsh.hv.TranslationCache.COUNTING;
import static vmsh.hv.TranslationCache.SPILL;
import static vmsh.hv.TranslationCache.TEMPS;
import static vmsh.mmu.Pte.*;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import vmsh.board.MarkSet;
import vmsh.board.Monitor;
import vmsh.isa.Decoder;
import vmsh.isa.Format;
import vmsh.isa.Kind;
import vmsh.isa.Opcode;
import vmsh.mmu.Access;
import vmsh.mmu.Regime;
import vmsh.mmu.Satp;
import vmsh.mmu.Translation;
import vmsh.isa.Encoding;

/**
 * Binary translation, as VMware's VMM did it on x86 (Adams and Agesen, ASPLOS 2006): the
 * guest kernel, unmodified, never runs its own code. What it executes is translated on
 * first execution into a translation cache the guest cannot see ({@link TranslationCache},
 * {@link Translator}): innocuous instructions copied, control flow and pc-relative ones
 * rewritten, sensitive ones replaced by <em>callouts</em>, calls into the VMM that emulate
 * them on the virtual CPU without the round trip of a trap. The guest's tasks run directly,
 * as under {@code trap}, and paging is traced shadow paging, as under {@code trap}.
 *
 * <p>The guest cannot tell:
 * <ul>
 * <li>a trap in translated code reports the guest's own pc (sepc) and value (stval), and a
 *     virtual interrupt is delivered only where the guest's registers are its own;
 * <li>reading its code reads the original bytes (the cache is elsewhere, outside its
 *     mappings); writing its code drops the translations of that page (the pages of
 *     translated code are kept read-only, and a store there is emulated: a code-write exit).
 * </ul>
 *
 * <p>Translated code runs fast between callouts: units chain to one another directly once
 * their targets are known, and indirect jumps (returns included) look their target up in
 * a table in the vCPU page without leaving the cache. <b>Adaptive translation</b>: a guest
 * load or store that faults on a traced page table or a device {@value #ADAPT_AFTER} times
 * is retranslated into a callout that emulates it, so it stops paying an exit each time.
 *
 * <p>In the simulator a callout reaches the VMM through the hart's trap interceptor (its
 * custom-0 word is no instruction), which changes no guest-visible state; what makes it a
 * callout and not an exit is what the VMM charges (the cost model's {@code callout} instead of
 * {@code exitRoundTrip}; translation is charged too) and that it counts no exit.
 * The top 4 MiB of the guest kernel's address space is the translator's; a guest that maps
 * it is stopped with a message saying so.
 *
 * <p><b>Counting.</b> The guest's instruction count, and its clock, are its own instructions,
 * exactly as under {@code trap}: what the translation adds (exits, lookups, spills,
 * callouts of the translator's own, faults on its window) is the VMM's. Translated code
 * counts units as it leaves them (see {@link TranslationUnit}); the VMM makes the vCPU's
 * count exact whenever it gets control and after every run of the engine, the vCPU first
 * stepping to the start of a guest instruction's translation. A callout counts as the
 * guest instruction it emulates, and a fault of the guest's own code that the VMM retries
 * from its translation is a retry, as one retried in place. So budgets, stops at a guest
 * instruction, watchpoints' stops, history and recordings see the same instructions
 * under {@code bt} as under {@code trap}, wherever units end.
 *
 * <p><b>Under a debugger</b> (hooks, breakpoints, watchpoints: the VM's monitor), the
 * instructions it marks never run translated: units end before them, and the dispatcher
 * sends the vCPU to the guest's own address, where the kernel runs deprivileged as under
 * {@code trap} (the host engine calls the monitor there) until its next exit brings it
 * back into the cache. When the marks change, the cache is emptied, at once or, when the
 * vCPU is inside translated code, where the guest's registers are its own again. The
 * translator keeps the marks it honours as a value with the VM's state ({@link MarkSet}),
 * taken from the monitor when the marks change and before every run that is not a replay:
 * a replay (the debugger quiet) translates as the run it replays did, hooks or none, and
 * a search through known history for this VM's breakpoints honours the monitor's marks too.
 */
final class BinaryTranslation extends TrapAndEmulate implements Translator.Guest {
    /** Faults on a traced table or a device before a load or store is retranslated into a callout. */
    static final int ADAPT_AFTER = 2;
    /** Instructions single-stepped at most to reach a point where the guest's registers are its own. */
    private static final int CLEAN_STEPS = 64;

    private final TranslationCache tc;
    private final Translator translator;
    private final long[] callouts = new long[CalloutKind.ALL.length];
    private final Map<Integer, Integer> faultsAt = new HashMap<>();
    private final Map<Integer, CalloutKind> adaptive = new HashMap<>();
    private CalloutKind inCallout;
    /** The debugger's marks the translation cache honours (state: a replay translates as the run it replays did). */
    private MarkSet marks = MarkSet.NONE;
    /** The marks changed while the vCPU was inside translated code: the cache is emptied at the next clean point. */
    private boolean marksStale;
    /** A search through known history for this VM's breakpoints emptied the cache of code translated without the monitor's marks. */
    private boolean searchReady;
    /** Shadow contexts the window is mapped in. */
    private final java.util.Set<Integer> windowed = new java.util.HashSet<>();
    private long dispatchHits, dispatchMisses, chains, invalidations, codeWrites, adaptations;
    /** The guest's instructions = countBase + the count word + the index of the vCPU's point in its unit. */
    private long countBase;
    /** The guest's exact count where a trap from translated code left the vCPU, to be made the vCPU's when the engine returns; -1: none. */
    private long countAfterTrap = -1;
    /** A trap from the guest's own code left the vCPU in translated code: the count base is set when the engine returns. */
    private boolean rebase;
    /** The trap being served was the translator's own work (a dispatch, an access the copy makes): no guest instruction. */
    private boolean ownWork;
    /** Fetches of guest code that faulted while the VMM looked for code to run: each counts as the guest's attempt. */
    private int fetchFaults;
    /** Instructions translated code spent counting guest instructions: the simulator's, not VMware's, so not priced. */
    private long counting;

    BinaryTranslation(Vm vm) {
        super(vm, true);
        this.tc = new TranslationCache(hv.host(), hv.engine());
        this.translator = new Translator(tc, this);
    }

    @Override void boot(int entry) {
        super.boot(entry);
        Integer word = fetch(entry);
        if (word == null) {
            vm.fault(String.format("the guest kernel's entry 0x%08x cannot be fetched", entry));
            return;
        }
        vm.vcpu().pc = translator.translate(entry, gpn(entry)).tcEntry;
    }

    // ---------------------------------------------------------------- what the translator asks

    @Override public Integer fetch(int va) {
        if ((va & 3) != 0) return null;
        long gpa = guestAddress(va, Access.FETCH, true);
        if (gpa < 0 || !guest.contains(gpa, 4)) return null;
        return guest.loadWord(gpa);
    }

    @Override public int gpn(int va) {
        long gpa = guestAddress(va, Access.FETCH, false);
        return gpa < 0 || !guest.contains(gpa, 1) ? -1 : guest.gpn(gpa);
    }

    @Override public CalloutKind adaptive(int va) { return adaptive.get(va); }

    @Override public boolean marked(int va, int word) {
        Monitor searching = searching();
        return marks.marked(va, word) || searching != null && searching.marked(va, word);
    }

    /** True when the guest-kernel instruction at {@code va} is marked (see {@link #marked}). */
    private boolean markedAt(int va) {
        if (marks == MarkSet.NONE && searching() == null) return false;
        Integer word = fetch(va);
        return word != null && marked(va, word);
    }

    /** The monitor, while a search through known history looks for its breakpoints and watchpoints; else null. */
    private Monitor searching() {
        VcpuTarget debug = vm.debugTargetOrNull();
        return debug != null && debug.monitor() != null && hv.replaying() && hv.carriesMarks(vm) ? debug.monitor() : null;
    }

    /** A replay of known history ended: a search's translations go when the next one begins. */
    @Override void replayEnded() { searchReady = false; }

    /** The debugger's marks changed: outside a replay, the translator takes them (see {@link #takeMarks}). */
    @Override void marksChanged() {
        searchReady = false;
        if (!hv.replaying()) takeMarks();
    }

    /**
     * Before a run that is not a replay, and when the marks change: the monitor's marks
     * become those the cache honours, and translations made without them go (the vCPU
     * leaves the cache first).
     */
    @Override void takeMarks() {
        VcpuTarget debug = vm.debugTargetOrNull();
        MarkSet now = debug == null || debug.monitor() == null ? MarkSet.NONE : debug.monitor().markSet();
        if (now.equals(marks)) return;
        marks = now;
        int pc = hv.loaded() == vm ? hart.pc : vm.vcpu().pc;
        if (kernelMode() && tc.holds(pc)) marksStale = true;
        else tc.flush();
    }

    /** The guest-physical address of guest-kernel address {@code va} for {@code access}, or -1 when its tables refuse it. */
    private long guestAddress(int va, int access, boolean setAD) {
        Regime r = Regime.supervisor(v.priv == PRV_M ? PRV_M : PRV_S, v.csr.satp, v.csr.mstatus);
        if (!r.translated()) return va & 0xffff_ffffL;
        Translation t = guestWalker.explain(va, access, r, setAD);
        return t.ok() ? t.pa() : -1;
    }

    // ---------------------------------------------------------------- where the guest kernel runs

    /**
     * The translation-cache address to run guest-kernel instruction {@code va} at: its
     * translation, made now if needed. A fetch the guest's tables refuse is delivered to the
     * guest kernel as its fetch fault (and its handler is looked up instead).
     */
    private int kernelPc(int va) {
        try {
            return translatedPc(va);
        } catch (vmsh.hostmem.MissingPageException e) {   // post-copy: a page the translator reads is still on the source
            vm.pageMissing(e.gpn(), va);
            return va;   // the VM waits for the page; translated when it runs again (beforeRun)
        }
    }

    private int translatedPc(int va) {
        if (markedAt(va)) return va;   // a debugger watches it: the guest's own code runs
        for (int attempt = 0; attempt < 2; attempt++) {
            int gpn = gpn(va);
            TranslationUnit u = gpn < 0 ? null : tc.covering(gpn, va, false);
            if (u != null) {
                dispatchHits++;
                return u.tcOf(va);
            }
            if (fetch(va) != null) {
                dispatchMisses++;
                if (!tc.hasCode(gpn)) shadows.dropMappingsOf(gpn);   // translated code is read-only from now on
                return translator.translate(va, gpn).tcEntry;
            }
            int cause = (va & 3) != 0 ? CAUSE_MISALIGNED_FETCH
                    : guestAddress(va, Access.FETCH, false) < 0 ? CAUSE_FETCH_PAGE_FAULT   // its tables refuse it
                    : CAUSE_FETCH_ACCESS;                                                  // mapped, not to RAM
            int faulting = va;
            fetchFaults++;   // the guest's fetch, as the hart would have counted it
            inCallout = CalloutKind.GUEST_FAULT;   // the translator finds the fault: no exit
            try {
                reflect(ExitReason.GUEST_FAULT, cause, faulting, faulting);
            } finally {
                inCallout = null;
            }
            if (vm.state() == VmState.FAULT) return va;   // reflect found the fault undeliverable and said so
            va = hart.pc;
            if (va == faulting) break;
        }
        vm.fault(String.format("the guest kernel's trap handler 0x%08x cannot be fetched", va));
        return va;
    }

    /** After the VMM moved the vCPU: guest-kernel code runs from the translation cache, a task's directly. */
    private void resume() {
        if (vm.state() != VmState.READY && vm.state() != VmState.IDLE) return;
        if (kernelMode() && !tc.holds(hart.pc)) hart.pc = kernelPc(hart.pc);
    }

    /** A debugger moves the guest kernel to a task's mode: it leaves the translation cache, at the guest instruction it stood at. */
    @Override void leavingMode(int p) {
        if (p == PRV_U && tc.holds(hart.pc)) hart.pc = guestPc(hart.pc);
    }

    @Override int guestPc(int pc) {
        TranslationUnit u = tc.holds(pc) ? tc.unitAt(pc) : null;
        return u == null ? pc : u.guestPcAt(pc);
    }

    // ---------------------------------------------------------------- exits and callouts

    @Override void trap(int cause, int tval, int epc, long gpa, int tinst) {
        TranslationUnit from = tc.holds(epc) ? tc.unitAt(epc) : null;
        long before = from == null ? -1 : countAt(from, epc);
        countAfterTrap = before;   // as if retried, should the VMM not come back (a page still on another host)
        ownWork = false;
        fetchFaults = 0;
        try {
            serve(cause, tval, epc, gpa, tinst);
        } catch (vmsh.hostmem.MissingPageException e) {   // it runs again once the page is here
            vm.vcpu().retriedOverhead();
            throw e;
        }
        counted(before, epc);
        if (hart.pc == epc) vm.vcpu().retriedOverhead();   // run again: the VMM's business, not an instruction of the guest's
        else if (before < 0 && cause >= 0 && retriedTranslated(epc)) vm.vcpu().hideOverhead(1);
    }

    /**
     * True when the guest's own instruction at {@code epc} runs again from its translation:
     * a retry like one at epc, whose attempt the hypervisor hides only when the pc stays put.
     */
    private boolean retriedTranslated(int epc) {
        return kernelMode() && tc.holds(hart.pc) && guestPc(hart.pc) == epc;
    }

    /**
     * After a trap at {@code epc}: the guest's count where the VMM leaves the vCPU. From
     * translated code, {@code before} (the instructions before the one at epc) plus that
     * one unless it runs again or was the translator's own, plus the fetches that faulted;
     * the count base follows the vCPU into translated code.
     */
    private void counted(long before, int epc) {
        boolean inCache = kernelMode() && tc.holds(hart.pc), retried = hart.pc == epc;
        if (before < 0) {   // from the guest's own code, counted by the hart
            rebase = inCache;
            if (fetchFaults > 0) vm.vcpu().hideOverhead(-fetchFaults);
            return;
        }
        long after = before + (retried || ownWork ? 0 : 1) + fetchFaults;
        countAfterTrap = after;
        if (!retried && inCache) setCountBase(after, hart.pc);
    }

    /** The guest's instructions at translation-cache address {@code tcPc} of unit {@code u}. */
    private long countAt(TranslationUnit u, int tcPc) { return countBase + tc.vcpuWord(COUNT) + u.indexAt(tcPc); }

    /** The guest has executed {@code n} instructions at translation-cache address {@code tcPc}: counting goes on from there. */
    private void setCountBase(long n, int tcPc) {
        TranslationUnit u = tc.unitAt(tcPc);
        takeCounting();
        tc.setVcpuWord(COUNT, 0);
        countBase = n - (u == null ? 0 : u.indexAt(tcPc));
    }

    /** After the engine ran: the vCPU at a clean point, and its count the guest's. */
    @Override void ran() {
        if (countAfterTrap < 0 && !rebase && !(kernelMode() && tc.holds(hart.pc))) return;
        countTrap();
        for (int i = 0; i < CLEAN_STEPS && kernelMode() && tc.holds(hart.pc) && !clean(hart.pc) && vm.state() == VmState.READY; i++) {
            hv.engine().execute(1);
            countTrap();
        }
        TranslationUnit u = kernelMode() && tc.holds(hart.pc) ? tc.unitAt(hart.pc) : null;
        if (u != null && u.clean(hart.pc)) vm.vcpu().countExactly(countAt(u, hart.pc));
        takeCounting();
    }

    /** The instructions translated code spent counting (the counting word) go to {@link #counting}. */
    private void takeCounting() {
        counting += tc.vcpuWord(COUNTING);
        tc.setVcpuWord(COUNTING, 0);
    }

    /** What the last trap left to count, now that the engine has counted its instruction. */
    private void countTrap() {
        if (countAfterTrap >= 0) {
            vm.vcpu().countExactly(countAfterTrap);
            countAfterTrap = -1;
        }
        if (rebase) {
            rebase = false;
            if (kernelMode() && tc.holds(hart.pc)) setCountBase(vm.vcpu().instructions(), hart.pc);
        }
    }

    private void serve(int cause, int tval, int epc, long gpa, int tinst) {
        boolean pageFault = cause == CAUSE_FETCH_PAGE_FAULT || cause == CAUSE_LOAD_PAGE_FAULT || cause == CAUSE_STORE_PAGE_FAULT;
        if (pageFault && kernelMode() && TranslationCache.inWindow(tval)) {
            window(cause, tval);
            return;
        }
        TranslationUnit u = tc.holds(epc) ? tc.unitAt(epc) : null;
        if (u == null) {
            super.trap(cause, tval, epc, gpa, tinst);
            resume();
            return;
        }
        if (cause == CAUSE_ILLEGAL_INSTRUCTION && Emit.isCallout(tval)) {
            callout(epc, tc.callout(Emit.calloutNumber(tval)));
            return;
        }
        int pc = u.guestPcAt(epc);   // a copied instruction's own trap, as the guest would see it
        long ptWrites = vm.exits(ExitReason.PT_WRITE), mmio = vm.exits(ExitReason.MMIO), code = vm.exits(ExitReason.CODE_WRITE);
        hart.pc = pc;
        super.trap(cause, tval, pc, gpa, tinst);
        if (vm.exits(ExitReason.PT_WRITE) > ptWrites) adapt(u, pc, CalloutKind.PT_WRITE);
        else if (vm.exits(ExitReason.MMIO) > mmio) adapt(u, pc, CalloutKind.MMIO);
        else if (vm.exits(ExitReason.CODE_WRITE) > code && u.valid) adapt(u, pc, CalloutKind.CODE_WRITE);
        continueAt(u, pc, epc);
    }

    /** After the VMM handled the instruction at guest {@code pc} (cache address {@code at}): retry it, go on after it, or dispatch. */
    private void continueAt(TranslationUnit u, int pc, int at) {
        if (u.valid && kernelMode() && vm.state() == VmState.READY) {
            if (hart.pc == pc) { hart.pc = at; return; }
            if (hart.pc == pc + 4) { hart.pc = at + 4; return; }
        }
        resume();
    }

    /** A miss in the translator's window from translated code: the code or vCPU page is mapped in this shadow. */
    private void window(int cause, int va) {
        int mpn = tc.frameAt(va);
        boolean vcpu = (va & ~0xfff) == TranslationCache.VCPU_PAGE || (va & ~0xfff) == TranslationCache.LOOKUP_PAGE;
        if (mpn < 0 || !vcpu && cause != CAUSE_FETCH_PAGE_FAULT) {
            vm.fault(String.format("the guest kernel touched 0x%08x, in the top 4 MiB that bt keeps for its translation cache", va));
            return;
        }
        shadows.mapHidden(currentShadow(), va & ~0xfff, mpn, vcpu ? PTE_R | PTE_W : PTE_X);
        vm.exit(ExitReason.HIDDEN_FAULT, hart.pc, vm.watched() ? String.format("translation cache page 0x%08x mapped", va & ~0xfff) : null);
    }

    /** Translated code called the VMM at cache address {@code at}. */
    private void callout(int at, Callout co) {
        if (co == null || !co.unit().valid) {   // a stale site (the cache was emptied): find the code again
            ownWork = true;
            resume();
            return;
        }
        switch (co.kind()) {
            case DISPATCH -> dispatch(co);
            case INDIRECT -> indirect(co);
            case PT_WRITE, MMIO, CODE_WRITE -> memory(co, at);
            default -> {
                hart.pc = co.pc();
                inCallout = co.kind();
                try {
                    if (co.kind() == CalloutKind.SBI) ecall(co.pc());
                    else if (jumps(co.word())) misalignedJump(co.word(), co.pc());
                    else privileged(co.word(), co.pc());
                } finally {
                    inCallout = null;
                }
                if (endsUnit(co.kind())) resume();   // what follows the callout in the cache is not the guest's next instruction
                else continueAt(co.unit(), co.pc(), at);
            }
        }
    }

    /** The callouts the translator ends a unit with: sret, mret and the guest's own traps. */
    private static boolean endsUnit(CalloutKind k) {
        return k == CalloutKind.SRET || k == CalloutKind.MRET || k == CalloutKind.GUEST_FAULT;
    }

    private static boolean jumps(int word) {
        Opcode op = Decoder.opcode(word);
        return op != null && (op.kind.category() == Kind.Category.JUMP || op.kind.category() == Kind.Category.BRANCH);
    }

    /** A jump (or taken branch) at {@code pc} to a target that is not 4-byte aligned: the guest's misaligned fetch, its link not written. */
    private void misalignedJump(int word, int pc) {
        Opcode op = Decoder.opcode(word);
        int target = switch (op.kind.category()) {
            case BRANCH -> pc + Format.immB(word);
            default -> op == Opcode.JAL ? pc + Format.immJ(word) : hart.x[Format.rs1(word)] + Format.immI(word) & ~1;
        };
        reflect(ExitReason.GUEST_FAULT, CAUSE_MISALIGNED_FETCH, target, pc);
    }

    /** An exit of a unit: the target's translation (made now if needed), chained to it from now on. */
    private void dispatch(Callout co) {
        ownWork = true;
        callouts[CalloutKind.DISPATCH.ordinal()]++;
        int target = co.pc();
        hart.pc = kernelPc(target);
        TranslationUnit t = tc.holds(hart.pc) ? tc.unitAt(hart.pc) : null;
        if (t != null && co.unit().valid && co.exit().chainedTo == null) {
            tc.chain(co.exit(), t, hart.pc);
            chains++;
        }
    }

    /**
     * An indirect jump the lookup table missed: t0 holds the guest's target; the spilled
     * temporaries come back, the link is written, and the table learns the target.
     */
    private void indirect(Callout co) {
        int target = hart.x[TEMPS[0]];
        if ((target & 3) == 0 && vm.memory().pmap().missingPages() > 0) fetch(target);   // post-copy: a missing page is a remote fault before anything changed
        callouts[CalloutKind.INDIRECT.ordinal()]++;
        for (int i = 0; i < TEMPS.length; i++) hart.x[TEMPS[i]] = tc.vcpuWord(SPILL + 4 * i);
        if ((target & 3) != 0) {   // the jump does not happen: rd keeps its value
            reflect(ExitReason.GUEST_FAULT, CAUSE_MISALIGNED_FETCH, target, co.pc());
            resume();
            return;
        }
        int rd = Format.rd(co.word());
        if (rd != 0) hart.x[rd] = co.pc() + 4;
        if (markedAt(target)) {   // a debugger watches it: the guest's own code runs
            hart.pc = target;
            return;
        }
        int gpn = gpn(target);
        TranslationUnit t = gpn < 0 ? null : tc.covering(gpn, target, true);
        if (t == null && fetch(target) != null) {
            dispatchMisses++;
            if (!tc.hasCode(gpn)) shadows.dropMappingsOf(gpn);
            t = translator.translate(target, gpn);
        } else if (t != null) {
            dispatchHits++;
        }
        if (t == null) {
            hart.pc = target;   // cannot be fetched: kernelPc delivers the fault
            resume();
            return;
        }
        tc.lookupEntry(target, t);
        hart.pc = t.tcEntry;
    }

    /**
     * An adaptive load or store: when it hits a traced page table or a device, the VMM
     * emulates it here (no exit) and skips the copy after the callout; otherwise the copy runs.
     */
    private void memory(Callout co, int at) {
        int word = co.word(), pc = co.pc();
        Opcode op = Decoder.opcode(word);
        boolean store = op.kind.category() == Kind.Category.STORE;
        int width = op.kind.width(), va = hart.x[Format.rs1(word)] + (store ? Format.immS(word) : Format.immI(word));
        long gpa;
        if (guestRegime().translated()) {
            Translation t = guestWalker.explain(va, store ? Access.STORE : Access.LOAD, guestRegime(), true);
            if (!t.ok()) {   // the guest's own fault: delivered as the copy would have had it
                inCallout = CalloutKind.GUEST_FAULT;
                try {
                    reflect(ExitReason.GUEST_FAULT, t.cause(), va, pc);
                } finally {
                    inCallout = null;
                }
                resume();
                return;
            }
            gpa = t.pa();
        } else {
            gpa = va & 0xffff_ffffL;
        }
        boolean table = store && guest.contains(gpa, width) && shadows.isTracedTable(guest.gpn(gpa));
        boolean code = store && !table && guest.contains(gpa, width) && tc.hasCode(guest.gpn(gpa));
        boolean device = !guest.contains(gpa, 1) && vm.devices().at(gpa) != null && (gpa & width - 1) == 0;
        if (!table && !code && !device) {
            hart.pc = at + 4;   // an ordinary access: the copy does it
            ownWork = true;
            return;
        }
        inCallout = table ? CalloutKind.PT_WRITE : code ? CalloutKind.CODE_WRITE : CalloutKind.MMIO;
        try {
            if (table) {
                writeTable(guest.gpn(gpa), gpa, width, hart.x[Format.rs2(word)]);
                account(ExitReason.PT_WRITE, pc, vm.watched() ? String.format("pte at gpa 0x%08x", gpa & ~3) : null);
            } else if (code) {
                codeWrite(guest.gpn(gpa), gpa, width);
                hv.engine().writePhysical(hostAddress(guest.gpn(gpa), gpa), width, hart.x[Format.rs2(word)]);
                account(ExitReason.CODE_WRITE, pc, vm.watched() ? String.format("store into a page of translated code at gpa 0x%08x", gpa) : null);
            } else if (vm.devices().emulate(word, gpa, hart.x)) {
                hart.x[0] = 0;
                account(ExitReason.MMIO, pc, vm.watched() ? String.format("device at gpa 0x%08x", gpa) : null);
            } else {
                hart.pc = at + 4;   // not an access this VMM emulates: the copy faults as it would
                ownWork = true;
                return;
            }
        } finally {
            inCallout = null;
        }
        if (co.unit().valid) {
            hart.pc = at + 8;
        } else {   // the store changed translated code, perhaps its own unit's
            hart.pc = pc + 4;
            resume();
        }
    }

    /**
     * Counts an exit of {@code kind} (a traced-table store or a device access) at guest
     * {@code pc}; at the {@value #ADAPT_AFTER}th its unit is dropped, to be retranslated with
     * a callout there.
     */
    private void adapt(TranslationUnit u, int pc, CalloutKind kind) {
        if (adaptive.containsKey(pc) || faultsAt.merge(pc, 1, Integer::sum) < ADAPT_AFTER) return;
        faultsAt.remove(pc);
        adaptive.put(pc, kind);
        tc.invalidate(u);
        adaptations++;
    }

    @Override void account(ExitReason reason, int pc, String detail) {
        if (inCallout == null) {
            vm.exit(reason, pc, detail);
            return;
        }
        CalloutKind k = CalloutKind.of(reason);
        callouts[(k == null ? inCallout : k).ordinal()]++;
    }

    @Override long callouts() {
        long n = 0;
        for (long c : callouts) n += c;
        return n;
    }

    /** Translation, the callouts; less the instructions spent counting (priced with the VM's instructions, they are not a VMM's). */
    @Override long vmmCycles(CostModel c) {
        long cycles = translator.instructions() * c.translate() - counting * c.instruction();
        for (CalloutKind k : CalloutKind.ALL)
            cycles += callouts[k.ordinal()] * (k.does != null ? c.callout(k.does) : c.callout() + c.tcLookup());
        return cycles;
    }

    // ---------------------------------------------------------------- code the guest writes

    @Override boolean writeProtected(int gpn) { return super.writeProtected(gpn) || tc.hasCode(gpn); }

    /**
     * A store into a page of translated code. When it changes translated instructions, the
     * page's translations go and the page is writable again; a store beside them (data
     * that shares the page, such as a firmware's stack) leaves them be. Either way the
     * store (an sc.w or an AMO too) is emulated: the code about to run may be the code it
     * changes, and an instruction run again would find the page translated, and read-only,
     * once more. An instruction the VMM cannot emulate runs again on the page made writable.
     */
    @Override boolean protectedWrite(int gpn, long gpa, int epc, int tinst) {
        if (!tc.hasCode(gpn)) return false;
        Opcode op = tinst == 0 ? null : Decoder.opcode(tinst);
        Kind.Category c = op == null ? null : op.kind.category();
        boolean emulated = c == Kind.Category.STORE || c == Kind.Category.AMO && op != Opcode.LR_W;
        codeWrite(gpn, gpa, emulated ? (c == Kind.Category.STORE ? op.kind.width() : 4) : 4096);
        int pa = hostAddress(gpn, gpa);
        if (c == Kind.Category.STORE) {
            hv.engine().writePhysical(pa, op.kind.width(), hart.x[Format.rs2(tinst)]);
            hart.pc = epc + 4;
        } else if (emulated) {
            int src = hart.x[Format.rs2(tinst)], rd = Format.rd(tinst), result;
            if (op == Opcode.SC_W) {
                boolean ok = hart.reserved && hart.reservation == pa;
                if (ok) hv.engine().writePhysical(pa, 4, src);
                result = ok ? 0 : 1;
            } else {
                result = hv.engine().readPhysical(pa, 4);
                hv.engine().writePhysical(pa, 4, vmsh.cpu.Alu.amo(op, result, src));
            }
            hart.reserved = false;
            if (rd != 0) hart.x[rd] = result;
            hart.pc = epc + 4;
        }
        account(ExitReason.CODE_WRITE, epc, vm.watched() ? String.format("store into a page of translated code at gpa 0x%08x", gpa) : null);
        return true;
    }

    /** A write of {@code length} bytes at {@code gpa} on code page {@code gpn}: what it changes of translated code goes. */
    private void codeWrite(int gpn, long gpa, int length) {
        codeWrites++;
        int offset = length >= 4096 ? 0 : (int) (gpa & 0xfff);
        if (!tc.translatesBytes(gpn, offset, Math.min(length, 4096 - offset))) return;
        invalidations += tc.invalidatePage(gpn);
        shadows.dropMappingsOf(gpn);
    }

    /** The host-physical address of guest-physical {@code gpa} (in page {@code gpn}), the page made present and private. */
    private int hostAddress(int gpn, long gpa) {
        return (int) (pmap.host().frames().physicalAddress(pmap.touch(gpn, true)) + (gpa & 0xfff));
    }

    @Override void guestWritten(long gpa, int length) {
        for (long p = gpa & ~0xfffL; p < gpa + length; p += 0x1000)
            if (guest.contains(p, 1) && tc.hasCode(guest.gpn(p))) invalidations += tc.invalidatePage(guest.gpn(p));
    }

    // ---------------------------------------------------------------- interrupts

    /**
     * A virtual interrupt is delivered where the guest's registers are its own: the hart
     * single-steps to the next such point of translated code first.
     */
    @Override void beforeRun() {
        settle();
        fetchFaults = 0;
        boolean translated = kernelMode() && tc.holds(hart.pc);
        int at = hart.pc;
        if (translated) hart.pc = guestPc(at);
        boolean search = searching() != null && !searchReady;
        if ((marksStale || search) && (!translated || clean(at))) {   // the guest's registers are its own: translate again with the marks
            marksStale = false;
            searchReady |= search;
            tc.flush();
            translated = false;
        }
        int pc = hart.pc;
        super.beforeRun();
        if (translated && hart.pc == pc) hart.pc = at;
        else resume();
        if (fetchFaults > 0) vm.vcpu().hideOverhead(-fetchFaults);
        baseHere();
    }

    /** The vCPU's count is exact: counting in translated code goes on from it. */
    private void baseHere() {
        if (kernelMode() && tc.holds(hart.pc)) setCountBase(vm.vcpu().instructions(), hart.pc);
    }

    /**
     * On the hart: single-steps to the next point of translated code where the guest's
     * registers are its own. It never passes a stop asked for at a guest instruction (a
     * replica's epoch ends exactly there): a run is never longer in host instructions than
     * the guest instructions to the stop, and every guest instruction begun takes one, so
     * the instruction this completes is at most the one the stop is after.
     */
    @Override void settle() {
        if (!kernelMode() || !tc.holds(hart.pc) || clean(hart.pc)) return;
        baseHere();
        ran();
    }

    /** Off the hart: the vCPU is in translated code where some of the guest's registers are in the VMM's spill slots. */
    @Override boolean unsettled() {
        int pc = vm.vcpu().pc;
        return kernelMode() && tc.holds(pc) && !clean(pc);
    }

    private boolean clean(int tcPc) {
        TranslationUnit u = tc.unitAt(tcPc);
        return u == null || u.clean(tcPc);
    }

    /**
     * The guest kernel's view gets the translator's window as soon as it is used, as
     * VMware's VMM was in every address space (later code pages come on their first fetch).
     */
    @Override void switchShadow() {
        super.switchShadow();
        if (kernelMode()) mapWindow(currentShadow());
        long hole = Satp.root(v.csr.satp) + 1023 * 4;
        if (Satp.sv32(v.csr.satp) && guest.contains(hole, 4) && (guest.loadWord(hole) & PTE_V) != 0)
            vm.fault(String.format("the guest kernel maps the top 4 MiB (satp 0x%08x), which bt keeps for its translation cache", v.csr.satp));
    }

    /** Maps the translator's window into shadow {@code c}, once. */
    private void mapWindow(ShadowPaging.Context c) {
        if (windowed.add(c.id))
            for (int[] p : tc.windowPages()) shadows.mapHidden(c, p[0], p[1], p[2] == 1 ? PTE_R | PTE_W : PTE_X);
    }

    @Override void release() {
        super.release();
        tc.release();
    }

    // ---------------------------------------------------------------- looking inside

    /** The translator's counters (see {@link TranslatorStats}). */
    TranslatorStats translatorStats() {
        Map<String, Long> byKind = new LinkedHashMap<>();
        for (CalloutKind k : CalloutKind.ALL) byKind.put(k.label(), callouts[k.ordinal()]);
        return new TranslatorStats(tc.units(), translator.units(), translator.instructions(), tc.bytes(),
                dispatchHits, dispatchMisses, chains, byKind, invalidations, codeWrites, adaptations, adaptive.size(),
                tc.flushes());
    }

    /**
     * The virtual CSRs, then the translation cache (units, chains, callouts), the translator,
     * the callouts' counts, the faulting and adaptive sites, where the window is mapped, the
     * counters.
     */
    @Override void saveOwn(vmsh.state.StateOut out) {
        super.saveOwn(out);
        tc.save(out);
        translator.save(out);
        out.putLongs(callouts);
        saveSites(out);
        out.putInts(windowed.stream().mapToInt(Integer::intValue).sorted().toArray());
        out.putLongs(counters());
    }

    @Override void restoreOwn(vmsh.state.StateIn in) {
        searchReady = false;
        super.restoreOwn(in);
        tc.restore(in);
        translator.restore(in);
        in.getLongs(callouts);
        restoreSites(in);
        windowed.clear();
        for (int c : in.getInts()) windowed.add(c);
        long[] c = new long[6];
        in.getLongs(c);
        setCounters(c);
    }

    /** The dispatcher's and the cache's counters, in the order a snapshot holds them. */
    private long[] counters() { return new long[] {dispatchHits, dispatchMisses, chains, invalidations, codeWrites, adaptations}; }

    private void setCounters(long[] c) {
        dispatchHits = c[0]; dispatchMisses = c[1]; chains = c[2]; invalidations = c[3]; codeWrites = c[4]; adaptations = c[5];
    }

    /** The faulting and adaptive sites, the callout being served, the instructions spent counting, the marks honoured. */
    private void saveSites(vmsh.state.StateOut out) {
        java.util.TreeMap<Integer, Integer> faults = new java.util.TreeMap<>(faultsAt);
        out.putInts(faults.keySet().stream().mapToInt(Integer::intValue).toArray());
        out.putInts(faults.values().stream().mapToInt(Integer::intValue).toArray());
        java.util.TreeMap<Integer, CalloutKind> adapted = new java.util.TreeMap<>(adaptive);
        out.putInts(adapted.keySet().stream().mapToInt(Integer::intValue).toArray());
        out.putInts(adapted.values().stream().mapToInt(CalloutKind::ordinal).toArray());
        out.putInt(inCallout == null ? -1 : inCallout.ordinal());
        out.putLong(counting);
        out.putLongs(marks.ranges()).putBoolean(marks.memory()).putBoolean(marksStale);
    }

    private void restoreSites(vmsh.state.StateIn in) {
        int[] sites = in.getInts(), counts = in.getInts(), adaptedSites = in.getInts(), kinds = in.getInts();
        if (sites == null || counts == null || sites.length != counts.length || adaptedSites == null || kinds == null
                || adaptedSites.length != kinds.length)
            throw new vmsh.state.StateException("state section 'binary translation': bad sites");
        faultsAt.clear();
        for (int i = 0; i < sites.length; i++) faultsAt.put(sites[i], counts[i]);
        adaptive.clear();
        for (int i = 0; i < kinds.length; i++) adaptive.put(adaptedSites[i], kind(kinds[i]));
        int k = in.getInt();
        inCallout = k < 0 ? null : kind(k);
        counting = in.getLong();
        long[] ranges = in.getLongsAny();
        if (ranges == null || ranges.length % 2 != 0) throw new vmsh.state.StateException("state section 'binary translation': bad marks");
        boolean memory = in.getBoolean();
        marks = ranges.length == 0 && !memory ? MarkSet.NONE : new MarkSet(ranges, memory);
        marksStale = in.getBoolean();
    }

    private static CalloutKind kind(int ordinal) {
        if (ordinal < 0 || ordinal >= CalloutKind.ALL.length) throw new vmsh.state.StateException("state section 'binary translation': callout kind " + ordinal);
        return CalloutKind.ALL[ordinal];
    }

    /**
     * A clone takes a copy of the source's translation cache (in frames of its own) and goes
     * on at the same cache address, with the virtual hart and a shadow of its own: it
     * translates, and takes its interrupts, as the source does. A VM migrating from another
     * host takes the cache with its counters ({@link #migrate}).
     */
    @Override void adopt(Virtualization from) {
        BinaryTranslation source = (BinaryTranslation) from;
        if (source.hv != hv) {
            migrate(source);
            return;
        }
        super.adopt(from);
        vmsh.state.StateOut out = new vmsh.state.StateOut();
        source.saveTranslation(out);
        restoreTranslation(new vmsh.state.StateIn(out.toBytes()));
        counting = 0;   // a clone's counters start at zero
        if (kernelMode()) mapWindow(currentShadow());
    }

    /**
     * Live migration ({@link Vm#takeOver}): the translation cache moves with the vCPU (code,
     * lookup table, spill slots, units and chains, into this host's frames), with the
     * translator's and callouts' counts and the faulting and adaptive sites, so the vCPU goes
     * on wherever it stood in translated code and executes exactly what it would have on
     * the source. The shadows are this host's, filled again on faults.
     */
    private void migrate(BinaryTranslation source) {
        super.adopt(source);
        tc.copyFrom(source.tc);
        vmsh.state.StateOut out = new vmsh.state.StateOut();
        source.translator.save(out);
        source.saveSites(out);
        vmsh.state.StateIn in = new vmsh.state.StateIn(out.toBytes());
        translator.restore(in);
        restoreSites(in);
        System.arraycopy(source.callouts, 0, callouts, 0, callouts.length);
        setCounters(source.counters());
        if (kernelMode()) mapWindow(currentShadow());
    }

    /** The shadows stay: they map the translation cache's window too. */
    @Override void idled() { }

    @Override void forgetTables() {
        super.forgetTables();
        tc.flush();
        windowed.clear();
    }

    /*
     * A VM's own snapshot carries the translation cache (its code pages' words, units,
     * chains, callouts) and the translator's adaptive state, and the vCPU stays at its cache
     * address: where a virtual interrupt is delivered depends on where units end and which
     * exits are chained, so a restored VM translating afresh would take its interrupts
     * elsewhere. The cache names no host frame; it is loaded into frames of the new VM.
     */

    @Override int savedPc(int pc) { return pc; }

    /** The callouts by kind, the dispatcher's and the cache's counters. */
    @Override void saveCounters(vmsh.state.StateOut out) { out.putLongs(callouts).putLongs(counters()); }

    @Override void restoreCounters(vmsh.state.StateIn in) {
        in.getLongs(callouts);
        long[] c = new long[6];
        in.getLongs(c);
        setCounters(c);
    }

    @Override void saveGuest(vmsh.state.StateOut out) {
        super.saveGuest(out);
        saveTranslation(out);
    }

    @Override void restoreGuest(vmsh.state.StateIn in) {
        super.restoreGuest(in);
        restoreTranslation(in);
    }

    /**
     * The shadows as the guest sees them, then the VMM's own entries in them (the window's
     * pages, those mapped on a fault since too) with their host TLB entries, and which
     * shadows had the whole window: the translated code runs on with the same refills.
     */
    @Override void saveWarm(vmsh.state.StateOut out, java.util.function.IntUnaryOperator pageOf) {
        java.util.List<ShadowPaging.Context> order = shadows.saveWarm(out);
        java.util.List<Integer> mapped = new java.util.ArrayList<>();
        for (int i = 0; i < order.size(); i++) if (windowed.contains(order.get(i).id)) mapped.add(i);
        out.putInts(mapped.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override void restoreWarm(vmsh.state.StateIn in) {
        java.util.List<ShadowPaging.Context> order = restoreShadows(in);
        windowed.clear();
        for (int i : in.getInts()) if (i >= 0 && i < order.size()) windowed.add(order.get(i).id);
    }

    @Override int ownFrame(int va) { return TranslationCache.inWindow(va) ? tc.frameAt(va) : -1; }

    /** The translation cache apart from this host's frames, the translator, the faulting and adaptive sites. */
    private void saveTranslation(vmsh.state.StateOut out) {
        tc.saveApart(out);
        translator.save(out);
        saveSites(out);
    }

    private void restoreTranslation(vmsh.state.StateIn in) {
        tc.restoreApart(in);
        translator.restore(in);
        restoreSites(in);
    }
}

