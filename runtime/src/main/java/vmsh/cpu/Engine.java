package vmsh.cpu;

import java.util.Set;
import java.util.TreeSet;
import vmsh.mem.Bus;
import vmsh.mem.Ram;

/**
 * The execution engine: an interpreter over decoded pages. Instructions are decoded once
 * into a {@link DecodedPage} per physical RAM frame; the hot loop indexes the current
 * page's slots while the pc stays on it and switches over the dense {@link Op} numbers.
 *
 * <p>Self-modifying code: a frame with decoded code loses its fast store path, so every
 * store into it resets the slots it hits (and fence.i drops every decoded page).
 *
 * <p>{@link #execute} runs one chunk and returns early after a trap, a system
 * instruction, a breakpoint or a device's halt; the machine's run loop calls it again.
 * The hot loop stays small (HotSpot does not compile methods over 8000 bytecodes):
 * atomics, system instructions and every slow memory path live in helper methods.
 */
public final class Engine {
    /** Access kinds for {@link #translate}. */
    static final int FETCH = 0, LOAD = 1, STORE = 2;

    private final Hart hart;
    private final Clock clock;
    private final Bus bus;
    private final Ram ram;
    private final int ramBase;
    private final int ramFrames;
    private final int[][] frames;
    /** The frames stores may write directly: allocated, no decoded code, not watched. */
    private final int[][] storeFrames;
    private final DecodedPage[] pages;

    private final Set<Integer> breakpoints = new TreeSet<>();
    private boolean skipBreakpoint;
    private int skipBreakpointAt;

    private boolean haltRequested;
    private boolean atBreakpoint;
    private String fault;

    public Engine(Hart hart, Clock clock, Bus bus) {
        this.hart = hart;
        this.clock = clock;
        this.bus = bus;
        this.ram = bus.ram();
        this.ramBase = ram.base();
        this.ramFrames = ram.frameSlots();
        this.frames = ram.frames();
        this.storeFrames = new int[ramFrames][];
        this.pages = new DecodedPage[ramFrames];
    }

    // ---------------------------------------------------------------- run state

    /** A device asks the run to end after the current instruction (finisher, tohost). */
    public void requestHalt() { haltRequested = true; }

    public boolean haltRequested() { return haltRequested; }

    public void clearHalt() { haltRequested = false; }

    /** The last {@link #execute} stopped before an instruction at a breakpoint. */
    public boolean atBreakpoint() { return atBreakpoint; }

    /** Why the hart cannot go on (a trap handler that cannot be fetched), or null. */
    public String fault() { return fault; }

    public void clearFault() { fault = null; }

    public void addBreakpoint(int pc) { if (breakpoints.add(pc)) flushDecoded(); }

    public void removeBreakpoint(int pc) { if (breakpoints.remove(pc)) flushDecoded(); }

    public Set<Integer> breakpoints() { return Set.copyOf(breakpoints); }

    public boolean isBreakpoint(int pc) { return breakpoints.contains(pc); }

    /** Executes the instruction at the pc even if it is a breakpoint (gdb's continue). */
    public int executeIgnoringBreakpoint() {
        int pc = hart.pc;
        skipBreakpoint = true;
        skipBreakpointAt = pc;
        invalidateCode(pc);
        try {
            return execute(1);
        } finally {
            skipBreakpoint = false;
            invalidateCode(pc);
        }
    }

    // ---------------------------------------------------------------- the interpreter

    /**
     * Runs at most {@code limit} instructions and returns how many it executed (an
     * instruction that traps counts). Takes a pending interrupt first.
     */
    public int execute(int limit) {
        atBreakpoint = false;
        final Hart h = hart;
        final int[] x = h.x;
        int pc = h.pc;
        int irq = h.pendingInterrupt();
        if (irq >= 0) {
            clock.chargeInterrupt();
            h.pc = checkHandler(h.takeInterrupt(irq, pc), Cause.INTERRUPT | irq, 0, pc);
            return 0;
        }
        int n = 0;
        int base = pc & ~0xfff;
        int j = (pc & 0xfff) >>> 1;
        boolean fetching = false;
        try {
            pages:
            for (;;) {
                base = pc & ~0xfff;
                j = (pc & 0xfff) >>> 1;
                fetching = true;
                final int[] s = page(pc);
                fetching = false;
                for (;;) {
                    if (n == limit) {
                        h.pc = base + (j << 1);
                        clock.commit(n);
                        return n;
                    }
                    final int w = s[j];
                    n++;
                    int t;   // a taken jump's target, as a slot index relative to base
                    switch (w & 0xff) {
                        case Op.LUI -> { x[w >>> 8 & 0xff] = s[j + 1]; j += 2; continue; }
                        case Op.AUIPC -> { x[w >>> 8 & 0xff] = base + (j << 1) + s[j + 1]; j += 2; continue; }
                        case Op.JAL -> {
                            x[w >>> 8 & 0xff] = base + (j << 1) + 4;
                            t = j + (s[j + 1] >> 1);
                        }
                        case Op.JALR -> {
                            int target = (x[w >>> 16 & 0xff] + s[j + 1]) & ~1;
                            if ((target & 2) != 0) throw new Trap(Cause.MISALIGNED_FETCH, target);
                            x[w >>> 8 & 0xff] = base + (j << 1) + 4;
                            t = (target - base) >> 1;
                        }
                        case Op.BEQ -> {
                            if (x[w >>> 16 & 0xff] != x[w >>> 24]) { j += 2; continue; }
                            t = j + (s[j + 1] >> 1);
                        }
                        case Op.BNE -> {
                            if (x[w >>> 16 & 0xff] == x[w >>> 24]) { j += 2; continue; }
                            t = j + (s[j + 1] >> 1);
                        }
                        case Op.BLT -> {
                            if (x[w >>> 16 & 0xff] >= x[w >>> 24]) { j += 2; continue; }
                            t = j + (s[j + 1] >> 1);
                        }
                        case Op.BGE -> {
                            if (x[w >>> 16 & 0xff] < x[w >>> 24]) { j += 2; continue; }
                            t = j + (s[j + 1] >> 1);
                        }
                        case Op.BLTU -> {
                            if ((x[w >>> 16 & 0xff] ^ Integer.MIN_VALUE) >= (x[w >>> 24] ^ Integer.MIN_VALUE)) { j += 2; continue; }
                            t = j + (s[j + 1] >> 1);
                        }
                        case Op.BGEU -> {
                            if ((x[w >>> 16 & 0xff] ^ Integer.MIN_VALUE) < (x[w >>> 24] ^ Integer.MIN_VALUE)) { j += 2; continue; }
                            t = j + (s[j + 1] >> 1);
                        }
                        case Op.LB -> { x[w >>> 8 & 0xff] = (byte) load8(x[w >>> 16 & 0xff] + s[j + 1], n); j += 2; continue; }
                        case Op.LBU -> { x[w >>> 8 & 0xff] = load8(x[w >>> 16 & 0xff] + s[j + 1], n); j += 2; continue; }
                        case Op.LH -> { x[w >>> 8 & 0xff] = (short) load16(x[w >>> 16 & 0xff] + s[j + 1], n); j += 2; continue; }
                        case Op.LHU -> { x[w >>> 8 & 0xff] = load16(x[w >>> 16 & 0xff] + s[j + 1], n); j += 2; continue; }
                        case Op.LW -> { x[w >>> 8 & 0xff] = load32(x[w >>> 16 & 0xff] + s[j + 1], n); j += 2; continue; }
                        case Op.SB -> { store8(x[w >>> 16 & 0xff] + s[j + 1], x[w >>> 24], n); j += 2; continue; }
                        case Op.SH -> { store16(x[w >>> 16 & 0xff] + s[j + 1], x[w >>> 24], n); j += 2; continue; }
                        case Op.SW -> { store32(x[w >>> 16 & 0xff] + s[j + 1], x[w >>> 24], n); j += 2; continue; }
                        case Op.ADDI -> { x[w >>> 8 & 0xff] = x[w >>> 16 & 0xff] + s[j + 1]; j += 2; continue; }
                        case Op.SLTI -> { x[w >>> 8 & 0xff] = x[w >>> 16 & 0xff] < s[j + 1] ? 1 : 0; j += 2; continue; }
                        case Op.SLTIU -> { x[w >>> 8 & 0xff] = (x[w >>> 16 & 0xff] ^ Integer.MIN_VALUE) < (s[j + 1] ^ Integer.MIN_VALUE) ? 1 : 0; j += 2; continue; }
                        case Op.XORI -> { x[w >>> 8 & 0xff] = x[w >>> 16 & 0xff] ^ s[j + 1]; j += 2; continue; }
                        case Op.ORI -> { x[w >>> 8 & 0xff] = x[w >>> 16 & 0xff] | s[j + 1]; j += 2; continue; }
                        case Op.ANDI -> { x[w >>> 8 & 0xff] = x[w >>> 16 & 0xff] & s[j + 1]; j += 2; continue; }
                        case Op.SLLI -> { x[w >>> 8 & 0xff] = x[w >>> 16 & 0xff] << s[j + 1]; j += 2; continue; }
                        case Op.SRLI -> { x[w >>> 8 & 0xff] = x[w >>> 16 & 0xff] >>> s[j + 1]; j += 2; continue; }
                        case Op.SRAI -> { x[w >>> 8 & 0xff] = x[w >>> 16 & 0xff] >> s[j + 1]; j += 2; continue; }
                        // Java masks int shift counts to 5 bits, as RV32 does
                        case Op.ADD -> { x[w >>> 8 & 0xff] = x[w >>> 16 & 0xff] + x[w >>> 24]; j += 2; continue; }
                        case Op.SUB -> { x[w >>> 8 & 0xff] = x[w >>> 16 & 0xff] - x[w >>> 24]; j += 2; continue; }
                        case Op.SLL -> { x[w >>> 8 & 0xff] = x[w >>> 16 & 0xff] << x[w >>> 24]; j += 2; continue; }
                        case Op.SLT -> { x[w >>> 8 & 0xff] = x[w >>> 16 & 0xff] < x[w >>> 24] ? 1 : 0; j += 2; continue; }
                        case Op.SLTU -> { x[w >>> 8 & 0xff] = (x[w >>> 16 & 0xff] ^ Integer.MIN_VALUE) < (x[w >>> 24] ^ Integer.MIN_VALUE) ? 1 : 0; j += 2; continue; }
                        case Op.XOR -> { x[w >>> 8 & 0xff] = x[w >>> 16 & 0xff] ^ x[w >>> 24]; j += 2; continue; }
                        case Op.SRL -> { x[w >>> 8 & 0xff] = x[w >>> 16 & 0xff] >>> x[w >>> 24]; j += 2; continue; }
                        case Op.SRA -> { x[w >>> 8 & 0xff] = x[w >>> 16 & 0xff] >> x[w >>> 24]; j += 2; continue; }
                        case Op.OR -> { x[w >>> 8 & 0xff] = x[w >>> 16 & 0xff] | x[w >>> 24]; j += 2; continue; }
                        case Op.AND -> { x[w >>> 8 & 0xff] = x[w >>> 16 & 0xff] & x[w >>> 24]; j += 2; continue; }
                        case Op.MUL -> { x[w >>> 8 & 0xff] = x[w >>> 16 & 0xff] * x[w >>> 24]; j += 2; continue; }
                        case Op.MULH, Op.MULHSU, Op.MULHU, Op.DIV, Op.DIVU, Op.REM, Op.REMU -> {
                            x[w >>> 8 & 0xff] = Alu.muldiv(w & 0xff, x[w >>> 16 & 0xff], x[w >>> 24]);
                            j += 2;
                            continue;
                        }
                        case Op.FENCE -> { j += 2; continue; }   // one hart, in order: nothing to wait for
                        case Op.DECODE -> {
                            n--;
                            DecodedPage.decode(s, j, fetchWord(base + (j << 1)));
                            markBreakpoint(s, j, base + (j << 1));
                            continue;
                        }
                        case Op.PAGE_END -> {
                            n--;
                            pc = base + 0x1000;
                            continue pages;
                        }
                        case Op.BREAKPOINT -> {
                            n--;
                            atBreakpoint = true;
                            h.pc = base + (j << 1);
                            clock.commit(n);
                            return n;
                        }
                        case Op.ILLEGAL -> throw Hart.illegal(s[j + 1]);
                        case Op.JAL_MISALIGNED -> throw new Trap(Cause.MISALIGNED_FETCH, base + (j << 1) + s[j + 1]);
                        case Op.BRANCH_MISALIGNED -> {
                            if (!Alu.branchTaken(w >>> 8 & 0xff, x[w >>> 16 & 0xff], x[w >>> 24])) { j += 2; continue; }
                            throw new Trap(Cause.MISALIGNED_FETCH, base + (j << 1) + s[j + 1]);
                        }
                        default -> {
                            if ((w & 0xff) < Op.FIRST_SYSTEM) { atomic(w, n); j += 2; continue; }
                            h.pc = system(w, s[j + 1], base + (j << 1), n);
                            clock.commit(n);
                            return n;
                        }
                    }
                    // a taken jump: stay on this page when the target is on it
                    if ((t & ~0x7ff) == 0) { j = t; continue; }
                    pc = base + (t << 1);
                    continue pages;
                }
            }
        } catch (Trap trap) {
            if (fetching) n++;
            int epc = base + (j << 1);
            clock.chargeTrap();
            h.pc = checkHandler(h.takeTrap(trap.cause, trap.tval, epc), trap.cause, trap.tval, epc);
            clock.commit(n);
            return n;
        } catch (HaltSignal halt) {
            h.pc = base + (j << 1) + 4;
            clock.commit(n);
            return n;
        }
    }

    /** Thrown after a device asked to halt; the instruction that caused it has completed. */
    private static final class HaltSignal extends RuntimeException {
        static final HaltSignal INSTANCE = new HaltSignal();

        private HaltSignal() { super(null, null, false, false); }
    }

    /** Records a fault when the trap handler at {@code handler} cannot be fetched. */
    private int checkHandler(int handler, int cause, int tval, int epc) {
        if (!fetchable(handler)) {
            String what = cause < 0 ? "interrupt " + (cause & ~Cause.INTERRUPT) : Cause.name(cause);
            fault = String.format("%s (tval 0x%08x) at pc 0x%08x: trap handler 0x%08x cannot be fetched",
                    what, tval, epc, handler);
        }
        return handler;
    }

    private boolean fetchable(int pc) {
        return (pc & 3) == 0 && ram.contains(translate(pc, FETCH));
    }

    // ---------------------------------------------------------------- decoded pages

    /** The decoded slots of the page holding {@code pc}; traps when it cannot be fetched. */
    private int[] page(int pc) {
        if ((pc & 3) != 0) throw new Trap(Cause.MISALIGNED_FETCH, pc);
        int frame = (translate(pc, FETCH) - ramBase) >>> Ram.FRAME_SHIFT;
        if (frame >= ramFrames) throw new Trap(Cause.FETCH_ACCESS, pc);
        DecodedPage p = pages[frame];
        if (p == null) {
            p = new DecodedPage();
            pages[frame] = p;
            storeFrames[frame] = null;
        }
        return p.slots;
    }

    private int fetchWord(int pc) {
        return ram.load(translate(pc, FETCH) - ramBase, 4);
    }

    private void markBreakpoint(int[] s, int j, int pc) {
        if (!breakpoints.isEmpty() && breakpoints.contains(pc) && !(skipBreakpoint && pc == skipBreakpointAt))
            s[j] = Op.BREAKPOINT;
    }

    /** Drops every decoded page (fence.i, breakpoint changes). */
    public void flushDecoded() {
        for (int f = 0; f < ramFrames; f++) {
            if (pages[f] == null) continue;
            pages[f] = null;
            if (!bus.watched(f)) storeFrames[f] = frames[f];
        }
    }

    /** Forgets the decoded instruction at physical address {@code pa}, if any. */
    private void invalidateCode(int pa) {
        if (!ram.contains(pa)) return;
        int off = pa - ramBase;
        DecodedPage p = pages[off >>> Ram.FRAME_SHIFT];
        if (p != null) p.invalidate(off & (Ram.FRAME_SIZE - 1));
    }

    /** Re-evaluates the fast store path of every frame (after watchers change). */
    public void refreshStorePaths() {
        for (int f = 0; f < ramFrames; f++)
            storeFrames[f] = pages[f] == null && !bus.watched(f) ? frames[f] : null;
    }

    // ---------------------------------------------------------------- memory

    /**
     * Virtual to physical. The one place address translation happens: paging (Sv32 and
     * its TLB) fills it in; until then the translation is bare and the identity.
     */
    int translate(int va, int access) {
        return va;
    }

    private int load32(int va, int n) {
        int off = translate(va, LOAD) - ramBase;
        int[] f;
        if (off >>> Ram.FRAME_SHIFT < ramFrames && (va & 3) == 0 && (f = frames[off >>> Ram.FRAME_SHIFT]) != null)
            return f[(off & 0xfff) >>> 2];
        return loadSlow(va, 4, n);
    }

    private int load16(int va, int n) {
        int off = translate(va, LOAD) - ramBase;
        int[] f;
        if (off >>> Ram.FRAME_SHIFT < ramFrames && (va & 1) == 0 && (f = frames[off >>> Ram.FRAME_SHIFT]) != null)
            return f[(off & 0xfff) >>> 2] >>> ((off & 2) << 3) & 0xffff;
        return loadSlow(va, 2, n);
    }

    private int load8(int va, int n) {
        int off = translate(va, LOAD) - ramBase;
        int[] f;
        if (off >>> Ram.FRAME_SHIFT < ramFrames && (f = frames[off >>> Ram.FRAME_SHIFT]) != null)
            return f[(off & 0xfff) >>> 2] >>> ((off & 3) << 3) & 0xff;
        return loadSlow(va, 1, n);
    }

    private void store32(int va, int value, int n) {
        int off = translate(va, STORE) - ramBase;
        int[] f;
        if (off >>> Ram.FRAME_SHIFT < ramFrames && (va & 3) == 0 && (f = storeFrames[off >>> Ram.FRAME_SHIFT]) != null)
            f[(off & 0xfff) >>> 2] = value;
        else
            storeSlow(va, 4, value, n);
    }

    private void store16(int va, int value, int n) {
        int off = translate(va, STORE) - ramBase;
        int[] f;
        if (off >>> Ram.FRAME_SHIFT < ramFrames && (va & 1) == 0 && (f = storeFrames[off >>> Ram.FRAME_SHIFT]) != null) {
            int i = (off & 0xfff) >>> 2, shift = (off & 2) << 3;
            f[i] = f[i] & ~(0xffff << shift) | (value & 0xffff) << shift;
        } else {
            storeSlow(va, 2, value, n);
        }
    }

    private void store8(int va, int value, int n) {
        int off = translate(va, STORE) - ramBase;
        int[] f;
        if (off >>> Ram.FRAME_SHIFT < ramFrames && (f = storeFrames[off >>> Ram.FRAME_SHIFT]) != null) {
            int i = (off & 0xfff) >>> 2, shift = (off & 3) << 3;
            f[i] = f[i] & ~(0xff << shift) | (value & 0xff) << shift;
        } else {
            storeSlow(va, 1, value, n);
        }
    }

    /**
     * Loads that missed the fast path: untouched RAM (zeros), devices, misaligned
     * accesses (which succeed, byte by byte) and unmapped addresses (load access fault).
     *
     * @param n the running chunk's instruction count, published so devices see the time
     */
    private int loadSlow(int va, int width, int n) {
        if ((va & (width - 1)) != 0) {
            requireMapped(va, width, Cause.LOAD_ACCESS);
            int v = 0;
            for (int i = 0; i < width; i++) v |= loadSlow(va + i, 1, n) << (8 * i);
            return v;
        }
        int pa = translate(va, LOAD);
        if (ram.contains(pa)) return ram.load(pa - ramBase, width);
        Bus.Mapping m = bus.device(pa);
        if (m == null) throw new Trap(Cause.LOAD_ACCESS, va);
        clock.inFlight(n - 1);
        return m.device().load(pa - m.base(), width);
    }

    /** Stores that missed the fast path; see {@link #loadSlow}. Resets decoded code they hit. */
    private void storeSlow(int va, int width, int value, int n) {
        if ((va & (width - 1)) != 0) {
            requireMapped(va, width, Cause.STORE_ACCESS);
            for (int i = 0; i < width; i++) storeSlow(va + i, 1, value >>> (8 * i), n);
            return;
        }
        int pa = translate(va, STORE);
        if (ram.contains(pa)) {
            storeRam(pa, width, value, n);
            return;
        }
        Bus.Mapping m = bus.device(pa);
        if (m == null) throw new Trap(Cause.STORE_ACCESS, va);
        clock.inFlight(n - 1);
        m.device().store(pa - m.base(), width, value);
        if (haltRequested) throw HaltSignal.INSTANCE;
    }

    private void storeRam(int pa, int width, int value, int n) {
        int off = pa - ramBase;
        int frame = off >>> Ram.FRAME_SHIFT;
        ram.store(off, width, value);
        DecodedPage p = pages[frame];
        if (p != null) p.invalidate(off & (Ram.FRAME_SIZE - 1));
        Bus.Mapping w = bus.watcher(pa);
        if (p == null && w == null && !bus.watched(frame)) storeFrames[frame] = frames[frame];
        if (w != null) {
            clock.inFlight(n - 1);
            w.device().store(pa - w.base(), width, value);
            if (haltRequested) throw HaltSignal.INSTANCE;
        }
    }

    /** A misaligned access must reach mapped memory at both ends, or it faults whole. */
    private void requireMapped(int va, int width, int cause) {
        if (!bus.mapped(translate(va, cause == Cause.LOAD_ACCESS ? LOAD : STORE))
                || !bus.mapped(translate(va + width - 1, cause == Cause.LOAD_ACCESS ? LOAD : STORE)))
            throw new Trap(cause, va);
    }

    // ---------------------------------------------------------------- out-of-line instructions

    /**
     * LR/SC and the AMOs: naturally aligned words in RAM only. A misaligned address raises
     * address-misaligned (load for lr.w, store/AMO otherwise), a non-RAM one an access fault.
     */
    private void atomic(int w, int n) {
        int op = w & 0xff, rd = w >>> 8 & 0xff;
        int[] x = hart.x;
        int va = x[w >>> 16 & 0xff];
        int src = x[w >>> 24];
        boolean lr = op == Op.LR_W;
        if ((va & 3) != 0) throw new Trap(lr ? Cause.MISALIGNED_LOAD : Cause.MISALIGNED_STORE, va);
        int pa = translate(va, lr ? LOAD : STORE);
        if (!ram.contains(pa)) throw new Trap(lr ? Cause.LOAD_ACCESS : Cause.STORE_ACCESS, va);
        if (lr) {
            x[rd] = ram.load(pa - ramBase, 4);
            hart.reservation = pa;
            hart.reserved = true;
            return;
        }
        if (op == Op.SC_W) {
            boolean ok = hart.reserved && hart.reservation == pa;
            hart.reserved = false;
            if (ok) storeRam(pa, 4, src, n);
            x[rd] = ok ? 0 : 1;
            return;
        }
        int old = ram.load(pa - ramBase, 4);
        storeRam(pa, 4, Alu.amo(op, old, src), n);
        x[rd] = old;
    }

    /** The system instructions; each ends the chunk. Returns the next pc. */
    private int system(int w, int word, int pc, int n) {
        Hart h = hart;
        int op = w & 0xff, rd = w >>> 8 & 0xff, rs1 = w >>> 16 & 0xff;
        clock.inFlight(n - 1);
        switch (op) {
            case Op.CSRRW, Op.CSRRS, Op.CSRRC -> h.csrInstruction(op, word >>> 20, rd, h.x[rs1], rs1 == 0, word);
            case Op.CSRRWI, Op.CSRRSI, Op.CSRRCI -> h.csrInstruction(op, word >>> 20, rd, rs1, rs1 == 0, word);
            case Op.ECALL -> throw h.ecall();
            case Op.EBREAK -> throw new Trap(Cause.BREAKPOINT, pc);
            case Op.MRET -> { return h.mret(word); }
            case Op.SRET -> { return h.sret(word); }
            case Op.WFI -> h.wfi(word);   // no interrupt source can wake it early yet: a nop
            case Op.SFENCE_VMA -> h.sfenceVma(word);
            case Op.FENCE_I -> flushDecoded();
            default -> throw new IllegalStateException("not a system op: " + op);
        }
        return pc + 4;
    }

    // ---------------------------------------------------------------- debugger access

    /** Reads physical memory like a load (devices included); throws naming the address when unmapped. */
    public int readPhysical(int pa, int width) {
        checkWidth(width);
        try {
            return loadSlow(pa, width, 1);
        } catch (Trap t) {
            throw new IllegalArgumentException(String.format("address 0x%08x is not mapped", pa));
        }
    }

    /** Writes physical memory like a store (decoded code it hits is reset). */
    public void writePhysical(int pa, int width, int value) {
        checkWidth(width);
        try {
            storeSlow(pa, width, value, 1);
        } catch (Trap t) {
            throw new IllegalArgumentException(String.format("address 0x%08x is not mapped", pa));
        } catch (HaltSignal h) {
            // the write reached a device that halts the machine; the next run reports it
        }
    }

    private static void checkWidth(int width) {
        if (width != 1 && width != 2 && width != 4)
            throw new IllegalArgumentException("access width " + width + " must be 1, 2 or 4");
    }

    /** The instruction word at virtual {@code pc}, or null when it cannot be fetched. */
    public Integer peekInstruction(int pc) {
        return fetchable(pc) ? fetchWord(pc) : null;
    }
}
