package vmsh.cpu;

import java.util.Set;
import java.util.TreeSet;
import vmsh.isa.Kind;
import vmsh.mem.Ram;
import vmsh.mmu.Mmu;

/**
 * The instructions a debugger marked: breakpoints, and what the marks' debugger (vmsh.debug's
 * hooks) watches. A marked slot holds {@link Op#BREAKPOINT}, so the fast loop stops there;
 * the engine then asks the debugger before the instruction, executes it here from its kept
 * decoded form, and calls the debugger after it. Entering the fast loop for one instruction
 * would cost more than the instruction.
 */
final class MarkedInstructions implements MarkedRun {
    private final Hart hart;
    private final Clock clock;
    private final Mmu mmu;
    private final Ram ram;
    private final Translations translations;
    private final DecodedCode code;
    private final LoadStore memory;
    private final Stops stops;

    final Set<Integer> breakpoints = new TreeSet<>();
    /** The next run executes the instruction at {@link #skipAt} even if it is a breakpoint or marked. */
    boolean skip;
    int skipAt;
    /** The debugger watching marked instructions besides the breakpoints (hooks), or null. */
    CodeMarks marks;
    /** Its {@link CodeMarks#wantsAfter}, asked when the marks were set. */
    boolean wantAfter;
    /** The marks whose {@code after} is still owed for the instruction at {@link #afterPc}, or null. */
    CodeMarks afterMarks;
    int afterPc;
    /** A debugger changed the machine before the instruction at {@link #handoffPc}: the caller finishes it. */
    CodeMarks handoffMarks;
    int handoffPc;

    // the marked instruction whose debugger's before() runs (see looksBefore)
    int atPc, atJ, atLeft;
    DecodedPage atPage;
    private int atLimit, atWord, flushes0, epoch0;
    private long devices0;
    /** The debugger in its before() call, or null: stepOn only steps for it. */
    private CodeMarks looker;
    /** A debugger stepped on inside before(): the engine takes up at atPc. */
    boolean drove;
    /** ...and the instruction at atPc has executed too: the engine goes on with {@link #steppedTo}. */
    boolean droveThrough;
    private int steppedTo;
    private RuntimeException stepThrew;
    /** The engine's slow step of a marked instruction. */
    private final SlowStep slowStep;

    /** The engine's step of an instruction off its fast paths (see Engine.slowStepKept). */
    interface SlowStep {
        /** @param n instructions executed in this chunk so far, this one included */
        int step(int pc, DecodedPage page, int j, int n);
    }

    MarkedInstructions(Hart hart, Clock clock, Mmu mmu, Ram ram, Translations translations,
                       DecodedCode code, LoadStore memory, Stops stops, SlowStep slowStep) {
        this.hart = hart;
        this.clock = clock;
        this.mmu = mmu;
        this.ram = ram;
        this.translations = translations;
        this.code = code;
        this.memory = memory;
        this.stops = stops;
        this.slowStep = slowStep;
    }

    /** What marks the instruction {@code word} at {@code pc}: {@link DecodedPage#MARK_BREAKPOINT}, MARK_MONITOR, or 0. */
    int kindsAt(int pc, int word) {
        return (!breakpoints.isEmpty() && breakpoints.contains(pc) ? DecodedPage.MARK_BREAKPOINT : 0)
                | (marks != null && marks.marked(pc, word) ? DecodedPage.MARK_MONITOR : 0);
    }

    /**
     * Calls {@code before} of the debugger watching the marked instruction at {@code pc}
     * (the hart's pc and clock brought up to date first). True: execute it here. False: the
     * run ends before it, because the debugger stopped it ({@link Stops#markStop}) or changed
     * the machine beyond registers and RAM (the engine hands it off).
     *
     * <p>A debugger that stepped on by itself ({@link #stepOn}) leaves {@link #drove} set:
     * the engine then takes up at {@link #atPc} with {@link #atLeft} instructions left (also
     * when {@code before} threw), and the answer is about that instruction; with
     * {@link #droveThrough} it has executed too, and the engine goes on after it with
     * {@link #steppedTo}.
     *
     * @param left instructions left in this chunk of {@code limit}
     */
    boolean looksBefore(CodeMarks looking, int pc, DecodedPage page, int j, int limit, int left) {
        droveThrough = false;
        stepThrew = null;
        atLimit = limit;
        lookAt(pc, page, j, left);
        looker = looking;
        String stop;
        try {
            stop = looking.before(pc, atWord, this);
        } finally {
            looker = null;
        }
        if (stop != null) {
            stops.markStop = stop;
            return false;
        }
        if (droveThrough || undisturbed()) return true;
        handoffMarks = looking;
        handoffPc = atPc;
        return false;
    }

    /** Makes the instruction at {@code pc} the one its debugger looks at: the hart's pc and clock, what it may disturb. */
    private void lookAt(int pc, DecodedPage page, int j, int left) {
        atPc = pc;
        atPage = page;
        atJ = j;
        atLeft = left;
        hart.pc = pc;
        clock.inFlight(atLimit - left);
        flushes0 = code.flushes;
        epoch0 = mmu.epoch();
        devices0 = memory.deviceAccesses;
        atWord = ram.load(translations.frameOf(pc) << Ram.FRAME_SHIFT | pc & 0xffc, 4);
    }

    /** True when the debugger changed nothing beyond registers and RAM since {@link #lookAt}. */
    private boolean undisturbed() {
        return hart.pc == atPc && code.flushes == flushes0 && memory.deviceAccesses == devices0
                && !stops.haltRequested && mmu.epoch() == epoch0 && atPage.slots[atJ] == Op.BREAKPOINT
                && translations.fetchesFrom(atPc);
    }

    /**
     * One turn of the engine's loop over marked instructions, from inside {@code before}:
     * the instruction executes as the engine would execute it right here ({@link #step},
     * else the engine's slow step), and the next becomes the one looked at when the loop
     * would call the same debugger's {@code before} for it next. Otherwise the engine takes
     * over after the instruction, with its outcome ({@link #steppedTo}).
     */
    @Override
    public boolean stepOn() {
        if (looker == null || droveThrough || wantAfter || stops.endChunk || !undisturbed()) return false;
        int pc = atPc, left = atLeft - 1, next;
        drove = true;
        atLeft = left;
        try {
            next = step(pc, atPage, atJ);
            if (next == NextPc.SLOW_STEP) next = slowStep.step(pc, atPage, atJ, atLimit - left);
        } catch (RuntimeException e) {   // a trap, a halt, a hypervisor's exit: thrown in the engine's run instead
            return through(e, 0);
        }
        DecodedPage page = (next & 3) != 0 || stops.endChunk || left == 0 ? null : markedPage(next);
        int j = (next & 0xfff) >>> 1;
        if (page == null || page.markKinds(j) != DecodedPage.MARK_MONITOR || marks != looker || skip && next == skipAt)
            return through(null, next);
        lookAt(next, page, j, left);
        return true;
    }

    /** Leaves the instruction at {@link #atPc}, executed, to the engine: it goes on with {@code next}, or {@code thrown}. */
    private boolean through(RuntimeException thrown, int next) {
        stepThrew = thrown;
        steppedTo = next;
        droveThrough = true;
        return false;
    }

    /** The outcome of the instruction a debugger stepped last ({@link #droveThrough}): the next pc or a marker; or what it threw. */
    int steppedTo() {
        droveThrough = false;
        RuntimeException e = stepThrew;
        stepThrew = null;
        if (e != null) throw e;
        return steppedTo;
    }

    @Override
    public int pc() { return atPc; }

    @Override
    public int word() { return atWord; }

    /**
     * The decoded page of {@code pc} when its slot there is marked and the fast loop would
     * run it (latched when paging), else null.
     */
    DecodedPage markedPage(int pc) {
        if ((pc & 3) != 0 || !translations.fetchesFrom(pc)) return null;
        DecodedPage page;
        if (translations.fetchPaged) {
            page = code.pages[translations.fetchFrame];
        } else {
            int frame = (pc - ram.base()) >>> Ram.FRAME_SHIFT;
            if (frame >= code.ramFrames) return null;
            page = code.pages[frame];
        }
        return page != null && page.slots[(pc & 0xfff) >>> 1] == Op.BREAKPOINT ? page : null;
    }

    /**
     * Executes the marked instruction at {@code pc} once from its kept decoded form if it
     * is computational, an upper immediate, a jump, a branch, or a load or store of RAM that
     * cannot trap or reach a device (as the fast loop would), and returns the next pc; else
     * returns {@link NextPc#SLOW_STEP}: the engine's slow step does it.
     */
    int step(int pc, DecodedPage page, int j) {
        translations.countSlowFetch();
        return stepKept(pc, page, j);
    }

    /** {@link #step} without counting the fetch; changes nothing when it returns {@link NextPc#SLOW_STEP}. */
    private int stepKept(int pc, DecodedPage page, int j) {
        int w = page.kept(j), imm = page.slots[j + 1];
        int[] x = hart.x;
        int op = w & 0xff;
        if (Alu.computes(op)) {   // kept short so that the engine's loop inlines it
            x[w >>> 8 & 0xff] = Alu.compute(op, x[w >>> 16 & 0xff], x[w >>> 24] + imm);
            return pc + 4;
        }
        return stepOther(pc, w, imm, x);
    }

    /** {@link #step} of the instructions that are not computational. */
    private int stepOther(int pc, int w, int imm, int[] x) {
        int op = w & 0xff, rd = w >>> 8 & 0xff, a = x[w >>> 16 & 0xff], b = x[w >>> 24];
        switch (op) {
            case Op.LUI -> {
                x[rd] = imm;
                return pc + 4;
            }
            case Op.AUIPC -> {
                x[rd] = pc + imm;
                return pc + 4;
            }
            case Op.JAL -> {
                x[rd] = pc + 4;
                return pc + imm;
            }
            case Op.JALR -> {
                int target = (a + imm) & ~1;
                if ((target & 2) == 0) {   // else misaligned: the slow step raises it
                    x[rd] = pc + 4;
                    return target;
                }
            }
            case Op.BEQ, Op.BNE, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU -> {
                return Alu.branchTaken(rd, a, b) ? pc + imm : pc + 4;   // rd holds the condition (funct3)
            }
            case Op.FENCE -> {
                return pc + 4;
            }
            // RAM, paging off: no translation, trap or device, so the time (n) devices would see is not read
            case Op.LB, Op.LH, Op.LW, Op.LBU, Op.LHU -> {
                Kind kind = Op.opcode(op).kind;
                int va = a + imm;
                if (plainRam(va, kind.width(), false)) {
                    x[rd] = kind.extend(memory.load(va, kind.width(), 0));
                    return pc + 4;
                }
            }
            case Op.SB, Op.SH, Op.SW -> {
                int va = a + imm, width = Op.opcode(op).kind.width();
                if (plainRam(va, width, true)) {
                    memory.store(va, width, b, 0);
                    return pc + 4;
                }
            }
            default -> { }
        }
        return NextPc.SLOW_STEP;
    }

    /**
     * True when an access at {@code va} is an aligned one to RAM with paging off, and a
     * store's frame has no watcher and is not shared with a snapshot (its direct store paths).
     */
    private boolean plainRam(int va, int width, boolean store) {
        if (translations.dataPaged || (va & (width - 1)) != 0 || !ram.contains(va)) return false;
        int f = (va - ram.base()) >>> Ram.FRAME_SHIFT;
        return !store || code.storeFrames[f] != null || code.codeSlots[f] != null;
    }

    /**
     * Calls {@code after} for the marked instruction just executed; {@code next} is the pc
     * after it, or CHUNK_END (the hart's pc set). Returns where the run goes on (the hart's
     * pc: the debugger may have moved it), or CHUNK_END when the chunk ends: the debugger
     * stopped the run ({@link Stops#markStop}) or touched a device (the next chunk then sees
     * its interrupts and timers).
     */
    int looksAfter(int next, int n) {
        if (next != NextPc.CHUNK_END) hart.pc = next;
        clock.inFlight(n);
        long devices0 = memory.deviceAccesses;
        CodeMarks looking = afterMarks;
        afterMarks = null;
        String stop = looking.after(afterPc);
        if (stop != null) stops.markStop = stop;
        boolean goOn = next != NextPc.CHUNK_END && stop == null && memory.deviceAccesses == devices0 && !stops.haltRequested;
        return goOn ? hart.pc : NextPc.CHUNK_END;
    }

    /** After a trap or halt ended the chunk inside a marked instruction: its {@code after} call. */
    void owedAfter() {
        CodeMarks looking = afterMarks;
        if (looking == null) return;
        afterMarks = null;
        String stop = looking.after(afterPc);
        if (stop != null) stops.markStop = stop;
    }
}
