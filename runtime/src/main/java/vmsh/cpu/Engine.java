package vmsh.cpu;

import static vmsh.cpu.CsrFile.*;
import static vmsh.isa.Encoding.*;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import vmsh.isa.Encoding;
import vmsh.isa.Format;
import vmsh.isa.Kind;
import vmsh.isa.Opcode;
import vmsh.mem.Bus;
import vmsh.mem.Ram;
import vmsh.mmu.Access;
import vmsh.mmu.Mmu;
import vmsh.mmu.PageTableMemory;
import vmsh.mmu.Satp;
import vmsh.mmu.TlbConfig;
import vmsh.state.StateIn;
import vmsh.state.StateOut;
import vmsh.state.Stateful;

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
 * <p>Paging (Sv32, through {@link Mmu}) stays in the fast loop as cached translations:
 * <ul>
 * <li>fetch: the page of the pc, translated once by the MMU (which latches its TLB entry);
 *     the loop runs on that page and leaves it to translate the next one. Decoded pages are
 *     keyed by physical frame, so two virtual aliases of one code page share their slots
 *     and a store through either alias resets them.
 * <li>loads and stores: two small direct-mapped caches (by virtual page number) of pages a
 *     translated access has used, each remembering its physical frame and TLB entry. A hit
 *     is a TLB hit: the loop counts it and marks the slot's last use; when the loop
 *     returns, {@link #publish} reports the hits and gives each entry the LRU time of its last
 *     use (see {@link Mmu#recency}), so the TLB's counters and replacement order are exactly
 *     those of a lookup per access, however a run is split. The caches are dropped whenever a TLB entry leaves (the MMU's
 *     epoch changes) or the translation regime changes.
 * </ul>
 *
 * <p>Time: a run stops exactly at the instruction where the next timer event falls (an
 * instruction costs one cycle), and after every system instruction and device store, so
 * an interrupt is taken at the first instruction boundary where it is pending and enabled.
 *
 * <p>Self-modifying code: a store into a frame that holds decoded code resets the slot
 * it hits, so the next execution decodes the new word; fence.i drops every decoded page.
 */
public final class Engine implements Stateful {
    private static final int FETCH = Access.FETCH, LOAD = Access.LOAD, STORE = Access.STORE;

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
    private final Mmu mmu;

    // ---- translation state (see syncMmu)
    private boolean fetchPaged, dataPaged;
    private int regimePriv = -1, regimeSatp, regimeStatus, regimeVsatp, regimeHgatp, regimeVsstatus;
    /** Marks a V=1 regime in {@link #regimePriv} (above every privilege and mstatush bit). */
    private static final int VIRT_REGIME = 1 << 16;
    /** Not a page base: marks an empty fetch latch or cache slot. */
    private static final int NO_PAGE = 1;
    /** The virtual page the fetch latch holds (NO_PAGE when none) and its physical frame. */
    private int fetchPage = NO_PAGE, fetchFrame;
    /** The MMU's fetch translation of the latched page counted the fetch of its first instruction. */
    private boolean fetchPrepaid;
    private int mmuEpoch;
    /*
     * The data page caches, one for loads and one for stores: direct-mapped by virtual page
     * number, slot k = VPN mod SOFT_SLOTS, four ints per slot (one bounds check in the loop):
     *   [4k]     VPN, -1 when empty
     *   [4k + 1] the RAM offset of the physical frame
     *   [4k + 2] the slot's last use in the current run (the loop's left then), 0 for none
     *   [4k + 3] the TLB entry that holds the translation
     */
    private static final int SOFT_SLOTS = 64, SOFT_INDEX = (SOFT_SLOTS - 1) << 2;
    private static final int SLOT_VPN = 0, SLOT_OFF = 1, SLOT_USE = 2, SLOT_ENTRY = 3;
    private final int[] loadCache = new int[4 * SOFT_SLOTS], storeCache = new int[4 * SOFT_SLOTS];
    /** Loads and stores the last run served from the data caches, for {@link #publish}. */
    private int runDataHits;

    private final Set<Integer> breakpoints = new TreeSet<>();
    private boolean skipBreakpoint;
    private int skipBreakpointAt;
    /** The debugger watching marked instructions besides the breakpoints (hooks), or null. */
    private CodeMarks marks;
    /** Its {@link CodeMarks#wantsAfter}, asked when the marks were set. */
    private boolean marksWantAfter;
    /** Why the marks' debugger stopped the last run, or null. */
    private String markStop;
    /** The marks whose {@code after} is still owed for the instruction at {@link #afterPc}, or null. */
    private CodeMarks afterMarks;
    private int afterPc;
    /** A debugger changed the machine before the instruction at {@link #handoffPc}: the caller finishes it. */
    private CodeMarks handoffMarks;
    private int handoffPc;
    /** Counts decoded-code flushes and device accesses: a debugger call that changes them disturbs the run. */
    private int flushes;
    private long deviceAccesses;

    private boolean haltRequested;
    private boolean atBreakpoint;
    private boolean endChunk;
    private String fault;
    private String idleStop;

    /** Cycles until the next timer event (0: due now, Long.MAX_VALUE: none). */
    private LongSupplier cyclesUntilTimer = () -> Long.MAX_VALUE;
    private TrapListener trapListener;
    private TrapInterceptor interceptor;
    /** The guest-physical address of the last failed fetch's guest-page fault, else -1, and its pseudoinstruction. */
    private long fetchFaultGpa = -1;
    private int fetchFaultPseudo;
    /** An HLV, HLVX or HSV is executing: a trap it raises has a guest virtual address in tval. */
    private boolean virtualAccess;
    private final long[] exceptionCounts = new long[32];
    private final long[] interruptCounts = new long[32];

    public Engine(Hart hart, Clock clock, Bus bus, TlbConfig tlb, boolean hardwareAD) {
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
        this.mmu = new Mmu(new RamPageTables(), tlb);
        mmu.setHardwareAD(hardwareAD);
        clearDataCaches();
    }

    public Engine(Hart hart, Clock clock, Bus bus) { this(hart, clock, bus, TlbConfig.DEFAULT, true); }

    public Mmu mmu() { return mmu; }

    /** Where the engine learns when the next timer event is due, in cycles from now. */
    public void setTimer(LongSupplier cyclesUntilTimer) { this.cyclesUntilTimer = cyclesUntilTimer; }

    /** Told about every trap taken; null for none. */
    public void setTrapListener(TrapListener listener) { this.trapListener = listener; }

    /**
     * The hypervisor that handles every trap bound for HS-mode or M-mode (see
     * {@link TrapInterceptor}); null: traps vector as usual.
     */
    public void setTrapInterceptor(TrapInterceptor interceptor) { this.interceptor = interceptor; }

    public Hart hart() { return hart; }

    public Clock clock() { return clock; }

    /** Exceptions taken, by cause code. */
    public long[] exceptionCounts() { return exceptionCounts.clone(); }

    /** Interrupts taken, by interrupt code. */
    public long[] interruptCounts() { return interruptCounts.clone(); }

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

    /** Why a wfi could not wait (no interrupt can ever wake it), or null. */
    public String idleStop() { return idleStop; }

    public void clearIdleStop() { idleStop = null; }

    public void addBreakpoint(int pc) { if (breakpoints.add(pc)) flushDecoded(); }

    public void removeBreakpoint(int pc) { if (breakpoints.remove(pc)) flushDecoded(); }

    public Set<Integer> breakpoints() { return Set.copyOf(breakpoints); }

    public boolean isBreakpoint(int pc) { return breakpoints.contains(pc); }

    /**
     * Sets the debugger that watches the instructions it marks, besides the breakpoints
     * (vmsh.debug's hooks); null for none. Takes effect at once: decoded code is dropped and
     * decoded again with the new marks.
     */
    public void setMarks(CodeMarks marks) {
        this.marks = marks;
        this.marksWantAfter = marks != null && marks.wantsAfter();
        flushDecoded();
    }

    /** Why the marks' debugger stopped the last {@link #execute} (before or after an instruction), or null. */
    public String markStop() { return markStop; }

    public void clearMarkStop() { markStop = null; }

    /**
     * The last {@link #execute} stopped before a marked instruction whose {@code before} had
     * run and changed the machine beyond registers and RAM (the pc, a device, the marks): the
     * caller finishes that instruction with {@link #finishHandedOff} (after looking at halts).
     */
    public boolean handedOff() { return handoffMarks != null; }

    /**
     * Finishes a handed-off instruction as a separate step: executes the instruction at the
     * pc ignoring its mark (taking a pending interrupt first, as any step does), then calls
     * {@code after} of the debugger that looked before it. Returns the instructions executed.
     */
    public int finishHandedOff() {
        CodeMarks looked = handoffMarks;
        int pc = handoffPc;
        handoffMarks = null;
        int n = executeIgnoringBreakpoint();
        String stop = looked.after(pc);
        if (stop != null && markStop == null) markStop = stop;
        return n;
    }

    /**
     * Executes the instruction at the pc even if it is a breakpoint or marked (gdb's
     * continue), from the slot's kept decoded form, without calling the marks' debugger.
     */
    public int executeIgnoringBreakpoint() {
        skipBreakpoint = true;
        skipBreakpointAt = hart.pc;
        try {
            return execute(1);
        } finally {
            skipBreakpoint = false;
        }
    }

    // ---------------------------------------------------------------- state

    /**
     * Saves what the next run depends on besides the hart, the clock and memory: the MMU and
     * its TLBs, the regime the translation caches were made for, the fetch latch and the
     * data page caches (their hits count as TLB hits, so they must come back as they were
     * for the counters to go on exactly), and the trap counts. Between runs only.
     */
    @Override
    public void save(StateOut out) {
        out.section("mmu", mmu);
        out.putInts(new int[] {regimePriv, regimeSatp, regimeStatus, regimeVsatp, regimeHgatp, regimeVsstatus});
        boolean latched = fetchPaged && fetchPage != NO_PAGE;   // else the latch's fields are stale: saved as none
        out.putInt(latched ? fetchPage : NO_PAGE).putInt(latched ? fetchFrame : 0).putBoolean(latched && fetchPrepaid);
        out.putInt(mmuEpoch);
        out.putInts(validSlots(loadCache)).putInts(validSlots(storeCache));
        out.putLongs(exceptionCounts).putLongs(interruptCounts);
    }

    /** A data page cache with its empty slots zeroed (what they held before is stale). */
    private static int[] validSlots(int[] cache) {
        int[] c = cache.clone();
        for (int k = 0; k < c.length; k += 4) if (c[k + SLOT_VPN] == -1) c[k + SLOT_OFF] = c[k + SLOT_USE] = c[k + SLOT_ENTRY] = 0;
        return c;
    }

    /** Restores what {@link #save} wrote; decoded code is dropped (memory changed) and decoded again on use. */
    @Override
    public void restore(StateIn in) {
        in.section("mmu", mmu);
        int[] r = in.getInts();
        if (r == null || r.length != 6) throw new vmsh.state.StateException("state section 'engine': bad regime");
        regimePriv = r[0];
        regimeSatp = r[1];
        regimeStatus = r[2];
        regimeVsatp = r[3];
        regimeHgatp = r[4];
        regimeVsstatus = r[5];
        fetchPaged = mmu.regime(FETCH).translated();
        dataPaged = mmu.regime(LOAD).translated();
        int page = in.getInt(), frame = in.getInt();
        boolean prepaid = in.getBoolean();
        mmuEpoch = in.getInt();
        in.getInts(loadCache);
        in.getInts(storeCache);
        in.getLongs(exceptionCounts);
        in.getLongs(interruptCounts);
        flushDecoded();
        if (fetchPaged && page != NO_PAGE && frame >= 0 && frame < ramFrames) {
            pages[frame] = new DecodedPage();   // as preparePage left it: the latch goes on without a new lookup
            ram.allocate(frame);
            fetchPage = page;
            fetchFrame = frame;
            fetchPrepaid = prepaid;
        }
        refreshStorePaths();
        haltRequested = atBreakpoint = endChunk = false;
        fault = idleStop = markStop = null;
        afterMarks = handoffMarks = null;
    }

    // ---------------------------------------------------------------- the interpreter

    /** Why {@link #run} returned. */
    private static final int EXIT_BUDGET = 0, EXIT_PAGE = 1, EXIT_DECODE = 2, EXIT_SLOW = 3, EXIT_BREAK = 4;
    private int exitKind, exitPc;

    /**
     * Runs at most {@code limit} instructions and returns how many it executed (an
     * instruction that traps counts). Takes a pending interrupt first (and returns 0); stops
     * early where the next timer event is due, after a trap, a system instruction or a
     * device store, so the next call takes an interrupt at the exact instruction boundary.
     */
    public int execute(int limit) {
        atBreakpoint = false;
        endChunk = false;
        final Hart h = hart;
        syncMmu();
        checkEpoch();   // a hypervisor may have fenced translations the data caches hold
        int pc = h.pc;
        int irq = h.pendingInterrupt();
        if (irq >= 0) {
            clock.chargeInterrupt();
            enterTrap(irq | MCAUSE_INTERRUPT, 0, pc, -1, 0, false);
            return 0;
        }
        long due = cyclesUntilTimer.getAsLong();
        if (due > 0 && due < limit) limit = (int) due;   // one cycle per instruction
        int left = limit;
        try {
            for (;;) {
                int entered = left;
                left = run(pc, left);
                publish(entered, left);
                pc = exitPc;
                switch (exitKind) {
                    case EXIT_BUDGET -> {
                        h.pc = pc;
                        clock.commit(limit - left);
                        return limit - left;
                    }
                    case EXIT_PAGE -> {
                        if (left == 0) {                  // the budget ends before this fetch
                            h.pc = pc;
                            clock.commit(limit);
                            return limit;
                        }
                        int cause = preparePage(pc);
                        if (cause >= 0) {
                            left--;                       // the failed fetch counts as executed
                            throw new Trap(cause, pc, fetchFaultGpa, fetchFaultPseudo);
                        }
                    }
                    case EXIT_DECODE -> decodeAt(pc);
                    case EXIT_BREAK -> {
                        // marked instructions, one after another while the next is marked too
                        // (the fast loop would stop right there)
                        DecodedPage page = pages[frameOf(pc)];
                        do {
                            int j = (pc & 0xfff) >>> 1, kinds = page.markKinds(j);
                            boolean skip = skipBreakpoint && pc == skipBreakpointAt;
                            if (!skip && (kinds & DecodedPage.MARK_BREAKPOINT) != 0) {
                                atBreakpoint = true;
                                h.pc = pc;
                                clock.commit(limit - left);
                                return limit - left;
                            }
                            CodeMarks looking = skip || (kinds & DecodedPage.MARK_MONITOR) == 0 ? null : marks;
                            if (looking != null && !looksBefore(looking, pc, page, j, limit - left)) {
                                clock.commit(limit - left);   // stopped (markStop) or handed off before it
                                return limit - left;
                            }
                            left--;
                            if (looking != null && marksWantAfter) {   // else after() has nothing to do
                                afterMarks = looking;
                                afterPc = pc;
                            }
                            int next = stepKept(pc, page, j, limit - left);
                            if (next == TRAPPED) return endTrapped(pc, limit - left);
                            if (afterMarks != null) next = looksAfter(next, limit - left);
                            if (next == CHUNK_END || endChunk) {
                                if (next != CHUNK_END) h.pc = next;
                                clock.commit(limit - left);
                                return limit - left;
                            }
                            pc = next;
                        } while (left > 0 && (page = markedPage(pc)) != null);
                    }
                    default -> {                          // EXIT_SLOW
                        left--;
                        countSlowFetch();
                        int next = slowStep(pc, limit - left);
                        if (next == TRAPPED) return endTrapped(pc, limit - left);
                        if (next == CHUNK_END || endChunk) {
                            if (next != CHUNK_END) h.pc = next;
                            clock.commit(limit - left);
                            return limit - left;
                        }
                        pc = next;
                    }
                }
            }
        } catch (Trap trap) {
            clock.chargeTrap();
            boolean virtual = virtualAccess;
            virtualAccess = false;
            enterTrap(trap.cause, trap.tval, pc, trap.gpa, trapInstruction(trap, pc), virtual);
            clock.commit(limit - left);
            owedAfter();
            return limit - left;
        } catch (HaltSignal halt) {
            virtualAccess = false;   // an HSV to the finisher
            h.pc = pc + 4;
            clock.commit(limit - left);
            owedAfter();
            return limit - left;
        } catch (RuntimeException | Error e) {   // from a debugger's call: keep the count, then report it
            afterMarks = null;
            clock.commit(limit - left);
            throw e;
        }
    }

    /**
     * Ends the chunk after the instruction at {@code pc} returned {@link #TRAPPED}: as the
     * catch of a {@link Trap} in {@link #execute} does, for these causes (no tinst).
     *
     * @param n instructions executed in this chunk, the trapping one included
     */
    private int endTrapped(int pc, int n) {
        clock.chargeTrap();
        enterTrap(trappedCause, trappedTval, pc, -1, 0, false);
        clock.commit(n);
        owedAfter();
        return n;
    }

    // ---------------------------------------------------------------- marked instructions

    /**
     * Calls {@code before} of the debugger watching the marked instruction at {@code pc}
     * (the hart's pc and clock brought up to date first). True: execute it here. False: the
     * run ends before it, because the debugger stopped it ({@link #markStop}) or changed the
     * machine beyond registers and RAM ({@link #handedOff}).
     *
     * @param n instructions executed in this chunk so far
     */
    private boolean looksBefore(CodeMarks looking, int pc, DecodedPage page, int j, int n) {
        hart.pc = pc;
        clock.inFlight(n);
        int flushes0 = flushes, epoch0 = mmu.epoch();
        long devices0 = deviceAccesses;
        int word = ram.load(frameOf(pc) << Ram.FRAME_SHIFT | pc & 0xffc, 4);
        String stop = looking.before(pc, word);
        if (stop != null) {
            markStop = stop;
            return false;
        }
        boolean undisturbed = hart.pc == pc && flushes == flushes0 && deviceAccesses == devices0 && !haltRequested
                && mmu.epoch() == epoch0 && page.slots[j] == Op.BREAKPOINT
                && (!fetchPaged || mmu.fetchLatchValid() && fetchPage == (pc & ~0xfff));
        if (undisturbed) return true;
        handoffMarks = looking;
        handoffPc = pc;
        return false;
    }

    /**
     * The decoded page of {@code pc} when its slot there is marked and the fast loop would
     * run it (latched when paging), else null.
     */
    private DecodedPage markedPage(int pc) {
        if ((pc & 3) != 0) return null;
        DecodedPage page;
        if (fetchPaged) {
            if ((pc & ~0xfff) != fetchPage || !mmu.fetchLatchValid()) return null;
            page = pages[fetchFrame];
        } else {
            int frame = (pc - RAM_BASE) >>> Ram.FRAME_SHIFT;
            if (frame >= ramFrames) return null;
            page = pages[frame];
        }
        return page != null && page.slots[(pc & 0xfff) >>> 1] == Op.BREAKPOINT ? page : null;
    }

    /**
     * Executes the marked instruction at {@code pc} once from its kept decoded form, out of
     * the fast loop (entering it for one instruction costs more than the instruction):
     * arithmetic, jumps and branches here, the rest as {@link #slowStep} does it (the slot
     * holds the instruction meanwhile). Returns the next pc, {@link #CHUNK_END} or
     * {@link #TRAPPED}; a trap or a halt is thrown, as from slowStep.
     *
     * @param n instructions executed in this chunk so far, this one included
     */
    private int stepKept(int pc, DecodedPage page, int j, int n) {
        int w = page.kept(j), imm = page.slots[j + 1];
        countSlowFetch();
        int[] x = hart.x;
        int op = w & 0xff, rd = w >>> 8 & 0xff, a = x[w >>> 16 & 0xff], b = x[w >>> 24];
        Opcode opcode = op >= Op.FIRST_INSTRUCTION ? Op.opcode(op) : null;   // else the engine's own (ILLEGAL, ...)
        switch (opcode == null ? Kind.Category.SYSTEM : opcode.kind.category()) {
            case ALU_REG, ALU_UNARY -> {
                x[rd] = Alu.compute(opcode, a, b);
                return pc + 4;
            }
            case ALU_IMM -> {
                x[rd] = Alu.compute(opcode, a, imm);
                return pc + 4;
            }
            case UPPER -> {
                x[rd] = opcode == Opcode.LUI ? imm : pc + imm;
                return pc + 4;
            }
            case JUMP -> {
                int target = opcode == Opcode.JAL ? pc + imm : (a + imm) & ~1;
                if ((target & 2) == 0) {   // else misaligned: slowStep raises it
                    x[rd] = pc + 4;
                    return target;
                }
            }
            case BRANCH -> {
                return Alu.branchTaken(Format.funct3(opcode.match), a, b) ? pc + imm : pc + 4;
            }
            case FENCE -> {
                if (opcode == Opcode.FENCE) return pc + 4;
            }
            default -> { }
        }
        int[] s = page.slots;
        s[j] = w;   // slowStep reads the slot
        try {
            return slowStep(pc, n);
        } finally {
            if (s[j] == w) s[j] = Op.BREAKPOINT;   // unless it overwrote itself: decoded and marked again then
        }
    }

    /**
     * Calls {@code after} for the marked instruction just executed; {@code next} is the pc
     * after it, or CHUNK_END (the hart's pc set). Returns where the run goes on (the hart's
     * pc: the debugger may have moved it), or CHUNK_END when the chunk ends: the debugger
     * stopped the run ({@link #markStop}) or touched a device (the next chunk then sees its
     * interrupts and timers).
     */
    private int looksAfter(int next, int n) {
        if (next != CHUNK_END) hart.pc = next;
        clock.inFlight(n);
        long devices0 = deviceAccesses;
        CodeMarks looking = afterMarks;
        afterMarks = null;
        String stop = looking.after(afterPc);
        if (stop != null) markStop = stop;
        boolean goOn = next != CHUNK_END && stop == null && deviceAccesses == devices0 && !haltRequested;
        return goOn ? hart.pc : CHUNK_END;
    }

    /** After a trap or halt ended the chunk inside a marked instruction: its {@code after} call. */
    private void owedAfter() {
        CodeMarks looking = afterMarks;
        if (looking == null) return;
        afterMarks = null;
        String stop = looking.after(afterPc);
        if (stop != null) markStop = stop;
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
        // paging: the latched fetch page, the data page caches and the LRU time of data accesses
        final boolean fetchPaged = this.fetchPaged, dataPaged = this.dataPaged;
        final DecodedPage latched = fetchPaged && mmu.fetchLatchValid() ? pages[fetchFrame] : null;
        final int latchedPage = latched != null ? fetchPage : NO_PAGE;
        final int[] loadCache = this.loadCache, storeCache = this.storeCache;
        int dataHits = 0;
        int exit;
        pages:
        for (;;) {
            DecodedPage page;
            if (fetchPaged) {
                if ((pc & ~0xfff) != latchedPage || (pc & 3) != 0) { exit = EXIT_PAGE; break; }
                page = latched;
            } else {
                int frame = (pc - RAM_BASE) >>> Ram.FRAME_SHIFT;
                if ((pc & 3) != 0 || frame >= ramFrames || (page = pages[frame]) == null) { exit = EXIT_PAGE; break; }
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
                    // frame, by a cached translation when paging (a store into a frame with
                    // code also resets the slot it hits); anything else exits to slowStep
                    case Op.LB -> {
                        int va = x[w >>> 16 & 0xff] + s[j + 1], off = va - RAM_BASE, k = va >>> 10 & SOFT_INDEX;
                        if (dataPaged) {
                            if (loadCache[k] != va >>> 12) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                            off = loadCache[k + SLOT_OFF] | va & 0xfff;
                        }
                        int[] f;
                        if (off >>> Ram.FRAME_SHIFT >= ramFrames || (f = frames[off >>> Ram.FRAME_SHIFT]) == null) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                        if (dataPaged) { loadCache[k + SLOT_USE] = left; dataHits++; }
                        x[w >>> 8 & 0xff] = (byte) (f[(off & 0xfff) >>> 2] >>> ((off & 3) << 3));
                        j += 2;
                        continue;
                    }
                    case Op.LBU -> {
                        int va = x[w >>> 16 & 0xff] + s[j + 1], off = va - RAM_BASE, k = va >>> 10 & SOFT_INDEX;
                        if (dataPaged) {
                            if (loadCache[k] != va >>> 12) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                            off = loadCache[k + SLOT_OFF] | va & 0xfff;
                        }
                        int[] f;
                        if (off >>> Ram.FRAME_SHIFT >= ramFrames || (f = frames[off >>> Ram.FRAME_SHIFT]) == null) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                        if (dataPaged) { loadCache[k + SLOT_USE] = left; dataHits++; }
                        x[w >>> 8 & 0xff] = f[(off & 0xfff) >>> 2] >>> ((off & 3) << 3) & 0xff;
                        j += 2;
                        continue;
                    }
                    case Op.LH -> {
                        int va = x[w >>> 16 & 0xff] + s[j + 1], off = va - RAM_BASE, k = va >>> 10 & SOFT_INDEX;
                        if (dataPaged) {
                            if (loadCache[k] != va >>> 12) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                            off = loadCache[k + SLOT_OFF] | va & 0xfff;
                        }
                        int[] f;
                        if ((off & 1) != 0 || off >>> Ram.FRAME_SHIFT >= ramFrames || (f = frames[off >>> Ram.FRAME_SHIFT]) == null) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                        if (dataPaged) { loadCache[k + SLOT_USE] = left; dataHits++; }
                        x[w >>> 8 & 0xff] = (short) (f[(off & 0xfff) >>> 2] >>> ((off & 2) << 3));
                        j += 2;
                        continue;
                    }
                    case Op.LHU -> {
                        int va = x[w >>> 16 & 0xff] + s[j + 1], off = va - RAM_BASE, k = va >>> 10 & SOFT_INDEX;
                        if (dataPaged) {
                            if (loadCache[k] != va >>> 12) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                            off = loadCache[k + SLOT_OFF] | va & 0xfff;
                        }
                        int[] f;
                        if ((off & 1) != 0 || off >>> Ram.FRAME_SHIFT >= ramFrames || (f = frames[off >>> Ram.FRAME_SHIFT]) == null) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                        if (dataPaged) { loadCache[k + SLOT_USE] = left; dataHits++; }
                        x[w >>> 8 & 0xff] = f[(off & 0xfff) >>> 2] >>> ((off & 2) << 3) & 0xffff;
                        j += 2;
                        continue;
                    }
                    case Op.LW -> {
                        int va = x[w >>> 16 & 0xff] + s[j + 1], off = va - RAM_BASE, k = va >>> 10 & SOFT_INDEX;
                        if (dataPaged) {
                            if (loadCache[k] != va >>> 12) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                            off = loadCache[k + SLOT_OFF] | va & 0xfff;
                        }
                        int[] f;
                        if ((off & 3) != 0 || off >>> Ram.FRAME_SHIFT >= ramFrames || (f = frames[off >>> Ram.FRAME_SHIFT]) == null) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                        if (dataPaged) { loadCache[k + SLOT_USE] = left; dataHits++; }
                        x[w >>> 8 & 0xff] = f[(off & 0xfff) >>> 2];
                        j += 2;
                        continue;
                    }
                    case Op.SB -> {
                        int va = x[w >>> 16 & 0xff] + s[j + 1], off = va - RAM_BASE, k = va >>> 10 & SOFT_INDEX;
                        if (dataPaged) {
                            if (storeCache[k] != va >>> 12) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                            off = storeCache[k + SLOT_OFF] | va & 0xfff;
                        }
                        int[] f;
                        if (off >>> Ram.FRAME_SHIFT >= ramFrames) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                        if ((f = storeFrames[off >>> Ram.FRAME_SHIFT]) == null) {
                            int[] code = codeSlots[off >>> Ram.FRAME_SHIFT];
                            if (code == null) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                            code[(off & 0xffc) >>> 1] = Op.DECODE;   // self-modifying code: decode again
                            f = frames[off >>> Ram.FRAME_SHIFT];
                        }
                        if (dataPaged) { storeCache[k + SLOT_USE] = left; dataHits++; }
                        int i = (off & 0xfff) >>> 2, shift = (off & 3) << 3;
                        f[i] = f[i] & ~(0xff << shift) | (x[w >>> 24] & 0xff) << shift;
                        j += 2;
                        continue;
                    }
                    case Op.SH -> {
                        int va = x[w >>> 16 & 0xff] + s[j + 1], off = va - RAM_BASE, k = va >>> 10 & SOFT_INDEX;
                        if (dataPaged) {
                            if (storeCache[k] != va >>> 12) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                            off = storeCache[k + SLOT_OFF] | va & 0xfff;
                        }
                        int[] f;
                        if ((off & 1) != 0 || off >>> Ram.FRAME_SHIFT >= ramFrames) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                        if ((f = storeFrames[off >>> Ram.FRAME_SHIFT]) == null) {
                            int[] code = codeSlots[off >>> Ram.FRAME_SHIFT];
                            if (code == null) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                            code[(off & 0xffc) >>> 1] = Op.DECODE;   // self-modifying code: decode again
                            f = frames[off >>> Ram.FRAME_SHIFT];
                        }
                        if (dataPaged) { storeCache[k + SLOT_USE] = left; dataHits++; }
                        int i = (off & 0xfff) >>> 2, shift = (off & 2) << 3;
                        f[i] = f[i] & ~(0xffff << shift) | (x[w >>> 24] & 0xffff) << shift;
                        j += 2;
                        continue;
                    }
                    case Op.SW -> {
                        int va = x[w >>> 16 & 0xff] + s[j + 1], off = va - RAM_BASE, k = va >>> 10 & SOFT_INDEX;
                        if (dataPaged) {
                            if (storeCache[k] != va >>> 12) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                            off = storeCache[k + SLOT_OFF] | va & 0xfff;
                        }
                        int[] f;
                        if ((off & 3) != 0 || off >>> Ram.FRAME_SHIFT >= ramFrames) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                        if ((f = storeFrames[off >>> Ram.FRAME_SHIFT]) == null) {
                            int[] code = codeSlots[off >>> Ram.FRAME_SHIFT];
                            if (code == null) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                            code[(off & 0xffc) >>> 1] = Op.DECODE;   // self-modifying code: decode again
                            f = frames[off >>> Ram.FRAME_SHIFT];
                        }
                        if (dataPaged) { storeCache[k + SLOT_USE] = left; dataHits++; }
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
        runDataHits = dataHits;
        return left;
    }

    /**
     * Reports the last run's use of cached translations to the MMU (before anything else
     * calls it): the fetches served by the latched fetch entry, the loads and stores served
     * by the data page caches (already stamped), and the LRU time they reached.
     */
    private void publish(int entered, int left) {
        if (!fetchPaged && !dataPaged) return;
        int executed = entered - left, fetchHits = 0;
        if (fetchPaged && executed > 0) {
            fetchHits = fetchPrepaid ? executed - 1 : executed;
            fetchPrepaid = false;
        }
        if (fetchHits == 0 && runDataHits == 0) return;
        // the run's times continue the LRU clock: instruction n fetches at t0 + 2n + 1, accesses data at t0 + 2n + 2
        long t0 = mmu.lruClock();
        if (runDataHits > 0) {
            long[] stamps = mmu.recency(LOAD);
            stampUses(loadCache, stamps, t0, entered);
            stampUses(storeCache, stamps, t0, entered);
        }
        mmu.fastPathUsed(fetchHits, t0 + 2L * executed - 1, runDataHits, t0 + 2L * executed + 2);
    }

    /** Gives each TLB entry a cache slot used in the run the LRU time of that last use; clears the marks. */
    private static void stampUses(int[] cache, long[] stamps, long t0, int entered) {
        for (int k = 0; k < cache.length; k += 4) {
            int use = cache[k + SLOT_USE];
            if (use == 0) continue;
            long t = t0 + 2L * (entered - use) + 2;
            int entry = cache[k + SLOT_ENTRY];
            if (stamps[entry] < t) stamps[entry] = t;
            cache[k + SLOT_USE] = 0;
        }
    }

    /** The fetch of an instruction that left the fast path: one lookup, served by the latch. */
    private void countSlowFetch() {
        if (!fetchPaged) return;
        if (fetchPrepaid) fetchPrepaid = false;
        else mmu.fetchHits(1);
    }

    /** Returned by {@link #slowStep} after an instruction that ends the chunk. */
    private static final int CHUNK_END = 1;   // never a valid pc: not 4-byte aligned
    /**
     * Returned by {@link #slowStep} when the instruction raised the exception in {@link
     * #trappedCause} and {@link #trappedTval} without throwing: the same as a {@link Trap},
     * minus the cost of unwinding the interpreter's frames (the exits of a trap-and-emulate
     * guest, a CSR access or an ecall each, come this way).
     */
    private static final int TRAPPED = 3;
    private int trappedCause, trappedTval;

    private int trapped(int cause, int tval) {
        trappedCause = cause;
        trappedTval = tval;
        return TRAPPED;
    }

    /**
     * Executes the instruction at {@code pc} that left the fast path;
     * returns the next pc, {@link #CHUNK_END} after a system instruction (hart.pc set), or
     * {@link #TRAPPED}.
     *
     * @param n instructions executed in this chunk so far, this one included
     */
    private int slowStep(int pc, int n) {
        int[] s = slotsOf(pc);
        int j = (pc & 0xfff) >>> 1;
        int w = s[j], imm = s[j + 1];
        int[] x = hart.x;
        int rd = w >>> 8 & 0xff, a = x[w >>> 16 & 0xff], b = x[w >>> 24];
        switch (w & 0xff) {   // the engine's own operations
            case Op.ILLEGAL -> throw Hart.illegal(imm);
            case Op.JAL_MISALIGNED -> throw new Trap(CAUSE_MISALIGNED_FETCH, pc + imm);
            case Op.BRANCH_MISALIGNED -> {
                if (Alu.branchTaken(rd, a, b)) throw new Trap(CAUSE_MISALIGNED_FETCH, pc + imm);
                return pc + 4;
            }
            default -> { }
        }
        Opcode op = Op.opcode(w & 0xff);
        Kind kind = op.kind;
        switch (kind.category()) {
            case LOAD -> x[rd] = kind.extend(load(a + imm, kind.width(), n));
            case STORE -> store(a + imm, kind.width(), b, n);
            case ALU_REG, ALU_UNARY -> x[rd] = Alu.compute(op, a, b);
            case ALU_IMM -> x[rd] = Alu.compute(op, a, imm);
            case JUMP -> {   // only a jalr to a misaligned target leaves the fast path
                int target = op == Opcode.JAL ? pc + imm : (a + imm) & ~1;
                if ((target & 2) != 0) throw new Trap(CAUSE_MISALIGNED_FETCH, target);
                x[rd] = pc + 4;
                return target;
            }
            case AMO -> atomic(op, rd, a, b, n);
            case HYPERVISOR_LOAD, HYPERVISOR_STORE -> hypervisorAccess(op, rd, a, b, imm, n);
            default -> {   // CSR, FENCE, SYSTEM: they end the chunk
                int next = system(op, w, imm, pc, n);
                if (next == TRAPPED) return TRAPPED;
                hart.pc = next;
                return CHUNK_END;
            }
        }
        return pc + 4;
    }

    /** Thrown after a device asked to halt; the instruction that caused it has completed. */
    private static final class HaltSignal extends RuntimeException {
        static final HaltSignal INSTANCE = new HaltSignal();

        private HaltSignal() { super(null, null, false, false); }
    }

    // ---------------------------------------------------------------- traps

    /**
     * Enters the handler of exception or interrupt {@code cause} (bit 31 set) raised at
     * {@code epc}, or hands it to the interceptor when it is bound for HS-mode or M-mode.
     * {@code tinst} is what htinst/mtinst get; {@code virtualAccess}: raised by an HLV/HSV.
     */
    private void enterTrap(int cause, int tval, int epc, long gpa, int tinst, boolean virtualAccess) {
        Hart h = hart;
        int from = h.priv;
        boolean interrupt = cause < 0;
        int code = cause & ~MCAUSE_INTERRUPT;
        (interrupt ? interruptCounts : exceptionCounts)[code & 31]++;
        if (interceptor != null && (interrupt ? h.interruptTarget(code) : h.trapTarget(code)) != Hart.TARGET_VS) {
            h.pc = epc;
            interceptor.trap(cause, tval, epc, gpa, tinst);
            return;
        }
        int handler = interrupt ? h.takeInterrupt(code, epc) : h.takeTrap(code, tval, epc, gpa, tinst, virtualAccess);
        h.pc = handler;
        checkHandler(handler, cause, tval, epc);
        if (trapListener != null) trapListener.trapTaken(cause, tval, epc, from, h.priv);
    }

    /**
     * Records a fault when the trap handler at {@code handler} cannot be fetched: untranslated,
     * it is not in RAM; translated, its own fetch just faulted at that very address (the
     * hart would trap to it forever).
     */
    private void checkHandler(int handler, int cause, int tval, int epc) {
        boolean translated = hart.priv != PRV_M
                && (hart.virt ? Satp.sv32(hart.csr.vsatp) || vmsh.mmu.Hgatp.sv32x4(hart.csr.hgatp) : Satp.sv32(hart.csr.satp));
        boolean fetchable = translated
                ? !(epc == handler && (cause == CAUSE_FETCH_PAGE_FAULT || cause == CAUSE_FETCH_ACCESS))
                : (handler & 3) == 0 && ram.contains(handler);
        if (!fetchable) {
            String what = cause < 0 ? "interrupt " + (cause & ~MCAUSE_INTERRUPT) : Encoding.causeName(cause);
            fault = String.format("%s (tval 0x%08x) at pc 0x%08x: trap handler 0x%08x cannot be fetched",
                    what, tval, epc, handler);
        }
    }

    // ---------------------------------------------------------------- translation

    /**
     * Brings the MMU up to date with the hart (privilege, satp, mstatus MPRV/MPP/SUM/MXR);
     * a change drops the engine's cached translations. Called before each run: every
     * instruction that changes these ends a run.
     */
    public void syncMmu() {
        Hart h = hart;
        CsrFile c = h.csr;
        int status = c.mstatus & (MSTATUS_MPRV | MSTATUS_MPP | MSTATUS_SUM | MSTATUS_MXR);
        int mode = h.priv | (h.virt ? VIRT_REGIME : 0) | (c.mstatush & MSTATUSH_MPV);
        if (mode == regimePriv && c.satp == regimeSatp && status == regimeStatus
                && (!h.csr.hypervisor || c.vsatp == regimeVsatp && c.hgatp == regimeHgatp
                    && (c.vsstatus & (MSTATUS_SUM | MSTATUS_MXR)) == regimeVsstatus)) return;
        regimePriv = mode;
        regimeSatp = c.satp;
        regimeStatus = status;
        regimeVsatp = c.vsatp;
        regimeHgatp = c.hgatp;
        regimeVsstatus = c.vsstatus & (MSTATUS_SUM | MSTATUS_MXR);
        // loads and stores under MPRV in M-mode use mstatus.MPP and, with the H extension, mstatush.MPV
        boolean mprv = h.priv == PRV_M && (status & MSTATUS_MPRV) != 0;
        int dataPriv = mprv ? c.mpp() : h.priv;
        boolean dataVirt = mprv ? dataPriv != PRV_M && (c.mstatush & MSTATUSH_MPV) != 0 : h.virt;
        mmu.update(h.priv, h.virt, dataPriv, dataVirt, c.satp, c.mstatus, c.vsatp, c.vsstatus, c.hgatp);
        fetchPaged = mmu.regime(FETCH).translated();
        dataPaged = mmu.regime(LOAD).translated();
        fetchPage = NO_PAGE;
        fetchPrepaid = false;
        clearDataCaches();
    }

    /**
     * What htinst/mtinst get for {@code trap}, raised by the instruction at {@code pc} (see
     * {@link TrapInstruction}): the pseudoinstruction of an implicit access, the transformed
     * instruction of a faulting explicit access (the instruction's page is the one the
     * engine fetched it from), else 0.
     */
    private int trapInstruction(Trap trap, int pc) {
        if (!hart.csr.hypervisor) return 0;
        if (trap.pseudoinstruction != 0) return trap.pseudoinstruction;
        return switch (trap.cause) {
            case CAUSE_MISALIGNED_LOAD, CAUSE_LOAD_ACCESS, CAUSE_MISALIGNED_STORE, CAUSE_STORE_ACCESS,
                 CAUSE_LOAD_PAGE_FAULT, CAUSE_STORE_PAGE_FAULT, CAUSE_LOAD_GUEST_PAGE_FAULT, CAUSE_STORE_GUEST_PAGE_FAULT ->
                    TrapInstruction.transform(ram.load(frameOf(pc) << Ram.FRAME_SHIFT | pc & 0xffc, 4), trap.tval, hart.x);
            default -> 0;
        };
    }

    /** The pseudoinstruction of the MMU's last fault when it was a guest-page fault of an implicit access, else 0. */
    private int faultPseudoinstruction() {
        int c = mmu.faultCause;
        boolean guestPageFault = c == CAUSE_FETCH_GUEST_PAGE_FAULT || c == CAUSE_LOAD_GUEST_PAGE_FAULT || c == CAUSE_STORE_GUEST_PAGE_FAULT;
        if (!guestPageFault || !mmu.faultImplicit) return 0;
        return mmu.faultImplicitStore ? TrapInstruction.PTE_WRITE : TrapInstruction.PTE_READ;
    }

    /** Drops the data page caches when a TLB entry has left (their entries may be gone). */
    private void checkEpoch() {
        int e = mmu.epoch();
        if (e != mmuEpoch) {
            mmuEpoch = e;
            clearDataCaches();
        }
    }

    private void clearDataCaches() {
        for (int k = 0; k < 4 * SOFT_SLOTS; k += 4) {
            loadCache[k + SLOT_VPN] = -1;
            storeCache[k + SLOT_VPN] = -1;
        }
    }

    /** The physical address a load or store of {@code va} uses; a page fault is thrown. */
    private int translateData(int va, int access) {
        if (!dataPaged) return va;
        long pa = mmu.translate(va, access);
        checkEpoch();
        if (pa == Mmu.FAULT) throw new Trap(mmu.faultCause, va, mmu.faultGpa, faultPseudoinstruction());
        if (pa >>> 32 != 0) throw new Trap(access == LOAD ? CAUSE_LOAD_ACCESS : CAUSE_STORE_ACCESS, va);
        return (int) pa;
    }

    /** Caches the translation of the page of {@code va} (just translated to RAM {@code pa}) for the fast loop. */
    private void remember(int[] cache, int va, int pa) {
        if (!dataPaged || mmu.lastEntry < 0) return;
        int k = va >>> 10 & SOFT_INDEX;
        cache[k + SLOT_VPN] = va >>> 12;
        cache[k + SLOT_OFF] = pa - ramBase & ~0xfff;
        cache[k + SLOT_ENTRY] = mmu.lastEntry;
    }

    // ---------------------------------------------------------------- decoded pages

    /**
     * Makes sure the page holding {@code pc} has decoded slots (translating it when paging);
     * returns -1, or the exception the fetch raises.
     */
    private int preparePage(int pc) {
        fetchFaultGpa = -1;
        fetchFaultPseudo = 0;
        if ((pc & 3) != 0) return CAUSE_MISALIGNED_FETCH;
        int pa = pc;
        if (fetchPaged) {
            long p = mmu.translate(pc, FETCH);
            checkEpoch();
            if (p == Mmu.FAULT) {
                fetchFaultGpa = mmu.faultGpa;
                fetchFaultPseudo = faultPseudoinstruction();
                return mmu.faultCause;
            }
            if (p >>> 32 != 0) return CAUSE_FETCH_ACCESS;
            pa = (int) p;
        }
        if (!ram.contains(pa)) return CAUSE_FETCH_ACCESS;
        int frame = (pa - ramBase) >>> Ram.FRAME_SHIFT;
        if (pages[frame] == null) {
            pages[frame] = new DecodedPage();
            ram.allocate(frame);
            refreshStorePath(frame);   // stores into it now reset the slots they hit
        }
        if (fetchPaged) {
            fetchPage = pc & ~0xfff;
            fetchFrame = frame;
            fetchPrepaid = true;
        }
        return -1;
    }

    /** The physical frame of the page the pc is on (prepared; latched when paging). */
    private int frameOf(int pc) {
        return fetchPaged ? fetchFrame : (pc - ramBase) >>> Ram.FRAME_SHIFT;
    }

    private int[] slotsOf(int pc) { return pages[frameOf(pc)].slots; }

    /** Decodes the slot at {@code pc} (its page is prepared), marking breakpoints and what the marks' debugger watches. */
    private void decodeAt(int pc) {
        DecodedPage page = pages[frameOf(pc)];
        int j = (pc & 0xfff) >>> 1;
        int word = ram.load(frameOf(pc) << Ram.FRAME_SHIFT | pc & 0xffc, 4);
        DecodedPage.decode(page.slots, j, word, hart.csr.isa);
        int kinds = (!breakpoints.isEmpty() && breakpoints.contains(pc) ? DecodedPage.MARK_BREAKPOINT : 0)
                | (marks != null && marks.marked(pc, word) ? DecodedPage.MARK_MONITOR : 0);
        if (kinds != 0) page.mark(j, kinds);
    }

    /** Drops every decoded page (fence.i, breakpoint changes). */
    public void flushDecoded() {
        flushes++;
        for (int f = 0; f < ramFrames; f++) {
            if (pages[f] == null) continue;
            pages[f] = null;
            refreshStorePath(f);
        }
        fetchPage = NO_PAGE;
        fetchPrepaid = false;
    }

    /**
     * Forgets the decoded code of RAM frame {@code frame}: its contents changed behind the
     * engine's back (a hypervisor reallocated, copied or zeroed it).
     */
    public void forgetFrame(int frame) {
        if (frame < 0 || frame >= ramFrames) throw new IllegalArgumentException("RAM frame " + frame + " outside 0.." + (ramFrames - 1));
        flushes++;
        if (pages[frame] != null) {
            pages[frame] = null;
            if (!fetchPaged || fetchFrame == frame) { fetchPage = NO_PAGE; fetchPrepaid = false; }
        }
        refreshStorePath(frame);
    }

    /** Forgets the decoded instruction at physical address {@code pa}, if any. */
    private void invalidateCode(int pa) {
        if (!ram.contains(pa)) return;
        int off = pa - ramBase;
        DecodedPage p = pages[off >>> Ram.FRAME_SHIFT];
        if (p != null) p.invalidate(off & (Ram.FRAME_SIZE - 1));
    }

    /** Re-evaluates the fast store path of every frame (after watchers change, or a snapshot shared the frames). */
    public void refreshStorePaths() {
        for (int f = 0; f < ramFrames; f++) refreshStorePath(f);
    }

    /** Re-evaluates the fast store path of the frames a snapshot just shared (the others did not change). */
    public void refreshStorePaths(vmsh.state.FrameSet shared) {
        for (int i = 0; i < shared.count(); i++) refreshStorePath(shared.number(i));
    }

    /**
     * The fast loop may store into frame {@code f} directly unless a watcher sees its stores
     * or a snapshot shares it (the slow path copies it first); with decoded code, it resets
     * the slot it hits.
     */
    private void refreshStorePath(int f) {
        boolean direct = !ram.shared(f) && !bus.watched(f);
        storeFrames[f] = direct && pages[f] == null ? frames[f] : null;
        codeSlots[f] = direct && pages[f] != null ? pages[f].slots : null;
    }

    // ---------------------------------------------------------------- memory

    /**
     * Loads that left the fast path: translation misses, untouched RAM (zeros), devices,
     * misaligned accesses (which succeed, byte by byte) and unmapped addresses (load
     * access fault).
     *
     * @param n the running chunk's instruction count, published so devices see the time
     */
    private int load(int va, int width, int n) {
        if ((va & (width - 1)) != 0) return loadMisaligned(va, width, n);
        int pa = translateData(va, LOAD);
        if (ram.contains(pa)) remember(loadCache, va, pa);
        return loadPhysical(pa, width, n, va);
    }

    /** A misaligned load: both ends translate and are mapped, or it faults whole. */
    private int loadMisaligned(int va, int width, int n) {
        int last = va + width - 1;
        int pa0 = translateData(va, LOAD);
        int pa1 = (last ^ va) >>> 12 == 0 ? pa0 + width - 1 : translateData(last, LOAD);
        return loadSplit(va, width, pa0, pa1, n);
    }

    /** A misaligned load byte by byte, its first byte at {@code pa0} and its last at {@code pa1}. */
    private int loadSplit(int va, int width, int pa0, int pa1, int n) {
        int last = va + width - 1;
        if (!bus.mapped(pa0) || !bus.mapped(pa1)) throw new Trap(CAUSE_LOAD_ACCESS, va);
        int v = 0;
        for (int i = 0; i < width; i++) {
            int a = va + i;
            int pa = (a ^ va) >>> 12 == 0 ? pa0 + i : pa1 - (last - a);
            v |= loadPhysical(pa, 1, n, va) << (8 * i);
        }
        return v;
    }

    /** A naturally aligned physical load; an unmapped address faults with tval {@code va}. */
    private int loadPhysical(int pa, int width, int n, int va) {
        if (ram.contains(pa)) return ram.load(pa - ramBase, width);
        Bus.Mapping m = bus.device(pa);
        if (m == null) throw new Trap(CAUSE_LOAD_ACCESS, va);
        clock.inFlight(n - 1);
        deviceAccesses++;
        return m.device().load(pa - m.base(), width);
    }

    /** Stores that left the fast path; see {@link #load}. Resets decoded code they hit. */
    private void store(int va, int width, int value, int n) {
        if ((va & (width - 1)) != 0) {
            storeMisaligned(va, width, value, n);
            return;
        }
        int pa = translateData(va, STORE);
        if (ram.contains(pa)) remember(storeCache, va, pa);
        storePhysical(pa, width, value, n, va);
    }

    private void storeMisaligned(int va, int width, int value, int n) {
        int last = va + width - 1;
        int pa0 = translateData(va, STORE);
        int pa1 = (last ^ va) >>> 12 == 0 ? pa0 + width - 1 : translateData(last, STORE);
        storeSplit(va, width, value, pa0, pa1, n);
    }

    /** A misaligned store byte by byte, its first byte at {@code pa0} and its last at {@code pa1}. */
    private void storeSplit(int va, int width, int value, int pa0, int pa1, int n) {
        int last = va + width - 1;
        if (!bus.mapped(pa0) || !bus.mapped(pa1)) throw new Trap(CAUSE_STORE_ACCESS, va);
        for (int i = 0; i < width; i++) {
            int a = va + i;
            int pa = (a ^ va) >>> 12 == 0 ? pa0 + i : pa1 - (last - a);
            storePhysical(pa, 1, value >>> (8 * i), n, va);
        }
    }

    /** A naturally aligned physical store; a device store ends the chunk (it may raise an interrupt). */
    private void storePhysical(int pa, int width, int value, int n, int va) {
        if (ram.contains(pa)) {
            storeRam(pa, width, value, n);
            return;
        }
        Bus.Mapping m = bus.device(pa);
        if (m == null) throw new Trap(CAUSE_STORE_ACCESS, va);
        clock.inFlight(n - 1);
        deviceAccesses++;
        m.device().store(pa - m.base(), width, value);
        endChunk = true;
        if (haltRequested) throw HaltSignal.INSTANCE;
    }

    private void storeRam(int pa, int width, int value, int n) {
        int off = pa - ramBase;
        int frame = off >>> Ram.FRAME_SHIFT;
        ram.store(off, width, value);
        DecodedPage p = pages[frame];
        if (p != null) p.invalidate(off & (Ram.FRAME_SIZE - 1));
        Bus.Mapping w = bus.watcher(pa);
        if (w == null && storeFrames[frame] == null && codeSlots[frame] == null) refreshStorePath(frame);
        if (w != null) {
            clock.inFlight(n - 1);
            w.device().store(pa - w.base(), width, value);
            if (haltRequested) throw HaltSignal.INSTANCE;
        }
    }

    /** Page-table reads and A/D write-backs: RAM only (PMP is not enforced). */
    private final class RamPageTables implements PageTableMemory {
        @Override public long readPte(long pa) {
            if (pa >>> 32 != 0 || !ram.contains((int) pa)) return -1;
            return ram.load((int) pa - ramBase, 4) & 0xffff_ffffL;
        }

        @Override public boolean writePte(long pa, int pte) {
            if (pa >>> 32 != 0 || !ram.contains((int) pa)) return false;
            ram.store((int) pa - ramBase, 4, pte);
            invalidateCode((int) pa);
            return true;
        }
    }

    // ---------------------------------------------------------------- out-of-line instructions

    /**
     * LR/SC and the AMOs: naturally aligned words in RAM only. A misaligned address raises
     * address-misaligned (load for lr.w, store/AMO otherwise), a non-RAM one an access fault;
     * lr.w translates as a load, sc.w and the AMOs as stores.
     */
    private void atomic(Opcode op, int rd, int va, int src, int n) {
        int[] x = hart.x;
        boolean lr = op == Opcode.LR_W;
        if ((va & 3) != 0) throw new Trap(lr ? CAUSE_MISALIGNED_LOAD : CAUSE_MISALIGNED_STORE, va);
        int pa = translateData(va, lr ? LOAD : STORE);
        if (!ram.contains(pa)) throw new Trap(lr ? CAUSE_LOAD_ACCESS : CAUSE_STORE_ACCESS, va);
        if (lr) {
            x[rd] = ram.load(pa - ramBase, 4);
            hart.reservation = pa;
            hart.reserved = true;
            return;
        }
        if (op == Opcode.SC_W) {
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

    /**
     * HLV, HLVX and HSV: a load or store of guest memory from HS-mode or M-mode (or U-mode
     * under hstatus.HU), translated through both stages as a V=1 access at hstatus.SPVP's
     * privilege ({@link Mmu#translateVirtual}). HLVX needs execute permission instead of read
     * and faults as a load. Misaligned accesses succeed, as other loads and stores do.
     *
     * @param word the instruction (an illegal one traps with it)
     */
    private void hypervisorAccess(Opcode op, int rd, int va, int src, int word, int n) {
        hart.hypervisorLoadStore(word);
        Kind kind = op.kind;
        virtualAccess = true;
        if (kind.category() == Kind.Category.HYPERVISOR_STORE) storeVirtual(va, kind.width(), src, n);
        else hart.x[rd] = kind.extend(loadVirtual(va, kind.width(), executePermission(op) ? FETCH : LOAD, n));
        virtualAccess = false;
    }

    /** HLVX reads guest memory with execute permission instead of read permission. */
    private static boolean executePermission(Opcode op) { return op == Opcode.HLVX_HU || op == Opcode.HLVX_WU; }

    /** A guest-memory load of an HLV ({@code check} LOAD) or HLVX ({@code check} FETCH: execute permission). */
    private int loadVirtual(int va, int width, int check, int n) {
        int pa0 = translateVirtual(va, check);
        if ((va & (width - 1)) == 0) return loadPhysical(pa0, width, n, va);
        int last = va + width - 1;
        return loadSplit(va, width, pa0, (last ^ va) >>> 12 == 0 ? pa0 + width - 1 : translateVirtual(last, check), n);
    }

    private void storeVirtual(int va, int width, int value, int n) {
        int pa0 = translateVirtual(va, STORE);
        if ((va & (width - 1)) == 0) {
            storePhysical(pa0, width, value, n, va);
            return;
        }
        int last = va + width - 1;
        storeSplit(va, width, value, pa0, (last ^ va) >>> 12 == 0 ? pa0 + width - 1 : translateVirtual(last, STORE), n);
    }

    /**
     * The physical address of guest virtual {@code va} for an HLV/HLVX/HSV; its faults are
     * thrown as the load's or store's (an HLVX's fetch-permission faults become load faults).
     */
    private int translateVirtual(int va, int access) {
        CsrFile c = hart.csr;
        long pa = mmu.translateVirtual(va, access, hart.hypervisorAccessPrivilege(), c.vsatp, c.vsstatus, c.hgatp, c.mstatus);
        checkEpoch();
        if (pa == Mmu.FAULT) {
            int cause = switch (mmu.faultCause) {
                case CAUSE_FETCH_PAGE_FAULT -> CAUSE_LOAD_PAGE_FAULT;
                case CAUSE_FETCH_GUEST_PAGE_FAULT -> CAUSE_LOAD_GUEST_PAGE_FAULT;
                case CAUSE_FETCH_ACCESS -> CAUSE_LOAD_ACCESS;
                default -> mmu.faultCause;
            };
            throw new Trap(cause, va, mmu.faultGpa, faultPseudoinstruction());
        }
        if (pa >>> 32 != 0) throw new Trap(access == STORE ? CAUSE_STORE_ACCESS : CAUSE_LOAD_ACCESS, va);
        return (int) pa;
    }

    /** The CSR, fence.i and system instructions; each ends the chunk. Returns the next pc, or {@link #TRAPPED}. */
    private int system(Opcode op, int w, int word, int pc, int n) {
        Hart h = hart;
        int rd = w >>> 8 & 0xff, rs1 = w >>> 16 & 0xff, rs2 = w >>> 24;
        clock.inFlight(n - 1);
        switch (op) {
            // the traps a deprivileged guest kernel raises all the time return, not throw (see TRAPPED)
            case CSRRW, CSRRS, CSRRC -> {
                int cause = h.tryCsrInstruction(op, word >>> 20, rd, h.x[rs1], rs1 == 0);
                if (cause >= 0) return trapped(cause, word);
            }
            case CSRRWI, CSRRSI, CSRRCI -> {
                int cause = h.tryCsrInstruction(op, word >>> 20, rd, rs1, rs1 == 0);
                if (cause >= 0) return trapped(cause, word);
            }
            case ECALL -> { return trapped(h.ecallCause(), 0); }
            case EBREAK -> throw new Trap(CAUSE_BREAKPOINT, 0); // mtval 0, as QEMU (the spec allows 0 or pc)
            case MRET -> { return h.mret(word); }
            case SRET -> { return h.sret(word); }
            case WFI -> {
                h.wfi(word);
                waitForInterrupt(pc);
            }
            case SFENCE_VMA -> {
                h.sfenceVma(word);
                // with V=1 it fences the guest's own (VS-stage) translations: an hfence.vvma of its VMID
                if (h.virt) mmu.hfenceVvma(vmsh.mmu.Hgatp.vmid(h.csr.hgatp), rs1 != 0, h.x[rs1], rs2 != 0, h.x[rs2]);
                else mmu.sfenceVma(rs1 != 0, h.x[rs1], rs2 != 0, h.x[rs2]);
                checkEpoch();
            }
            case HFENCE_VVMA -> {
                h.hfence(word, false);
                mmu.hfenceVvma(vmsh.mmu.Hgatp.vmid(h.csr.hgatp), rs1 != 0, h.x[rs1], rs2 != 0, h.x[rs2]);
                checkEpoch();
            }
            case HFENCE_GVMA -> {
                h.hfence(word, true);
                mmu.hfenceGvma(rs2 != 0, h.x[rs2]);   // the GPA form flushes the VMID (see Mmu)
                checkEpoch();
            }
            case FENCE_I -> flushDecoded();
            case FENCE -> { }
            default -> throw new IllegalStateException("not a system instruction: " + op);
        }
        return pc + 4;
    }

    /**
     * wfi: with an interrupt pending and enabled in mie it is a nop. Otherwise simulated time
     * skips ahead to the next timer event when the timer can wake the hart (MTIE set and a
     * deadline programmed); when nothing can, the run stops ({@link #idleStop}).
     */
    private void waitForInterrupt(int pc) {
        Hart h = hart;
        if (h.interruptWaiting()) return;
        long due = cyclesUntilTimer.getAsLong();   // from before the wfi (time is published up to it)
        if ((h.csr.mie & (MIP_MTIP | MIP_VSTIP)) != 0 && due != Long.MAX_VALUE) {
            clock.idle(due - 1);   // the wfi's own cycle is part of the wait: the timer is due right after it
            return;
        }
        boolean external = (h.csr.mie & (MIP_MEIP | MIP_SEIP)) != 0;
        idleStop = external
                ? String.format("wfi at pc 0x%08x waits for an external interrupt (console input) and no timer is armed", pc)
                : String.format("wfi at pc 0x%08x with no interrupt source armed", pc);
        endChunk = true;
    }

    // ---------------------------------------------------------------- debugger access

    /** Reads physical memory like a load (devices included); throws naming the address when unmapped. */
    public int readPhysical(int pa, int width) {
        checkWidth(width);
        try {
            int n = clock.inFlight() + 1;   // a debugger may read in the middle of a chunk: its time is the chunk's
            if ((pa & (width - 1)) == 0) return loadPhysical(pa, width, n, pa);
            if (!bus.mapped(pa + width - 1)) throw new Trap(CAUSE_LOAD_ACCESS, pa);
            int v = 0;
            for (int i = 0; i < width; i++) v |= loadPhysical(pa + i, 1, n, pa) << (8 * i);
            return v;
        } catch (Trap t) {
            throw new IllegalArgumentException(String.format("address 0x%08x is not mapped", pa));
        }
    }

    /** Writes physical memory like a store (decoded code it hits is reset). */
    public void writePhysical(int pa, int width, int value) {
        checkWidth(width);
        boolean chunkEnding = endChunk;   // a debugger may write in the middle of a chunk
        try {
            int n = clock.inFlight() + 1;
            if (!bus.mapped(pa) || !bus.mapped(pa + width - 1)) throw new Trap(CAUSE_STORE_ACCESS, pa);
            if ((pa & (width - 1)) == 0) storePhysical(pa, width, value, n, pa);
            else for (int i = 0; i < width; i++) storePhysical(pa + i, 1, value >>> (8 * i), n, pa);
        } catch (Trap t) {
            throw new IllegalArgumentException(String.format("address 0x%08x is not mapped", pa));
        } catch (HaltSignal h) {
            // the write reached a device that halts the machine; the next run reports it
        } finally {
            endChunk = chunkEnding;
        }
    }

    private static void checkWidth(int width) {
        if (width != 1 && width != 2 && width != 4)
            throw new IllegalArgumentException("access width " + width + " must be 1, 2 or 4");
    }

    /** The instruction word at virtual {@code pc} (a walk that changes nothing), or null when it cannot be fetched. */
    public Integer peekInstruction(int pc) {
        syncMmu();
        long pa = mmu.probe(pc, FETCH);
        if ((pc & 3) != 0 || pa == Mmu.FAULT || pa >>> 32 != 0 || !ram.contains((int) pa)) return null;
        return ram.load((int) pa - ramBase, 4);
    }
}
