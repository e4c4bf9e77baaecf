package vmsh.machine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import vmsh.asm.Disassembler;
import vmsh.cpu.Cause;
import vmsh.cpu.Clock;
import vmsh.cpu.CsrFile;
import vmsh.cpu.Engine;
import vmsh.cpu.Hart;
import vmsh.dev.Clint;
import vmsh.dev.Console;
import vmsh.dev.Htif;
import vmsh.dev.Plic;
import vmsh.dev.TestFinisher;
import vmsh.dev.Uart16550;
import vmsh.image.Image;
import vmsh.image.Segment;
import vmsh.mem.Bus;
import vmsh.mem.MemoryMap;
import vmsh.mem.Ram;
import vmsh.mmu.Access;
import vmsh.mmu.Mapping;
import vmsh.mmu.PageTableDump;
import vmsh.mmu.Regime;
import vmsh.mmu.TlbEntry;
import vmsh.mmu.Translation;

/**
 * A bare RISC-V machine: one RV32IMA hart (M, S, U), sparse RAM at 0x8000_0000 and the
 * devices of QEMU's {@code virt} layout (see {@link MemoryMap}). A run executes up to a
 * budget of instructions and says why it stopped ({@link StopReason}).
 */
public final class Machine {
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

    private volatile boolean stopRequested;
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
        engine.setTimer(clint::cyclesUntilTimer);
        hart.pc = MemoryMap.RAM;   // no boot ROM: the hart starts where images load
        wireDevices();
    }

    public Machine() { this(MachineConfig.defaults()); }

    /** The device wiring: one line per device, at its QEMU {@code virt} address. */
    private void wireDevices() {
        bus.map(MemoryMap.FINISHER, new TestFinisher(this::halt));
        bus.map(MemoryMap.CLINT, clint);
        bus.map(MemoryMap.PLIC, plic);
        bus.map(MemoryMap.UART, uart);
        plic.connect(Plic.UART_SOURCE, uart::interruptPending);
    }

    /** The interrupt lines devices drive: mip.MSIP, MTIP (CLINT), MEIP and the external SEIP (PLIC contexts 0, 1). */
    private int devicePending() {
        return (clint.softwarePending() ? CsrFile.MIP_MSIP : 0) | (clint.timerPending() ? CsrFile.MIP_MTIP : 0)
             | (plic.interruptPending(0) ? CsrFile.MIP_MEIP : 0) | (plic.interruptPending(1) ? CsrFile.MIP_SEIP : 0);
    }

    /** A device ended the run with {@code code} (finisher, tohost). */
    private void halt(int code) {
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
        bus.clearWatchers();
        if (image.hasSymbol("tohost")) bus.watch(image.symbol("tohost"), htif);
        engine.flushDecoded();
        engine.refreshStorePaths();
        hart.pc = image.entry();
        hart.priv = vmsh.cpu.Priv.M;
        hart.reserved = false;
        engine.clearHalt();
        engine.clearFault();
        engine.clearIdleStop();
    }

    private void copy(Segment seg) {
        byte[] data = seg.data();
        int off = seg.address() - ram.base();
        for (int i = 0; i < data.length; i++) ram.store(off + i, 1, data[i]);
        for (int i = data.length; i < seg.memSize(); i++) {
            int o = off + i;
            if (ram.frames()[o >>> Ram.FRAME_SHIFT] != null) ram.store(o, 1, 0);
        }
    }

    // ---------------------------------------------------------------- running

    /**
     * Runs at most {@code maxInsns} instructions (an instruction that traps counts). A run
     * started on a breakpoint executes that instruction first, as gdb's continue does.
     */
    public RunResult run(long maxInsns) {
        if (maxInsns < 0) throw new IllegalArgumentException("instruction budget " + maxInsns + " is negative");
        long insns0 = clock.executed(), cycles0 = clock.cycles();
        engine.clearHalt();
        engine.clearFault();
        engine.clearIdleStop();
        engine.clearBreakpointStop();
        engine.clearMarkStop();
        long done = 0;
        if (maxInsns > 0 && engine.isBreakpoint(hart.pc)) {
            if (trace != null) traceInstruction();
            done += engine.executeIgnoringBreakpoint();
        }
        while (true) {
            // the monitor's marks (hooks) are looked at inside the engine; when a hook changed
            // more than registers and RAM, the engine hands the rest of that instruction back
            if (engine.handedOff()) done += engine.finishHandedOff();
            StopReason reason = stopReason(done, maxInsns);
            if (reason != null) return result(reason, insns0, cycles0);
            int chunk = (int) Math.min(CHUNK, maxInsns - done);
            done += trace == null ? engine.execute(chunk) : executeTraced(chunk);
        }
    }

    private StopReason stopReason(long done, long maxInsns) {
        if (engine.markStop() != null) return StopReason.BREAK;   // the monitor stopped the run
        if (engine.haltRequested()) return StopReason.HALT;
        if (engine.fault() != null) return StopReason.FAULT;
        if (engine.atBreakpoint()) return StopReason.BREAK;
        if (engine.idleStop() != null) return StopReason.IDLE;
        if (done >= maxInsns) return StopReason.BUDGET;
        if (stopRequested) {
            stopRequested = false;
            return StopReason.STOPPED;
        }
        return null;
    }

    private RunResult result(StopReason reason, long insns0, long cycles0) {
        String message = switch (reason) {
            case HALT -> "guest exited with code " + exitCode;
            case BUDGET -> "instruction budget exhausted at pc " + hex(hart.pc);
            case BREAK -> engine.markStop() != null ? engine.markStop() : "breakpoint at " + hex(hart.pc);
            case FAULT -> engine.fault();
            case STOPPED -> "stopped at pc " + hex(hart.pc);
            case IDLE -> engine.idleStop();
        };
        engine.clearMarkStop();
        return new RunResult(reason, clock.executed() - insns0, clock.cycles() - cycles0,
                reason == StopReason.HALT ? exitCode : 0, message);
    }

    private int executeTraced(int chunk) {
        int done = 0;
        while (done < chunk && !engine.haltRequested() && engine.fault() == null && !engine.atBreakpoint()
                && engine.idleStop() == null && engine.markStop() == null && !engine.handedOff() && !stopRequested) {
            if (!engine.isBreakpoint(hart.pc)) traceInstruction();
            done += engine.execute(1);
        }
        return done;
    }

    private void traceInstruction() {
        Integer word = engine.peekInstruction(hart.pc);
        if (word != null)
            trace.accept(String.format("%08x: %08x  %s", hart.pc, word, Disassembler.instruction(word, hart.pc)));
    }

    /** Executes one instruction (or takes one interrupt). */
    public RunResult step() { return run(1); }

    /** Asks a running {@link #run} to return soon with {@link StopReason#STOPPED}; any thread. */
    public void requestStop() { stopRequested = true; }

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
        TrapEvent e = new TrapEvent(cause & ~Cause.INTERRUPT, cause < 0, tval, epc, hart.pc, from, to);
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

    /**
     * Explains the translation as privilege {@code priv} (0 U, 1 S) would see it under the
     * current satp and mstatus, whatever mode the hart is in (e.g. stopped in M-mode firmware).
     */
    public Translation translate(int va, int access, int priv) {
        Access.name(access);
        if (priv != vmsh.cpu.Priv.U && priv != vmsh.cpu.Priv.S && priv != vmsh.cpu.Priv.M)
            throw new IllegalArgumentException("privilege " + priv + " must be 0 (U), 1 (S) or 3 (M)");
        Regime r = Regime.of(priv, false, hart.csr.satp, hart.csr.mstatus, 0, 0, 0, engine.mmu().hardwareAD());
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
        for (int c = 0; c < e.length; c++) if (e[c] > 0) exceptions.put(Cause.name(c), e[c]);
        for (int c = 0; c < i.length; c++) if (i[c] > 0) interrupts.put(Cause.interruptName(c), i[c]);
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

    public void setPc(int pc) { hart.pc = pc; }

    /** The privilege mode the hart runs in (vmsh.cpu.Priv: 0 U, 1 S, 3 M). */
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
    }

    private static void checkReg(int n) {
        if (n < 0 || n > 31) throw new IllegalArgumentException("register x" + n + " does not exist (x0..x31)");
    }

    /** A CSR as the debugger sees it (no privilege checks, no side effects). */
    public int csr(int number) {
        if (!hart.csr.exists(number)) throw new IllegalArgumentException(String.format("no CSR 0x%03x", number));
        return hart.csr.read(number);
    }

    /** Physical memory read of 1, 2 or 4 bytes (devices included); throws with the address if unmapped. */
    public int read(int address, int width) { return engine.readPhysical(address, width); }

    /** Physical memory write of 1, 2 or 4 bytes; decoded code at the address is reset. */
    public void write(int address, int width, int value) { engine.writePhysical(address, width, value); }

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

    /** RAM frames holding host memory (RAM is allocated on first store, 4 KiB at a time). */
    public int allocatedFrames() { return ram.frameCount(); }

    /** The exit code of the last halt. */
    public int exitCode() { return exitCode; }

    public MachineConfig config() { return config; }

    private static String hex(int v) { return String.format("0x%08x", v); }
}
