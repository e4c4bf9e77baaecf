package vmsh.cpu;

import static vmsh.cpu.Translations.FETCH;
import static vmsh.cpu.Translations.NO_PAGE;
import static vmsh.cpu.Translations.SLOT_OFF;
import static vmsh.cpu.Translations.SLOT_USE;
import static vmsh.cpu.Translations.SOFT_INDEX;
import static vmsh.isa.Encoding.*;

import java.util.Set;
import java.util.function.LongSupplier;
import vmsh.isa.Kind;
import vmsh.isa.Opcode;
import vmsh.mem.Bus;
import vmsh.mem.Ram;
import vmsh.mmu.Mmu;
import vmsh.mmu.TlbConfig;
import vmsh.state.StateIn;
import vmsh.state.StateOut;
import vmsh.state.Stateful;

/**
 * The execution engine: an interpreter over decoded pages. Instructions are decoded once
 * into a {@link DecodedPage} per physical RAM frame (lazily, slot by slot; see
 * {@link DecodedCode}); the fast loop indexes the current page's slots while the pc stays
 * on it, switches over the dense {@link Op} numbers, and follows branches and jumps on the
 * same page without a lookup.
 *
 * <p>The fast loop ({@link #run}) calls no method and throws nothing: anything that needs
 * more than its fast path (an undecoded slot, a page not yet prepared, device, misaligned
 * or faulting accesses, the instructions it leaves out, traps) makes it return, and
 * {@link #execute} does the slow part ({@link #slowStep}) and goes back in. That keeps the
 * loop small (HotSpot does not compile methods over 8000 bytecodes) and lets HotSpot keep
 * its state in registers. Paging stays in the fast loop as cached translations (a latched
 * fetch page, data page caches: {@link Translations}).
 *
 * <p>The parts, each package-private: {@link DecodedCode} (decoded pages, fast store
 * paths), {@link Translations} (the cached translations over the {@link Mmu}),
 * {@link LoadStore} (accesses off the fast path), {@link RareInstructions} (atomics,
 * HLV/HSV, CSR and system instructions), {@link Traps} (trap entry),
 * {@link MarkedInstructions} (breakpoints and hooked instructions) and {@link Stops} (why a
 * run ends early). This class holds the loops and the engine's public face.
 *
 * <p>Time: a run stops exactly at the instruction where the next timer event falls (an
 * instruction costs one cycle), and after every system instruction and device store, so
 * an interrupt is taken at the first instruction boundary where it is pending and enabled.
 *
 * <p>Self-modifying code: a store into a frame that holds decoded code resets the slot
 * it hits, so the next execution decodes the new word; fence.i drops every decoded page.
 */
public final class Engine implements Stateful {
    /** RAM starts at the same place on every machine; a constant keeps a register free in the loop. */
    private static final int RAM_BASE = vmsh.mem.MemoryMap.RAM;

    private final Hart hart;
    private final Clock clock;
    private final Ram ram;
    private final Mmu mmu;
    private final Stops stops = new Stops();
    private final DecodedCode code;
    private final Translations translations;
    private final LoadStore memory;
    private final Traps traps;
    private final RareInstructions rare;
    private final MarkedInstructions marked;
    /** Hot code translated to JVM bytecode, or null: the interpreter runs everything. */
    private TranslatedCode translated;
    /** {@link #translated} is used: the process has warmed up (see {@link WarmUp}). */
    private boolean translating;
    /** Cycles until the next timer event (0: due now, Long.MAX_VALUE: none). */
    private LongSupplier cyclesUntilTimer = () -> Long.MAX_VALUE;

    public Engine(Hart hart, Clock clock, Bus bus, TlbConfig tlb, boolean hardwareAD) {
        this.hart = hart;
        this.clock = clock;
        this.ram = bus.ram();
        if (ram.base() != RAM_BASE) throw new IllegalArgumentException("RAM must start at " + RAM_BASE);
        this.code = new DecodedCode(ram, bus);
        this.mmu = new Mmu(new RamPageTables(ram, code), tlb);
        mmu.setHardwareAD(hardwareAD);
        this.translations = new Translations(hart, mmu, code, ram);
        this.memory = new LoadStore(bus, clock, translations, code, stops);
        this.traps = new Traps(hart, ram, translations, stops);
        this.rare = new RareInstructions(hart, clock, mmu, translations, memory, code, traps, stops, ram,
                () -> cyclesUntilTimer.getAsLong());
        this.marked = new MarkedInstructions(hart, clock, mmu, ram, translations, code, memory, stops, this::slowStepKept);
    }

    public Engine(Hart hart, Clock clock, Bus bus) { this(hart, clock, bus, TlbConfig.DEFAULT, true); }

    public Mmu mmu() { return mmu; }

    /**
     * Translates hot code to JVM bytecode once a slot has been entered {@code threshold}
     * times (0: interpret everything), at once. Results are the same either way, instruction
     * for instruction; only the speed differs.
     */
    public void setTranslation(int threshold) { setTranslation(threshold, 0); }

    /**
     * Translates hot code once a slot has been entered {@code threshold} times (0: interpret
     * everything), but only after the process has run {@code warmUp} guest instructions in
     * engines waiting to translate (0: at once); until then it only interprets, as fast as
     * with the translator off.
     */
    public void setTranslation(int threshold, long warmUp) {
        if (threshold < 0) throw new IllegalArgumentException("translation threshold must not be negative: " + threshold);
        if (warmUp < 0) throw new IllegalArgumentException("translation warm-up must not be negative: " + warmUp);
        if (threshold == translationThreshold() && (translated == null || warmUp == translated.warmUp)) return;
        // blocks already made stay valid (stores and flushes drop them whether or not they run)
        translated = threshold == 0 ? null : new TranslatedCode(this, hart, code, translations, mmu, threshold, warmUp);
        translating = translated != null && WarmUp.instructions() >= warmUp;
    }

    /**
     * Whether machines translate hot code unless told otherwise: yes, but for the system
     * property {@code vmsh.jit=false} (what {@code --no-jit} sets). The default policy waits
     * for the process to warm up ({@link #defaultWarmUp}), so short runs never pay for
     * translating.
     */
    public static boolean translatesByDefault() { return !"false".equals(System.getProperty("vmsh.jit")); }

    /**
     * The entries to a slot before it is translated: {@value #TRANSLATION_THRESHOLD}, or the
     * system property {@code vmsh.jit.threshold} (1 translates all code at once: the tests'
     * way to run everything through the translator).
     */
    public static int defaultTranslationThreshold() {
        return (int) property("vmsh.jit.threshold", TRANSLATION_THRESHOLD, 1, Integer.MAX_VALUE);
    }

    /**
     * The guest instructions a process runs before the default policy translates:
     * {@value #WARM_UP} (interpreting them costs about what translating costs a fresh process,
     * so a process that stops soon after pays little, and one that goes on gains); or the
     * system property {@code vmsh.jit.warmup} (0: at once).
     */
    public static long defaultWarmUp() { return property("vmsh.jit.warmup", WARM_UP, 0, Long.MAX_VALUE); }

    private static final int TRANSLATION_THRESHOLD = 20_000;
    private static final long WARM_UP = 200_000_000;

    private static long property(String name, long otherwise, long min, long max) {
        String t = System.getProperty(name);
        if (t == null || t.isBlank()) return otherwise;
        try {
            long n = Long.parseLong(t.strip());
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", not '" + t + "'");
    }

    /** The entries to a slot before it is translated, 0 when the engine only interprets. */
    public int translationThreshold() { return translated == null ? 0 : translated.threshold; }

    /** Blocks translated to JVM bytecode so far. */
    public long translatedBlocks() { return translated == null ? 0 : translated.translatedBlocks; }

    /** Where the engine learns when the next timer event is due, in cycles from now. */
    public void setTimer(LongSupplier cyclesUntilTimer) { this.cyclesUntilTimer = cyclesUntilTimer; }

    /** Told about every trap taken; null for none. */
    public void setTrapListener(TrapListener listener) { traps.listener = listener; }

    /**
     * The hypervisor that handles every trap bound for HS-mode or M-mode (see
     * {@link TrapInterceptor}); null: traps vector as usual.
     */
    public void setTrapInterceptor(TrapInterceptor interceptor) { traps.interceptor = interceptor; }

    public Hart hart() { return hart; }

    public Clock clock() { return clock; }

    /** Exceptions taken, by cause code. */
    public long[] exceptionCounts() { return traps.exceptionCounts.clone(); }

    /** Interrupts taken, by interrupt code. */
    public long[] interruptCounts() { return traps.interruptCounts.clone(); }

    // ---------------------------------------------------------------- run state

    /** A device asks the run to end after the current instruction (finisher, tohost). */
    public void requestHalt() { stops.haltRequested = true; }

    /**
     * Why the last {@link #execute} ended before its budget (a device's halt, the monitor, a
     * breakpoint, a fault, an idle wfi), or null; it stays until {@link #clearStop}.
     */
    public EngineStop stop() { return stops.reason(); }

    /** Forgets the stop (a new run starts, the stop was handled). */
    public void clearStop() { stops.clear(); }

    public void addBreakpoint(int pc) { if (marked.breakpoints.add(pc)) flushDecoded(); }

    public void removeBreakpoint(int pc) { if (marked.breakpoints.remove(pc)) flushDecoded(); }

    public Set<Integer> breakpoints() { return Set.copyOf(marked.breakpoints); }

    public boolean isBreakpoint(int pc) { return marked.breakpoints.contains(pc); }

    /**
     * Sets the debugger that watches the instructions it marks, besides the breakpoints
     * (vmsh.debug's hooks); null for none. Takes effect at once: decoded code is dropped and
     * decoded again with the new marks.
     */
    public void setMarks(CodeMarks marks) {
        marked.marks = marks;
        marked.wantAfter = marks != null && marks.wantsAfter();
        int latched = translations.latchedFrame();
        code.flush();
        // no translation changed: the fetch latch stays (as after a restore), so marks leave the TLB's counts alone
        if (latched >= 0) code.prepare(latched);
    }

    /**
     * The last {@link #execute} stopped before a marked instruction whose {@code before} had
     * run and changed the machine beyond registers and RAM (the pc, a device, the marks): the
     * caller finishes that instruction with {@link #finishHandedOff} (after looking at halts).
     */
    public boolean handedOff() { return marked.handoffMarks != null; }

    /**
     * Finishes a handed-off instruction as a separate step: executes the instruction at the
     * pc ignoring its mark (taking a pending interrupt first, as any step does), then calls
     * {@code after} of the debugger that looked before it. Returns the instructions executed.
     */
    public int finishHandedOff() {
        CodeMarks looked = marked.handoffMarks;
        int pc = marked.handoffPc;
        marked.handoffMarks = null;
        int n = executeIgnoringBreakpoint();
        String stop = looked.after(pc);
        if (stop != null && stops.markStop == null) stops.markStop = stop;
        return n;
    }

    /**
     * Executes the instruction at the pc even if it is a breakpoint or marked (gdb's
     * continue), from the slot's kept decoded form, without calling the marks' debugger.
     */
    public int executeIgnoringBreakpoint() {
        marked.skip = true;
        marked.skipAt = hart.pc;
        try {
            return execute(1);
        } finally {
            marked.skip = false;
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
        translations.save(out);
        out.putLongs(traps.exceptionCounts).putLongs(traps.interruptCounts);
    }

    /** Restores what {@link #save} wrote; decoded code is dropped (memory changed) and decoded again on use. */
    @Override
    public void restore(StateIn in) {
        in.section("mmu", mmu);
        int latched = translations.restore(in, code.ramFrames);
        in.getLongs(traps.exceptionCounts);
        in.getLongs(traps.interruptCounts);
        code.flush();
        if (latched >= 0) code.prepare(latched);   // as preparePage left it: the latch goes on without a new lookup
        code.refreshStorePaths();
        stops.clear();
        marked.afterMarks = marked.handoffMarks = null;
    }

    // ---------------------------------------------------------------- the interpreter

    /** Why {@link #run} returned (EXIT_JUMP: at a taken jump, when asked to). */
    static final int EXIT_BUDGET = 0, EXIT_PAGE = 1, EXIT_DECODE = 2, EXIT_SLOW = 3, EXIT_BREAK = 4, EXIT_JUMP = 5;
    int exitKind, exitPc;
    /** Loads and stores the last run served from the data page caches, for {@link Translations#publish}. */
    int runDataHits;

    /**
     * Runs at most {@code limit} instructions and returns how many it executed (an
     * instruction that traps counts). Takes a pending interrupt first (and returns 0); stops
     * early where the next timer event is due, after a trap, a system instruction or a
     * device store, so the next call takes an interrupt at the exact instruction boundary.
     */
    public int execute(int limit) {
        stops.atBreakpoint = false;
        stops.endChunk = false;
        final Hart h = hart;
        translations.sync();
        translations.checkEpoch();   // a hypervisor may have fenced translations the data caches hold
        int pc = h.pc;
        int irq = h.pendingInterrupt();
        if (irq >= 0) {
            clock.chargeInterrupt();
            traps.enter(irq | MCAUSE_INTERRUPT, 0, pc, -1, 0, false);
            return 0;
        }
        long due = cyclesUntilTimer.getAsLong();
        if (due > 0 && due < limit) limit = (int) due;   // one cycle per instruction
        int left = limit;
        try {
            for (;;) {
                int entered = left;
                left = translating ? translated.run(pc, left) : run(pc, left, false);
                translations.publish(entered, left, runDataHits);
                if (!translating && translated != null) warmingUp(entered - left);
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
                            throw new Trap(cause, pc, translations.fetchFaultGpa, translations.fetchFaultPseudo);
                        }
                    }
                    case EXIT_DECODE -> decodeAt(pc);
                    case EXIT_BREAK -> {
                        // marked instructions, one after another while the next is marked too
                        // (the fast loop would stop right there)
                        MarkedInstructions m = marked;
                        DecodedPage page = code.pages[translations.frameOf(pc)];
                        do {
                            int j = (pc & 0xfff) >>> 1, kinds = page.markKinds(j);
                            boolean skip = m.skip && pc == m.skipAt;
                            if (!skip && (kinds & DecodedPage.MARK_BREAKPOINT) != 0) {
                                stops.atBreakpoint = true;
                                h.pc = pc;
                                clock.commit(limit - left);
                                return limit - left;
                            }
                            CodeMarks looking = skip || (kinds & DecodedPage.MARK_MONITOR) == 0 ? null : m.marks;
                            if (looking != null) {
                                boolean go;
                                try {
                                    go = m.looksBefore(looking, pc, page, j, limit, left);
                                } finally {
                                    if (m.drove) {   // the debugger stepped on itself (MarkedRun): take up where it is
                                        m.drove = false;
                                        pc = m.atPc;
                                        page = m.atPage;
                                        j = m.atJ;
                                        left = m.atLeft;
                                    }
                                }
                                if (!go) {
                                    clock.commit(limit - left);   // stopped (markStop) or handed off before it
                                    return limit - left;
                                }
                            }
                            int next;
                            if (looking != null && m.droveThrough) {
                                next = m.steppedTo();   // the debugger executed it too: its outcome (or what it threw)
                            } else {
                                left--;
                                if (looking != null && m.wantAfter) {   // else after() has nothing to do
                                    m.afterMarks = looking;
                                    m.afterPc = pc;
                                }
                                next = m.step(pc, page, j);
                                if (next == NextPc.SLOW_STEP) next = slowStepKept(pc, page, j, limit - left);
                            }
                            if (next == NextPc.TRAPPED) return endTrapped(pc, limit - left);
                            if (m.afterMarks != null) next = m.looksAfter(next, limit - left);
                            if (next == NextPc.CHUNK_END || stops.endChunk) {
                                if (next != NextPc.CHUNK_END) h.pc = next;
                                clock.commit(limit - left);
                                return limit - left;
                            }
                            pc = next;
                        } while (left > 0 && (page = m.markedPage(pc)) != null);
                    }
                    default -> {                          // EXIT_SLOW
                        left--;
                        translations.countSlowFetch();
                        int next = slowStep(pc, limit - left);
                        if (next == NextPc.TRAPPED) return endTrapped(pc, limit - left);
                        if (next == NextPc.CHUNK_END || stops.endChunk) {
                            if (next != NextPc.CHUNK_END) h.pc = next;
                            clock.commit(limit - left);
                            return limit - left;
                        }
                        pc = next;
                    }
                }
            }
        } catch (Trap trap) {
            clock.chargeTrap();
            traps.enter(trap.cause, trap.tval, pc, trap.gpa, traps.instruction(trap, pc), rare.takeVirtualAccess());
            clock.commit(limit - left);
            marked.owedAfter();
            return limit - left;
        } catch (HaltSignal halt) {
            rare.takeVirtualAccess();   // an HSV to the finisher
            h.pc = pc + 4;
            clock.commit(limit - left);
            marked.owedAfter();
            return limit - left;
        } catch (RuntimeException | Error e) {   // from a debugger's call: keep the count, then report it
            marked.afterMarks = null;
            clock.commit(limit - left);
            throw e;
        }
    }

    /** Counts instructions run while waiting for the process to warm up; translates from then on. */
    private void warmingUp(int executed) {
        if (WarmUp.count(executed) >= translated.warmUp) translating = true;
    }

    /**
     * Ends the chunk after the instruction at {@code pc} returned {@link #TRAPPED}: as the
     * catch of a {@link Trap} in {@link #execute} does, for these causes (no tinst).
     *
     * @param n instructions executed in this chunk, the trapping one included
     */
    private int endTrapped(int pc, int n) {
        clock.chargeTrap();
        traps.enterRaised(pc);
        clock.commit(n);
        marked.owedAfter();
        return n;
    }

    /**
     * The fast interpreter: runs from {@code pc} while instructions stay on their fast
     * paths and {@code left} lasts; returns the instructions left, with {@link #exitKind}
     * and {@link #exitPc} saying why and where it stopped. The instruction it exits at
     * (a slow one, a slot to decode, a breakpoint) is not counted. With {@code toJump} it
     * also counts the entries of each taken jump's target and returns there
     * ({@link #EXIT_JUMP}) when it has a translated block or has become hot, so that the
     * translator runs it.
     */
    private int run(int pc, int left, boolean toJump) {
        final int[] x = hart.x;
        final DecodedCode decoded = code;
        final int[][] frames = decoded.frames, storeFrames = decoded.storeFrames, codeSlots = decoded.codeSlots;
        final DecodedPage[] pages = decoded.pages;
        final int ramFrames = decoded.ramFrames;
        // paging: the latched fetch page, the data page caches and the LRU time of data accesses
        final boolean fetchPaged = translations.fetchPaged, dataPaged = translations.dataPaged;
        final DecodedPage latched = fetchPaged && mmu.fetchLatchValid() ? pages[translations.fetchFrame] : null;
        final int latchedPage = latched != null ? translations.fetchPage : NO_PAGE;
        final int[] loadCache = translations.loadCache, storeCache = translations.storeCache;
        int dataHits = 0;
        int exit;
        boolean jumped = false;
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
            if (jumped) {
                jumped = false;
                if (enteredHot(page, j, dataPaged)) { exit = EXIT_JUMP; break; }
            }
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
                    default -> {   // the other computational instructions (the extensions) in one call; the rest slow
                        if (!Alu.computes(w & 0xff)) { exit = EXIT_SLOW; pc = base + (j << 1); break pages; }
                        x[w >>> 8 & 0xff] = Alu.compute(w & 0xff, x[w >>> 16 & 0xff], x[w >>> 24] + s[j + 1]);
                        j += 2;
                        continue;
                    }
                }
                // a taken jump: stay on this page when the target is on it (and, translating,
                // is neither translated nor hot)
                if ((t & ~0x7ff) == 0 && (!toJump || !enteredHot(page, t, dataPaged))) { j = t; continue; }
                pc = base + (t << 1);
                left--;
                if (toJump) {
                    if ((t & ~0x7ff) == 0) { exit = EXIT_JUMP; break pages; }
                    jumped = true;   // to another page: look at its target there
                }
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
     * The fast loop up to the next taken jump to translated or hot code (for
     * {@link TranslatedCode}): cold code runs here at the interpreter's speed.
     */
    int interpretToHot(int pc, int left) { return run(pc, left, true); }

    /**
     * Counts an entry to the slot at array index {@code j} of {@code page} by a taken jump;
     * true when the slot has a translated block or has become hot (the translator takes over).
     */
    private boolean enteredHot(DecodedPage page, int j, boolean paged) {
        TranslatedBlock[] blocks = page.blocks;
        if (blocks != null && blocks[j | (paged ? 1 : 0)] != null) return true;
        int[] heat = page.heat;
        if (heat == null) page.heat = heat = new int[DecodedPage.SLOTS];
        return ++heat[j >>> 1] >= translated.threshold;   // only asked while translating
    }

    /**
     * Executes the instruction at {@code pc} that left the fast path (or a marked one, from
     * its kept form: see {@link MarkedInstructions#step}), by its kind in the instruction
     * table; returns the next pc, {@link #CHUNK_END} after a CSR, fence.i or system
     * instruction (hart.pc set), or {@link #TRAPPED}.
     *
     * @param n instructions executed in this chunk so far, this one included
     */
    private int slowStep(int pc, int n) {
        int[] s = code.pages[translations.frameOf(pc)].slots;
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
            case LOAD -> x[rd] = kind.extend(memory.load(a + imm, kind.width(), n));
            case STORE -> memory.store(a + imm, kind.width(), b, n);
            case ALU_REG, ALU_IMM, ALU_UNARY -> x[rd] = Alu.compute(w & 0xff, a, b + imm);
            case JUMP -> {   // only a jalr to a misaligned target leaves the fast path
                int target = op == Opcode.JAL ? pc + imm : (a + imm) & ~1;
                if ((target & 2) != 0) throw new Trap(CAUSE_MISALIGNED_FETCH, target);
                x[rd] = pc + 4;
                return target;
            }
            case AMO -> rare.atomic(op, rd, a, b, n);
            case HYPERVISOR_LOAD, HYPERVISOR_STORE -> rare.hypervisorAccess(op, rd, a, b, imm, n);
            default -> {   // CSR, FENCE, SYSTEM: they end the chunk
                int next = rare.system(op, w, imm, pc, n);
                if (next == NextPc.TRAPPED) return NextPc.TRAPPED;
                hart.pc = next;
                return NextPc.CHUNK_END;
            }
        }
        return pc + 4;
    }

    /** The slow step of a marked instruction, its kept form in the slot meanwhile. */
    private int slowStepKept(int pc, DecodedPage page, int j, int n) {
        int[] s = page.slots;
        int w = page.kept(j);
        s[j] = w;
        try {
            return slowStep(pc, n);
        } finally {
            if (s[j] == w) s[j] = Op.BREAKPOINT;   // unless it overwrote itself: decoded and marked again then
        }
    }

    // ---------------------------------------------------------------- decoded pages

    /**
     * Makes sure the page holding {@code pc} has decoded slots (translating it when paging);
     * returns -1, or the exception the fetch raises.
     */
    private int preparePage(int pc) {
        Translations t = translations;
        t.fetchFaultGpa = -1;
        t.fetchFaultPseudo = 0;
        if ((pc & 3) != 0) return CAUSE_MISALIGNED_FETCH;
        int pa = pc;
        if (t.fetchPaged) {
            long p = t.translateFetch(pc);
            if (p == Mmu.FAULT) return mmu.faultCause;
            if (p >>> 32 != 0) return CAUSE_FETCH_ACCESS;
            pa = (int) p;
        }
        if (!ram.contains(pa)) return CAUSE_FETCH_ACCESS;
        int frame = (pa - RAM_BASE) >>> Ram.FRAME_SHIFT;
        code.prepare(frame);
        if (t.fetchPaged) t.latch(pc, frame);
        return -1;
    }

    /** Decodes the slot at {@code pc} (its page is prepared), marking breakpoints and what the marks' debugger watches. */
    private void decodeAt(int pc) {
        int frame = translations.frameOf(pc);
        DecodedPage page = code.pages[frame];
        int j = (pc & 0xfff) >>> 1;
        int word = ram.load(frame << Ram.FRAME_SHIFT | pc & 0xffc, 4);
        DecodedPage.decode(page.slots, j, word, hart.csr.isa);
        int kinds = marked.kindsAt(pc, word);
        if (kinds != 0) page.mark(j, kinds);
    }

    /** Drops every decoded page (fence.i, breakpoint changes). */
    public void flushDecoded() {
        code.flush();
        translations.dropLatch();
    }

    /**
     * Forgets the decoded code of RAM frame {@code frame}: its contents changed behind the
     * engine's back (a hypervisor reallocated, copied or zeroed it).
     */
    public void forgetFrame(int frame) {
        if (code.forget(frame) && (!translations.fetchPaged || translations.fetchFrame == frame)) translations.dropLatch();
    }

    /** Re-evaluates the fast store path of every frame (after watchers change, or a snapshot shared the frames). */
    public void refreshStorePaths() { code.refreshStorePaths(); }

    // ---------------------------------------------------------------- translation and debugger access

    /** Re-evaluates the fast store path of the frames a snapshot just shared, by number (the others did not change). */
    public void refreshStorePaths(int[] shared) { code.refreshStorePaths(shared); }

    /**
     * Brings the MMU up to date with the hart (privilege, satp, mstatus MPRV/MPP/SUM/MXR);
     * a change drops the engine's cached translations.
     */
    public void syncMmu() { translations.sync(); }

    /** Reads physical memory like a load (devices included); throws naming the address when unmapped. */
    public int readPhysical(int pa, int width) { return memory.readPhysical(pa, width); }

    /** Writes physical memory like a store (decoded code it hits is reset). */
    public void writePhysical(int pa, int width, int value) { memory.writePhysical(pa, width, value); }

    /** The instruction word at virtual {@code pc} (a walk that changes nothing), or null when it cannot be fetched. */
    public Integer peekInstruction(int pc) {
        translations.sync();
        long pa = mmu.probe(pc, FETCH);
        if ((pc & 3) != 0 || pa == Mmu.FAULT || pa >>> 32 != 0 || !ram.contains((int) pa)) return null;
        return ram.load((int) pa - RAM_BASE, 4);
    }
}
