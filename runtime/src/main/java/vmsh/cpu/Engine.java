package vmsh.cpu;

import java.util.Set;
import java.util.TreeSet;
import vmsh.mem.Bus;
import vmsh.mem.Ram;

/**
 * The execution engine: an interpreter over decoded pages. Instructions are decoded once
 * into a {@link DecodedPage} per physical RAM frame (lazily, slot by slot); the fast loop
 * indexes the current page's slots while the pc stays on it, switches over the dense
 * {@link Op} numbers, and follows branches and jumps on the same page without a lookup.
 *
 * <p>The fast loop ({@link #run}) calls no method and throws nothing: anything that needs
 * more than its fast path (an undecoded slot, a page not yet prepared, device, misaligned
 * or faulting accesses, atomics, system instructions, traps) makes it return, and
 * {@link #execute} does the slow part ({@link #slowStep}) and goes back in. That keeps
 * the loop small (HotSpot does not compile methods over 8000 bytecodes) and lets HotSpot
 * keep its state in registers.
 *
 * <p>Self-modifying code: a store into a frame that holds decoded code resets the slot
 * it hits, so the next execution decodes the new word; fence.i drops every decoded page.
 */
public final class Engine {
    /** Access kinds for {@link #translate}. */
    static final int FETCH = 0, LOAD = 1, STORE = 2;

    private final Hart hart;
    private final Clock clock;
    private final Bus bus;
    private final Ram ram;
    private final int ramBase;
    /** RAM starts at the same place on every machine; a constant keeps a register free in the loop. */
    private static final int RAM_BASE = vmsh.mem.MemoryMap.RAM;
    private final int ramFrames;
    private final int[][] frames;
    /** The frames stores may write directly: allocated, no decoded code, not watched. */
    private final int[][] storeFrames;
    /** The decoded slots of allocated, unwatched frames with code: stores there reset slots inline. */
    private final int[][] codeSlots;
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
        if (ramBase != RAM_BASE) throw new IllegalArgumentException("RAM must start at " + RAM_BASE);
        this.ramFrames = ram.frameSlots();
        this.frames = ram.frames();
        this.storeFrames = new int[ramFrames][];
        this.codeSlots = new int[ramFrames][];
        this.pages = new DecodedPage[ramFrames];
    }

    // ---------------------------------------------------------------- run state

    /** A device asks the run to end after the current instruction (finisher, tohost). */
    public void requestHalt() { haltRequested = true; }

    public boolean haltRequested() { return haltRequested; }

    public void clearHalt() { haltRequested = false; }

    /** The last {@link #execute} stopped before an instruction at a breakpoint. */
    public boolean atBreakpoint() { return atBreakpoint; }

    public void clearBreakpointStop() { atBreakpoint = false; }

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

    /** Why {@link #run} returned. */
    private static final int EXIT_BUDGET = 0, EXIT_PAGE = 1, EXIT_DECODE = 2, EXIT_SLOW = 3, EXIT_BREAK = 4;
    private int exitKind, exitPc;

    /**
     * Runs at most {@code limit} instructions and returns how many it executed (an
     * instruction that traps counts). Takes a pending interrupt first.
     *
     * <p>The fast loop ({@link #run}) calls nothing: whatever needs more than the fast
     * path (a page not yet decoded, a slot to decode, a device or misaligned access, a
     * store into code, atomics, system instructions, traps) makes it return, and this
     * method does the slow part and goes back in. Without calls in the loop HotSpot keeps
     * the interpreter's state in registers.
     */
    public int execute(int limit) {
        atBreakpoint = false;
        final Hart h = hart;
        int pc = h.pc;
        int irq = h.pendingInterrupt();
        if (irq >= 0) {
            clock.chargeInterrupt();
            h.pc = checkHandler(h.takeInterrupt(irq, pc), Cause.INTERRUPT | irq, 0, pc);
            return 0;
        }
        int left = limit;
        try {
            for (;;) {
                left = run(pc, left);
                pc = exitPc;
                switch (exitKind) {
                    case EXIT_BUDGET -> {
                        h.pc = pc;
                        clock.commit(limit - left);
                        return limit - left;
                    }
                    case EXIT_PAGE -> {
                        if (left == 0) continue;          // the budget ends before this fetch
                        if (!preparePage(pc)) {
                            left--;                       // the failed fetch counts as executed
                            throw new Trap((pc & 3) != 0 ? Cause.MISALIGNED_FETCH : Cause.FETCH_ACCESS, pc);
                        }
                    }
                    case EXIT_DECODE -> decodeAt(pc);
                    case EXIT_BREAK -> {
                        atBreakpoint = true;
                        h.pc = pc;
                        clock.commit(limit - left);
                        return limit - left;
                    }
                    default -> {                          // EXIT_SLOW
                        left--;
                        int next = slowStep(pc, limit - left);
                        if (next == CHUNK_END) {
                            clock.commit(limit - left);
                            return limit - left;
                        }
                        pc = next;
                    }
                }
            }
        } catch (Trap trap) {
            clock.chargeTrap();
            h.pc = checkHandler(h.takeTrap(trap.cause, trap.tval, pc), trap.cause, trap.tval, pc);
            clock.commit(limit - left);
            return limit - left;
        } catch (HaltSignal halt) {
            h.pc = pc + 4;
            clock.commit(limit - left);
            return limit - left;
        }
    }

    /**
     * The fast interpreter: runs from {@code pc} while instructions stay on their fast
     * paths and {@code left} lasts; returns the instructions left, with {@link #exitKind}
     * and {@link #exitPc} saying why and where it stopped. The instruction it exits at
     * (a slow one, a slot to decode, a breakpoint) is not counted.
     */
    private int run(int pc, int left) {
        final int[] x = hart.x;
        final int[][] frames = this.frames, storeFrames = this.storeFrames, codeSlots = this.codeSlots;
        final DecodedPage[] pages = this.pages;
        final int ramFrames = this.ramFrames;
        int exit;
        pages:
        for (;;) {
            DecodedPage page;
            int frame = (translate(pc, FETCH) - RAM_BASE) >>> Ram.FRAME_SHIFT;
            if ((pc & 3) != 0 || frame >= ramFrames || (page = pages[frame]) == null) {
                exit = EXIT_PAGE;
                break;
            }
            final int[] s = page.slots;
            final int base = pc & ~0xfff;
            int j = (pc & 0xfff) >>> 1;
            for (; left > 0; left--) {   // a counted loop: HotSpot drops most safepoint polls
                final int w = s[j];
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
                        if ((target & 2) != 0) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
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
                    // loads and stores: the fast path is an aligned access to an allocated RAM
                    // frame (a store into a frame with code also resets the slot it hits);
                    // anything else exits to slowStep
                    case Op.LB -> {
                        int off = translate(x[w >>> 16 & 0xff] + s[j + 1], LOAD) - RAM_BASE;
                        int[] f;
                        if (off >>> Ram.FRAME_SHIFT >= ramFrames || (f = frames[off >>> Ram.FRAME_SHIFT]) == null) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                        int v = f[(off & 0xfff) >>> 2] >>> ((off & 3) << 3);
                        x[w >>> 8 & 0xff] = (byte) v;
                        j += 2;
                        continue;
                    }
                    case Op.LBU -> {
                        int off = translate(x[w >>> 16 & 0xff] + s[j + 1], LOAD) - RAM_BASE;
                        int[] f;
                        if (off >>> Ram.FRAME_SHIFT >= ramFrames || (f = frames[off >>> Ram.FRAME_SHIFT]) == null) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                        int v = f[(off & 0xfff) >>> 2] >>> ((off & 3) << 3);
                        x[w >>> 8 & 0xff] = v & 0xff;
                        j += 2;
                        continue;
                    }
                    case Op.LH -> {
                        int off = translate(x[w >>> 16 & 0xff] + s[j + 1], LOAD) - RAM_BASE;
                        int[] f;
                        if ((off & 1) != 0 || off >>> Ram.FRAME_SHIFT >= ramFrames || (f = frames[off >>> Ram.FRAME_SHIFT]) == null) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                        int v = f[(off & 0xfff) >>> 2] >>> ((off & 2) << 3);
                        x[w >>> 8 & 0xff] = (short) v;
                        j += 2;
                        continue;
                    }
                    case Op.LHU -> {
                        int off = translate(x[w >>> 16 & 0xff] + s[j + 1], LOAD) - RAM_BASE;
                        int[] f;
                        if ((off & 1) != 0 || off >>> Ram.FRAME_SHIFT >= ramFrames || (f = frames[off >>> Ram.FRAME_SHIFT]) == null) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                        int v = f[(off & 0xfff) >>> 2] >>> ((off & 2) << 3);
                        x[w >>> 8 & 0xff] = v & 0xffff;
                        j += 2;
                        continue;
                    }
                    case Op.LW -> {
                        int off = translate(x[w >>> 16 & 0xff] + s[j + 1], LOAD) - RAM_BASE;
                        int[] f;
                        if ((off & 3) != 0 || off >>> Ram.FRAME_SHIFT >= ramFrames || (f = frames[off >>> Ram.FRAME_SHIFT]) == null) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                        x[w >>> 8 & 0xff] = f[(off & 0xfff) >>> 2];
                        j += 2;
                        continue;
                    }
                    case Op.SB -> {
                        int off = translate(x[w >>> 16 & 0xff] + s[j + 1], STORE) - RAM_BASE;
                        int[] f;
                        if (off >>> Ram.FRAME_SHIFT >= ramFrames) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                        if ((f = storeFrames[off >>> Ram.FRAME_SHIFT]) == null) {
                            int[] code = codeSlots[off >>> Ram.FRAME_SHIFT];
                            if (code == null) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                            code[(off & 0xffc) >>> 1] = Op.DECODE;
                            f = frames[off >>> Ram.FRAME_SHIFT];
                        }
                        int i = (off & 0xfff) >>> 2, shift = (off & 3) << 3;
                        f[i] = f[i] & ~(0xff << shift) | (x[w >>> 24] & 0xff) << shift;
                        j += 2;
                        continue;
                    }
                    case Op.SH -> {
                        int off = translate(x[w >>> 16 & 0xff] + s[j + 1], STORE) - RAM_BASE;
                        int[] f;
                        if ((off & 1) != 0 || off >>> Ram.FRAME_SHIFT >= ramFrames) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                        if ((f = storeFrames[off >>> Ram.FRAME_SHIFT]) == null) {
                            int[] code = codeSlots[off >>> Ram.FRAME_SHIFT];
                            if (code == null) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                            code[(off & 0xffc) >>> 1] = Op.DECODE;
                            f = frames[off >>> Ram.FRAME_SHIFT];
                        }
                        int i = (off & 0xfff) >>> 2, shift = (off & 2) << 3;
                        f[i] = f[i] & ~(0xffff << shift) | (x[w >>> 24] & 0xffff) << shift;
                        j += 2;
                        continue;
                    }
                    case Op.SW -> {
                        int off = translate(x[w >>> 16 & 0xff] + s[j + 1], STORE) - RAM_BASE;
                        int[] f;
                        if ((off & 3) != 0 || off >>> Ram.FRAME_SHIFT >= ramFrames) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                        if ((f = storeFrames[off >>> Ram.FRAME_SHIFT]) == null) {
                            int[] code = codeSlots[off >>> Ram.FRAME_SHIFT];
                            if (code == null) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                            code[(off & 0xffc) >>> 1] = Op.DECODE;   // self-modifying code: decode again
                            f = frames[off >>> Ram.FRAME_SHIFT];
                        }
                        f[(off & 0xfff) >>> 2] = x[w >>> 24];
                        j += 2;
                        continue;
                    }
                    case Op.ADDI -> { x[w >>> 8 & 0xff] = x[w >>> 16 & 0xff] + s[j + 1]; j += 2; continue; }
                    case Op.SLTI -> { x[w >>> 8 & 0xff] = x[w >>> 16 & 0xff] < s[j + 1] ? 1 : 0; j += 2; continue; }
                    case Op.SLTIU -> { x[w >>> 8 & 0xff] = (x[w >>> 16 & 0xff] ^ Integer.MIN_VALUE) < (s[j + 1] ^ Integer.MIN_VALUE) ? 1 : 0; j += 2; continue; }
                    case Op.XORI -> { x[w >>> 8 & 0xff] = x[w >>> 16 & 0xff] ^ s[j + 1]; j += 2; continue; }
                    case Op.ORI -> { x[w >>> 8 & 0xff] = x[w >>> 16 & 0xff] | s[j + 1]; j += 2; continue; }
                    case Op.ANDI -> { x[w >>> 8 & 0xff] = x[w >>> 16 & 0xff] & s[j + 1]; j += 2; continue; }
                    // Java masks int shift counts to 5 bits, as RV32 does
                    case Op.SLLI -> { x[w >>> 8 & 0xff] = x[w >>> 16 & 0xff] << s[j + 1]; j += 2; continue; }
                    case Op.SRLI -> { x[w >>> 8 & 0xff] = x[w >>> 16 & 0xff] >>> s[j + 1]; j += 2; continue; }
                    case Op.SRAI -> { x[w >>> 8 & 0xff] = x[w >>> 16 & 0xff] >> s[j + 1]; j += 2; continue; }
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
                    // M: the high products; x/0 = -1 (div, divu) or x (rem, remu); Java's int
                    // division already gives -2^31 / -1 = -2^31 and -2^31 % -1 = 0
                    case Op.MUL -> { x[w >>> 8 & 0xff] = x[w >>> 16 & 0xff] * x[w >>> 24]; j += 2; continue; }
                    case Op.MULH -> { x[w >>> 8 & 0xff] = (int) ((long) x[w >>> 16 & 0xff] * x[w >>> 24] >> 32); j += 2; continue; }
                    case Op.MULHSU -> { x[w >>> 8 & 0xff] = (int) ((long) x[w >>> 16 & 0xff] * (x[w >>> 24] & 0xffff_ffffL) >> 32); j += 2; continue; }
                    case Op.MULHU -> { x[w >>> 8 & 0xff] = (int) ((x[w >>> 16 & 0xff] & 0xffff_ffffL) * (x[w >>> 24] & 0xffff_ffffL) >>> 32); j += 2; continue; }
                    case Op.DIV -> { int b = x[w >>> 24]; x[w >>> 8 & 0xff] = b == 0 ? -1 : x[w >>> 16 & 0xff] / b; j += 2; continue; }
                    case Op.DIVU -> { int b = x[w >>> 24]; x[w >>> 8 & 0xff] = b == 0 ? -1 : Integer.divideUnsigned(x[w >>> 16 & 0xff], b); j += 2; continue; }
                    case Op.REM -> { int b = x[w >>> 24]; x[w >>> 8 & 0xff] = b == 0 ? x[w >>> 16 & 0xff] : x[w >>> 16 & 0xff] % b; j += 2; continue; }
                    case Op.REMU -> { int b = x[w >>> 24]; x[w >>> 8 & 0xff] = b == 0 ? x[w >>> 16 & 0xff] : Integer.remainderUnsigned(x[w >>> 16 & 0xff], b); j += 2; continue; }
                    case Op.FENCE -> { j += 2; continue; }   // one hart, in order: nothing to wait for
                    case Op.PAGE_END -> { pc = base + 0x1000; continue pages; }   // not an instruction
                    case Op.DECODE -> { exit = EXIT_DECODE; pc = base + (j << 1); break pages; }
                    case Op.BREAKPOINT -> { exit = EXIT_BREAK; pc = base + (j << 1); break pages; }
                    default -> { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                }
                // a taken jump: stay on this page when the target is on it
                if ((t & ~0x7ff) == 0) { j = t; continue; }
                pc = base + (t << 1);
                left--;
                continue pages;
            }
            exit = EXIT_BUDGET;
            pc = base + (j << 1);
            break;
        }
        exitKind = exit;
        exitPc = pc;
        return left;
    }

    /** Returned by {@link #slowStep} after an instruction that ends the chunk. */
    private static final int CHUNK_END = 1;   // never a valid pc: not 4-byte aligned

    /**
     * Executes the instruction at {@code pc} that left the fast path;
     * returns the next pc, or {@link #CHUNK_END} after a system instruction (hart.pc set).
     *
     * @param n instructions executed in this chunk so far, this one included
     */
    private int slowStep(int pc, int n) {
        int off = translate(pc, FETCH) - ramBase;
        int[] s = pages[off >>> Ram.FRAME_SHIFT].slots;
        int j = (off & 0xfff) >>> 1;
        int w = s[j], imm = s[j + 1];
        int[] x = hart.x;
        int rd = w >>> 8 & 0xff, a = x[w >>> 16 & 0xff], b = x[w >>> 24];
        switch (w & 0xff) {
            case Op.LB -> x[rd] = (byte) loadSlow(a + imm, 1, n);
            case Op.LBU -> x[rd] = loadSlow(a + imm, 1, n);
            case Op.LH -> x[rd] = (short) loadSlow(a + imm, 2, n);
            case Op.LHU -> x[rd] = loadSlow(a + imm, 2, n);
            case Op.LW -> x[rd] = loadSlow(a + imm, 4, n);
            case Op.SB -> storeSlow(a + imm, 1, b, n);
            case Op.SH -> storeSlow(a + imm, 2, b, n);
            case Op.SW -> storeSlow(a + imm, 4, b, n);
            case Op.JALR -> throw new Trap(Cause.MISALIGNED_FETCH, (a + imm) & ~1);
            case Op.ILLEGAL -> throw Hart.illegal(imm);
            case Op.JAL_MISALIGNED -> throw new Trap(Cause.MISALIGNED_FETCH, pc + imm);
            case Op.BRANCH_MISALIGNED -> {
                if (Alu.branchTaken(rd, a, b)) throw new Trap(Cause.MISALIGNED_FETCH, pc + imm);
            }
            default -> {
                if ((w & 0xff) < Op.FIRST_SYSTEM) {
                    atomic(w, n);
                } else {
                    hart.pc = system(w, imm, pc, n);
                    return CHUNK_END;
                }
            }
        }
        return pc + 4;
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

    /** Makes sure the page holding {@code pc} has decoded slots; false when it cannot be fetched. */
    private boolean preparePage(int pc) {
        if ((pc & 3) != 0) return false;
        int pa = translate(pc, FETCH);
        if (!ram.contains(pa)) return false;
        int frame = (pa - ramBase) >>> Ram.FRAME_SHIFT;
        if (pages[frame] == null) {
            DecodedPage page = new DecodedPage();
            pages[frame] = page;
            ram.frame(frame);
            storeFrames[frame] = null;   // stores into it now reset the slots they hit
            codeSlots[frame] = bus.watched(frame) ? null : page.slots;
        }
        return true;
    }

    /** Decodes the slot at {@code pc} (its page is prepared), marking breakpoints. */
    private void decodeAt(int pc) {
        int off = translate(pc, FETCH) - ramBase;
        int[] s = pages[off >>> Ram.FRAME_SHIFT].slots;
        int j = (off & 0xfff) >>> 1;
        DecodedPage.decode(s, j, fetchWord(pc));
        if (!breakpoints.isEmpty() && breakpoints.contains(pc) && !(skipBreakpoint && pc == skipBreakpointAt))
            s[j] = Op.BREAKPOINT;
    }

    private int fetchWord(int pc) {
        return ram.load(translate(pc, FETCH) - ramBase, 4);
    }

    /** Drops every decoded page (fence.i, breakpoint changes). */
    public void flushDecoded() {
        for (int f = 0; f < ramFrames; f++) {
            if (pages[f] == null) continue;
            pages[f] = null;
            codeSlots[f] = null;
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
        for (int f = 0; f < ramFrames; f++) {
            boolean watched = bus.watched(f);
            storeFrames[f] = pages[f] == null && !watched ? frames[f] : null;
            codeSlots[f] = pages[f] != null && !watched ? pages[f].slots : null;
        }
    }

    // ---------------------------------------------------------------- memory

    /**
     * Virtual to physical. The one place address translation happens: paging (Sv32 and
     * its TLB) fills it in; until then the translation is bare and the identity.
     */
    int translate(int va, int access) {
        return va;
    }

    /**
     * Loads that left the fast path: untouched RAM (zeros), devices, misaligned
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

    /** Stores that left the fast path; see {@link #loadSlow}. Resets decoded code they hit. */
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
            case Op.EBREAK -> throw new Trap(Cause.BREAKPOINT, 0); // mtval 0, as QEMU (the spec allows 0 or pc)
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
