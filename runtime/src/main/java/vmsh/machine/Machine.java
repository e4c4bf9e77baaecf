package vmsh.machine;

import vmsh.board.Monitor;
import vmsh.board.RunResult;
import vmsh.board.StopReason;
import vmsh.board.Target;
import vmsh.board.TrapEvent;
import static vmsh.isa.Encoding.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import vmsh.asm.Disassembler;
import vmsh.cpu.Clock;
import vmsh.cpu.CsrFile;
import vmsh.cpu.Engine;
import vmsh.cpu.EngineStop;
import vmsh.cpu.Hart;
import vmsh.dev.Clint;
import vmsh.dev.Console;
import vmsh.dev.Htif;
import vmsh.dev.Plic;
import vmsh.dev.TestFinisher;
import vmsh.dev.Uart16550;
import vmsh.image.Image;
import vmsh.image.Segment;
import vmsh.isa.Encoding;
import vmsh.mem.Bus;
import vmsh.mem.MemoryMap;
import vmsh.mem.Ram;
import vmsh.mmu.Access;
import vmsh.mmu.Mapping;
import vmsh.mmu.PageTableDump;
import vmsh.mmu.Regime;
import vmsh.mmu.TlbEntry;
import vmsh.mmu.Translation;
import vmsh.state.StateIn;
import vmsh.state.StateOut;
import vmsh.state.Stateful;

/**
 * A bare RISC-V machine: one RV32IMA hart (M, S, U), sparse RAM at 0x8000_0000 and the
 * devices of QEMU's {@code virt} layout (see {@link MemoryMap}). A run executes up to a
 * budget of instructions and says why it stopped ({@link StopReason}).
 */
public final class Machine implements Target {
    /** Instructions per engine call: the granularity of stop requests. */
    private static final int CHUNK = 1 << 16;

    private final MachineConfig config;
    private final Console console = new Console();
    private final Clock clock = new Clock();
    private final Ram ram;
    private final Bus bus;
    private final Clint clint;
    private final Plic plic = new Plic();
    private final Uart16550 uart;
    private final Hart hart;
    private final Engine engine;
    private final Htif htif = new Htif(this::halt);
    private final TestFinisher finisher = new TestFinisher(this::halt);
    /** Where the loaded image's HTIF {@code tohost} word is, or {@link #NO_TOHOST}. */
    private int tohost = NO_TOHOST;
    private static final int NO_TOHOST = 0;
    /** A run is going on (snapshots are taken between runs). */
    private boolean running;
    /** Told about outside input and changes: a recording, a history. */
    private final List<InputObserver> inputObservers = new ArrayList<>();
    /** Pauses runs at counts of its choosing (a history's checkpoints), or null. */
    private RunObserver runObserver;
    /** Known history is being executed again: no hook, trace or console output sees it. */
    private boolean replaying;
    private java.util.function.IntConsumer mutedSink;

    private volatile boolean stopRequested;
    /** The guest has halted (finisher, tohost): runs answer so until the next load. */
    private boolean exited;
    private int exitCode;
    private Consumer<String> trace;
    private final List<Consumer<TrapEvent>> trapHooks = new ArrayList<>();
    private Monitor monitor;

    public Machine(MachineConfig config) {
        this.config = config;
        this.ram = new Ram(MemoryMap.RAM, config.memoryBytes());
        this.bus = new Bus(ram);
        this.clint = new Clint(clock::cycles);
        this.uart = new Uart16550(console);
        this.hart = new Hart(new CsrFile(clock, clint::mtime, this::devicePending, config.isa()));
        this.engine = new Engine(hart, clock, bus, config.tlb(), config.hardwareAD());
        engine.setTranslation(config.jitThreshold(), config.jitWarmUp());
        engine.setTimer(clint::cyclesUntilTimer);
        hart.pc = MemoryMap.RAM;   // no boot ROM: the hart starts where images load
        wireDevices();
        console.setListener(new Console.Listener() {
            @Override public void fed(byte[] bytes) { for (InputObserver o : inputObservers) o.consoleInput(bytes); }

            @Override public void cleared() { for (InputObserver o : inputObservers) o.consoleCleared(); }
        });
    }

    public Machine() { this(MachineConfig.defaults()); }

    /** The device wiring: one line per device, at its QEMU {@code virt} address. */
    private void wireDevices() {
        bus.map(MemoryMap.FINISHER, finisher);
        bus.map(MemoryMap.CLINT, clint);
        bus.map(MemoryMap.PLIC, plic);
        bus.map(MemoryMap.UART, uart);
        plic.connect(Plic.UART_SOURCE, uart::interruptPending);
    }

    /** The interrupt lines devices drive: mip.MSIP, MTIP (CLINT), MEIP and the external SEIP (PLIC contexts 0, 1). */
    private int devicePending() {
        return (clint.softwarePending() ? Encoding.MIP_MSIP : 0) | (clint.timerPending() ? Encoding.MIP_MTIP : 0)
             | (plic.interruptPending(0) ? Encoding.MIP_MEIP : 0) | (plic.interruptPending(1) ? Encoding.MIP_SEIP : 0);
    }

    /** A device ended the run with {@code code} (finisher, tohost). */
    private void halt(int code) {
        exited = true;
        exitCode = code;
        engine.requestHalt();
    }

    // ---------------------------------------------------------------- loading

    /**
     * Copies the image into memory (zero-filling each segment's .bss part), points the hart
     * at its entry in M-mode and, when the image has a {@code tohost} symbol, watches it
     * for Spike's HTIF exit.
     */
    public void load(Image image) {
        for (Segment seg : image.segments()) {
            if (!ram.contains(seg.address()) || seg.memSize() > 0 && !ram.contains((int) (seg.end() - 1)))
                throw new IllegalArgumentException(String.format(
                        "segment %s at 0x%08x (%d bytes) is outside RAM 0x%08x..0x%08x",
                        seg.name(), seg.address(), seg.memSize(), ram.base(), ram.base() + ram.size() - 1));
            copy(seg);
        }
        tohost = image.hasSymbol("tohost") ? image.symbol("tohost") : NO_TOHOST;
        watchTohost();
        engine.flushDecoded();
        engine.refreshStorePaths();
        hart.pc = image.entry();
        hart.priv = PRV_M;
        hart.reserved = false;
        exited = false;
        exitCode = 0;
        engine.clearStop();
        for (InputObserver o : inputObservers) o.replaced();
    }

    private void watchTohost() {
        bus.clearWatchers();
        if (tohost != NO_TOHOST) bus.watch(tohost, htif);
    }

    private void copy(Segment seg) {
        byte[] data = seg.data();
        int off = seg.address() - ram.base();
        for (int i = 0; i < data.length; i++) ram.store(off + i, 1, data[i]);
        for (int i = data.length; i < seg.memSize(); i++) {
            int o = off + i;
            if (ram.frames()[o >>> Ram.FRAME_SHIFT] != null) ram.store(o, 1, 0);   // untouched frames read 0 already
        }
    }

    // ---------------------------------------------------------------- running

    /**
     * Runs at most {@code maxInsns} instructions (an instruction that traps counts). A run
     * started on a breakpoint executes that instruction first, as gdb's continue does. Once
     * the guest has exited, a run executes nothing and says so (as gdb does) until an image
     * is loaded again: the guest never resumes past its exit.
     */
    public RunResult run(long maxInsns) {
        if (maxInsns < 0) throw new IllegalArgumentException("instruction budget " + maxInsns + " is negative");
        if (exited) return new RunResult(StopReason.HALT, 0, 0, exitCode,
                "the guest has exited with code " + exitCode + "; load an image to run again");
        for (InputObserver o : inputObservers) o.beforeRun();
        running = true;
        try {
            return runChunks(maxInsns);
        } finally {
            running = false;
        }
    }

    private RunResult runChunks(long maxInsns) {
        long insns0 = clock.executed(), cycles0 = clock.cycles();
        engine.clearStop();
        long done = 0;
        pauseIfDue();
        if (maxInsns > 0 && engine.isBreakpoint(hart.pc)) {
            if (trace != null) traceInstruction();
            done += engine.executeIgnoringBreakpoint();
        }
        while (true) {
            // the monitor's marks (hooks) are looked at inside the engine; when a hook changed
            // more than registers and RAM, the engine hands the rest of that instruction back
            if (engine.handedOff()) done += engine.finishHandedOff();
            pauseIfDue();
            EngineStop stop = engine.stop();
            StopReason reason = stop != null ? reasonOf(stop) : stopReason(done, maxInsns);
            if (reason != null) return result(reason, stop, insns0, cycles0);
            int chunk = (int) Math.min(CHUNK, maxInsns - done);
            if (runObserver != null) chunk = (int) Math.max(1, Math.min(chunk, runObserver.nextStop() - clock.executed()));
            done += trace == null ? engine.execute(chunk) : executeTraced(chunk);
        }
    }

    /** At the run observer's stop, between chunks: it may snapshot or restore as between runs. */
    private void pauseIfDue() {
        if (runObserver == null || clock.executed() != runObserver.nextStop()) return;
        running = false;
        try {
            runObserver.atStop();
        } finally {
            running = true;
        }
    }

    /** Why the engine stopped, as a run says it: the monitor or a breakpoint stops it as a break. */
    private static StopReason reasonOf(EngineStop stop) {
        return switch (stop.kind()) {
            case MARK, BREAKPOINT -> StopReason.BREAK;
            case HALT -> StopReason.HALT;
            case FAULT -> StopReason.FAULT;
            case IDLE -> StopReason.IDLE;
        };
    }

    /** A stop from outside the engine: the budget, or a stop asked for. */
    private StopReason stopReason(long done, long maxInsns) {
        if (done >= maxInsns) return StopReason.BUDGET;
        if (stopRequested) {
            stopRequested = false;
            return StopReason.STOPPED;
        }
        return null;
    }

    /** The run's result; {@code stop} is the engine's (null for the budget and a stop asked for). */
    private RunResult result(StopReason reason, EngineStop stop, long insns0, long cycles0) {
        String message = switch (reason) {
            case HALT -> "guest exited with code " + exitCode;
            case BUDGET -> "instruction budget exhausted at pc " + hex(hart.pc);
            case BREAK -> stop.message() != null ? stop.message() : "breakpoint at " + hex(hart.pc);
            case FAULT, IDLE -> stop.message();
            case STOPPED -> "stopped at pc " + hex(hart.pc);
        };
        if (stop != null && stop.is(EngineStop.Kind.MARK)) engine.clearStop();   // the monitor's stop is reported once
        return new RunResult(reason, clock.executed() - insns0, clock.cycles() - cycles0,
                reason == StopReason.HALT ? exitCode : 0, message);
    }

    private int executeTraced(int chunk) {
        int done = 0;
        while (done < chunk && engine.stop() == null && !engine.handedOff() && !stopRequested) {
            if (!engine.isBreakpoint(hart.pc)) traceInstruction();
            done += engine.execute(1);
        }
        return done;
    }

    private void traceInstruction() {
        if (replaying) return;
        Integer word = engine.peekInstruction(hart.pc);
        if (word != null)
            trace.accept(String.format("%08x: %08x  %s", hart.pc, word, Disassembler.instruction(word, hart.pc)));
    }

    /** Executes one instruction (or takes one interrupt). */
    public RunResult step() { return run(1); }

    /** Asks a running {@link #run} to return soon with {@link StopReason#STOPPED}; any thread. */
    public void requestStop() { stopRequested = true; }

    /** Forgets a stop asked for when no run was going on, so that the next run is not cut short by it. */
    @Override
    public void clearStopRequest() { stopRequested = false; }

    // ---------------------------------------------------------------- state

    /**
     * The whole state now, as a value; RAM is shared copy-on-write, so this costs a
     * reference per touched frame. Hooks, breakpoints and the trace are not part of it.
     */
    public MachineSnapshot snapshot() {
        notRunning("snapshot()");
        StateOut out = new StateOut();
        parts(out::section);
        MachineSnapshot s = new MachineSnapshot(config, out.toBytes(), ram.snapshot(), clock.executed());
        engine.refreshStorePaths(ram.justShared());   // the frames it began to share: the next store to each copies it
        return s;
    }

    /**
     * Puts the machine back in the state {@code s} holds (from this machine or another of
     * the same configuration). Decoded code is dropped and decoded again; hooks and
     * breakpoints stay. A snapshot that does not fit changes nothing.
     */
    public void restore(MachineSnapshot s) {
        notRunning("restore()");
        if (!s.config().equals(config))
            throw new IllegalArgumentException("the snapshot is of another kind of machine: " + differences(s.config(), config));
        MachineSnapshot before = snapshot();
        try {
            apply(s);
        } catch (RuntimeException e) {
            apply(before);
            throw e;
        }
        for (InputObserver o : inputObservers) o.replaced();
    }

    /** Restores {@code s} as part of replaying known history: no observer is told. */
    public void rewind(MachineSnapshot s) {
        notRunning("rewind()");
        apply(s);
    }

    // ---------------------------------------------------------------- observers

    /** Tells {@code o} about outside input and changes from now on. */
    public void addInputObserver(InputObserver o) { inputObservers.add(o); }

    public void removeInputObserver(InputObserver o) { inputObservers.remove(o); }

    /** Lets {@code o} pause runs at counts of its choosing (null: none). */
    public void setRunObserver(RunObserver o) { this.runObserver = o; }

    /** True while a run is going on (its hooks are running). */
    public boolean running() { return running; }

    /**
     * Known history is executed again from now on (true) or no longer: hooks are not called
     * (breakpoints and watchpoints still stop runs) and nothing is traced.
     */
    public void setReplaying(boolean on) { replaying = on; }

    /** Keeps the console's output in its text but does not send it to its sink (true), or sends it again. */
    public void muteConsole(boolean on) {
        if (on == (mutedSink != null)) return;
        if (on) {
            mutedSink = console.sink();
            console.setSink(null);
        } else {
            console.setSink(mutedSink);
            mutedSink = null;
        }
    }

    public boolean replaying() { return replaying; }

    /** Takes the interrupt pending at this instruction boundary, if one is; true if it did. */
    public boolean takePendingInterrupt() {
        notRunning("takePendingInterrupt()");
        if (hart.pendingInterrupt() < 0) return false;
        engine.execute(1);   // takes the interrupt and returns before any instruction
        return true;
    }

    private void apply(MachineSnapshot s) {
        if (monitor != null) monitor.rewound();
        ram.restore(s.ram());
        StateIn in = new StateIn(s.state());
        parts(in::section);   // the engine comes last: its caches follow memory and the watchers
        if (!in.atEnd()) throw new vmsh.state.StateException("the machine state goes on after its last section");
        stopRequested = false;
    }

    /** A new machine in this one's state, sharing its RAM frames copy-on-write. */
    public Machine copy() {
        Machine m = new Machine(config);
        m.restore(snapshot());
        return m;
    }

    /** A SHA-256 of the whole state now (see {@link MachineSnapshot#hash}). */
    public String stateHash() { return snapshot().hash(); }

    /** What differs between two machine configurations, as "its RAM is 16 MiB, this one's 32 MiB". */
    private static String differences(MachineConfig theirs, MachineConfig ours) {
        java.util.List<String> d = new java.util.ArrayList<>();
        if (theirs.memoryBytes() != ours.memoryBytes())
            d.add("its RAM is " + (theirs.memoryBytes() >>> 20) + " MiB, this one's " + (ours.memoryBytes() >>> 20) + " MiB");
        if (!theirs.tlb().equals(ours.tlb())) d.add("its TLB is " + tlb(theirs.tlb()) + ", this one's " + tlb(ours.tlb()));
        if (theirs.hardwareAD() != ours.hardwareAD()) d.add("its A/D bits are set by " + (theirs.hardwareAD() ? "hardware" : "software"));
        if (!theirs.isa().equals(ours.isa())) d.add("its ISA is " + theirs.isa() + ", this one's " + ours.isa());
        return String.join("; ", d);
    }

    private static String tlb(vmsh.mmu.TlbConfig t) {
        return t.entries() + " entries " + t.ways() + "-way " + (t.split() ? "split " : "unified ")
                + t.replacement().name().toLowerCase(java.util.Locale.ROOT) + " seed " + t.seed();
    }

    private void notRunning(String what) {
        if (running) throw new IllegalStateException(what + " cannot be used while the machine runs (from a hook): stop the run first");
    }

    /** The saved parts in their fixed order. */
    private void parts(java.util.function.BiConsumer<String, Stateful> each) {
        each.accept("clock", clock);
        each.accept("hart", hart);
        for (Bus.Mapping m : bus.devices()) each.accept(m.device().name(), m.device());
        each.accept("htif", htif);
        each.accept("console", console);
        each.accept("machine", machineState);
        each.accept("engine", engine);
    }

    /** The machine's own fields: the last exit code, where tohost is, whether the guest has exited. */
    private final Stateful machineState = new Stateful() {
        @Override public void save(StateOut out) { out.putInt(exitCode).putInt(tohost).putBoolean(exited); }

        @Override public void restore(StateIn in) {
            exitCode = in.getInt();
            tohost = in.getInt();
            exited = in.getBoolean();
            watchTohost();
        }
    };

    // ---------------------------------------------------------------- looking inside: traps

    /**
     * Calls {@code hook} for every trap (exception or interrupt) the hart takes, after it has
     * entered the handler. A hook that wants the run to end calls {@link #requestStop}: the
     * run then stops before the handler's first instruction ({@link StopReason#STOPPED}).
     * A page-fault hook is a trap hook that checks {@link TrapEvent#pageFault()}.
     */
    public void onTrap(Consumer<TrapEvent> hook) {
        if (hook == null) throw new IllegalArgumentException("trap hook must not be null");
        trapHooks.add(hook);
        engine.setTrapListener(this::trapTaken);
    }

    /** Removes a hook added with {@link #onTrap}; true when it was registered. */
    public boolean removeTrapHook(Consumer<TrapEvent> hook) {
        boolean removed = trapHooks.remove(hook);
        if (trapHooks.isEmpty()) engine.setTrapListener(null);
        return removed;
    }

    private void trapTaken(int cause, int tval, int epc, int from, int to) {
        if (replaying) return;
        TrapEvent e = new TrapEvent(cause & ~MCAUSE_INTERRUPT, cause < 0, tval, epc, hart.pc, from, to, hart.virt);
        for (Consumer<TrapEvent> hook : List.copyOf(trapHooks)) hook.accept(e);
    }

    // ---------------------------------------------------------------- looking inside: hooks

    /**
     * Installs the debugger that sees the instructions it marks (vmsh.debug.Hooks); null
     * removes it. The engine calls it before and after each marked instruction without
     * leaving its run; unmarked code runs at full speed. {@link #refreshMarks} after the
     * marks change.
     */
    public void setMonitor(Monitor monitor) {
        this.monitor = monitor;
        engine.setMarks(monitor);
    }

    /** The monitor's marks changed: code is decoded again with them (takes effect at once). */
    public void refreshMarks() { engine.setMarks(monitor); }

    // ---------------------------------------------------------------- looking inside: paging

    /**
     * Explains how {@code va} translates for {@code access} (vmsh.mmu.Access: 0 fetch,
     * 1 load, 2 store) under the hart's current satp, privilege and mstatus (MPRV for data):
     * each walk step and what the TLB holds. Changes nothing (no counters, A/D bits, TLB).
     */
    public Translation translate(int va, int access) {
        Access.name(access);   // checks it
        engine.syncMmu();
        return engine.mmu().explain(va, access);
    }

    /** {@link #translate(int, int)} for a load. */
    public Translation translate(int va) { return translate(va, Access.LOAD); }

    @Override
    public long physical(int va, int access) {
        Translation t = translate(va, access);
        return t.ok() ? t.pa() : -1;
    }

    @Override
    public long guestPhysical(int va, int access) {
        Translation t = translateGuest(va, access);
        return t.ok() ? t.pa() : -1;
    }

    /**
     * Explains the translation as privilege {@code priv} (0 U, 1 S) would see it under the
     * current satp and mstatus, whatever mode the hart is in (e.g. stopped in M-mode firmware).
     */
    public Translation translate(int va, int access, int priv) {
        Access.name(access);
        if (priv != PRV_U && priv != PRV_S && priv != PRV_M)
            throw new IllegalArgumentException("privilege " + priv + " must be 0 (U), 1 (S) or 3 (M)");
        Regime r = Regime.of(priv, false, hart.csr.satp, hart.csr.mstatus, 0, 0, 0, engine.mmu().hardwareAD());
        return engine.mmu().explain(va, access, r, false);
    }

    /**
     * Explains how guest virtual {@code va} translates for an HLV, HLVX or HSV now: V=1 at
     * hstatus.SPVP's privilege, through vsatp and hgatp. Changes nothing.
     */
    public Translation translateGuest(int va, int access) {
        Access.name(access);
        Regime r = Regime.of(hart.hypervisorAccessPrivilege(), true, 0, hart.csr.mstatus, hart.csr.vsatp, hart.csr.vsstatus,
                hart.csr.hgatp, engine.mmu().hardwareAD());
        return engine.mmu().explain(va, access, r, false);
    }

    /**
     * The mappings of satp's Sv32 page table, merged into ranges as QEMU's {@code info mem}
     * (empty when satp is Bare). Reads memory only.
     */
    public List<Mapping> pageTable() { return PageTableDump.sv32(engine.mmu().memory(), hart.csr.satp); }

    /** The valid TLB entries: the instruction TLB's, then the data TLB's (or the unified one's). */
    public List<TlbEntry> tlb() { return engine.mmu().tlbEntries(); }

    /** Counters since power-on: instructions, cycles, traps by cause, the TLB's counters. */
    public MachineStats stats() {
        Map<String, Long> exceptions = new LinkedHashMap<>(), interrupts = new LinkedHashMap<>();
        long[] e = engine.exceptionCounts(), i = engine.interruptCounts();
        for (int c = 0; c < e.length; c++) if (e[c] > 0) exceptions.put(Encoding.causeName(c), e[c]);
        for (int c = 0; c < i.length; c++) if (i[c] > 0) interrupts.put(Encoding.interruptName(c), i[c]);
        return new MachineStats(clock.executed(), clock.retired(), clock.cycles(), clock.idleCycles(),
                Collections.unmodifiableMap(exceptions), Collections.unmodifiableMap(interrupts), engine.mmu().stats());
    }

    /** The console's UART (for feeding input with its interrupt). */
    public Uart16550 uart() { return uart; }

    /** The interrupt controller (QEMU virt layout). */
    public Plic plic() { return plic; }

    // ---------------------------------------------------------------- debugger view

    public Console console() { return console; }

    public int pc() { return hart.pc; }

    public void setPc(int pc) {
        for (InputObserver o : inputObservers) o.pcWritten(pc);   // told first: it may note where the pc was
        hart.pc = pc;
    }

    /** The privilege mode the hart runs in (Encoding.PRV_U 0, PRV_S 1, PRV_M 3). */
    @Override
    public int privilege() { return hart.priv; }

    /** Integer register {@code n} (x0 reads 0). */
    public int reg(int n) {
        checkReg(n);
        return hart.x[n];
    }

    /** Sets register {@code n}; writes to x0 are ignored, as the hardware does. */
    public void setReg(int n, int value) {
        checkReg(n);
        if (n != 0) hart.x[n] = value;
        for (InputObserver o : inputObservers) o.registerWritten(n, value);
    }

    private static void checkReg(int n) {
        if (n < 0 || n > 31) throw new IllegalArgumentException("register x" + n + " does not exist (x0..x31)");
    }

    @Override
    public boolean hasCsr(int number) { return number >= 0 && number < 4096 && hart.csr.exists(number); }

    /** A CSR as the debugger sees it (no privilege checks, no side effects). */
    @Override
    public int csr(int number) {
        if (!hart.csr.exists(number)) throw new IllegalArgumentException(String.format("no CSR 0x%03x", number));
        return hart.csr.read(number);
    }

    /**
     * Writes a CSR as a debugger does: with its WARL rules, without privilege checks (a
     * read-only number ignores the write, as the WARL zero CSRs do). The MMU follows a new
     * satp, mstatus or privilege at the next instruction.
     */
    @Override
    public void setCsr(int number, int value) {
        if (!hasCsr(number)) throw new IllegalArgumentException(String.format("no CSR 0x%03x", number));
        hart.csr.write(number, value);
        engine.syncMmu();
        for (InputObserver o : inputObservers) o.csrWritten(number, value);
    }

    /** Sets the privilege mode; M-mode is never virtualized, so setting it clears V. */
    @Override
    public void setPrivilege(int privilege) {
        if (privilege != Encoding.PRV_U && privilege != Encoding.PRV_S && privilege != Encoding.PRV_M)
            throw new IllegalArgumentException("privilege " + privilege + " must be 0 (U), 1 (S) or 3 (M)");
        hart.priv = privilege;
        if (privilege == Encoding.PRV_M) hart.virt = false;
        engine.syncMmu();
        for (InputObserver o : inputObservers) o.privilegeWritten(privilege);
    }

    /** Physical memory read of 1, 2 or 4 bytes (devices included); throws with the address if unmapped. */
    public int read(int address, int width) { return engine.readPhysical(address, width); }

    /** Physical memory write of 1, 2 or 4 bytes; decoded code at the address is reset. */
    @Override
    public void write(int address, int width, int value) {
        engine.writePhysical(address, width, value);
        for (InputObserver o : inputObservers) o.memoryWritten(address, width, value);
    }

    @Override
    public boolean isRam(long address, int width) {
        long ram = Integer.toUnsignedLong(MemoryMap.RAM);
        return address >= ram && address + width <= ram + config.memoryBytes();
    }

    /** The instruction word at virtual {@code pc} (a walk that changes nothing), or null when it cannot be fetched. */
    public Integer instructionAt(int pc) { return engine.peekInstruction(pc); }

    /** Prints each executed instruction (pc, word, disassembly) to {@code sink}; null turns it off. */
    public void setTrace(Consumer<String> sink) { this.trace = sink; }

    /** Stops runs before the instruction at {@code pc} ({@link StopReason#BREAK}). */
    public void addBreakpoint(int pc) { engine.addBreakpoint(pc); }

    public void removeBreakpoint(int pc) { engine.removeBreakpoint(pc); }

    public Set<Integer> breakpoints() { return engine.breakpoints(); }

    /** Instructions executed since power-on (those that trapped included). */
    public long instructions() { return clock.executed(); }

    /** Instructions retired since power-on (minstret without guest writes). */
    public long retired() { return clock.retired(); }

    /** Simulated cycles since power-on. */
    public long cycles() { return clock.cycles(); }

    /** Blocks of guest code translated to JVM bytecode so far (0 when the config's jit is off). */
    public long translatedBlocks() { return engine.translatedBlocks(); }

    /** RAM frames holding host memory (RAM is allocated on first store, 4 KiB at a time). */
    public int allocatedFrames() { return ram.frameCount(); }

    /** True once the guest has halted (test finisher, tohost), until the next {@link #load}. */
    public boolean exited() { return exited; }

    /** The guest's exit code when it has {@link #exited}, else 0. */
    public int exitCode() { return exitCode; }

    public MachineConfig config() { return config; }

    private static String hex(int v) { return String.format("0x%08x", v); }
}
