package vmsh.shell.api;

import static vmsh.isa.Encoding.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;
import vmsh.board.RunResult;
import vmsh.board.StopReason;
import vmsh.debug.Hook;
import vmsh.debug.Hooks;
import vmsh.gdb.BoardTarget;
import vmsh.history.History;
import vmsh.history.Recorder;
import vmsh.history.Recording;
import vmsh.history.Replay;
import vmsh.isa.Csr;
import vmsh.isa.Encoding;
import vmsh.isa.Isa;
import vmsh.machine.Machine;
import vmsh.machine.MachineConfig;
import vmsh.machine.MachineStats;
import vmsh.mmu.Access;
import vmsh.mmu.TlbConfig;
import vmsh.mmu.TlbStats;
import vmsh.shell.Sizes;
import vmsh.shell.limits.MachineRunner;
import vmsh.shell.limits.TravelRunner;
import vmsh.shell.snapshot.MachineFile;
import vmsh.shell.snapshot.RecordingFile;
import vmsh.shell.snapshot.SnapshotFile;

/** A bare machine as scripts see it: load, run, registers, memory, paging views, hooks. */
final class JsMachine extends ApiObject implements TargetHooks.Owner {
    static final ApiType<JsMachine> TYPE = ApiType.<JsMachine>of("machine", "m",
                    "A bare RV32IMA machine (M/S/U, Sv32, a TLB, QEMU virt devices): `m = machine({memory: '64M'})`.")
            .method("load(image)", "copy an image into memory and set pc to its entry (M-mode)", JsMachine::load).returning("machine")
            .method("run({insns})", "run until the guest halts, a hook or breakpoint stops it, or insns ran; returns {reason, insns, cycles, exitCode (null unless the guest exited), message}; a guest fault throws GuestFault", JsMachine::run)
            .method("step(n)", "execute n instructions (default 1); returns what run() returns", JsMachine::step)
            .property("regs", "the integer registers: regs.a0, regs.x5, regs.sp = ... (printed, a table)", m -> m.regs)
            .property("pc", "the program counter (read and write)", m -> Args.unsigned(m.machine.pc()),
                    (m, v) -> m.machine.setPc(Args.u32(v, "pc")))
            .property("mem", "physical memory: read8/16/32(addr), write8/16/32(addr, v), bytes(addr, n)", m -> m.mem)
            .property("vmem", "virtual memory as the hart sees it now (through the page tables, changing nothing)", m -> m.vmem)
            .property("console", "the UART console: .text, .feed(text), .clear()", m -> m.console)
            .method("csr(name, value)", "a CSR's value by name or number, e.g. csr('satp'); with a value, written first as a debugger writes it (WARL rules, no privilege check; recorded in the history) and read back", (m, a) -> CsrAccess.csr(m.machine, a))
            .property("privilege", "the hart's privilege mode: 'M', 'S' or 'U' (read and write, as a debugger sets it)", m -> Encoding.privilegeName(m.machine.privilege()),
                    (m, x) -> CsrAccess.setPrivilege(m.machine, x))
            .property("exitCode", "the guest's exit code once it has exited (test finisher, tohost), else null; a run after the exit runs nothing until the next load", m -> m.machine.exited() ? m.machine.exitCode() : null)
            .property("image", "the image loaded last, or null", m -> m.image)
            .method("symbol(name)", "the address of a symbol of the loaded image", (m, a) -> Args.unsigned(m.symbol(Args.string(Args.at(a, 0), "symbol(name): name"))))
            .method("translate(va, {access, priv})", "explain how va translates now: each walk step, PTE bits, the result or fault (access: 'load', 'store', 'fetch'; priv: 'U', 'S' or 'M' to see it as that mode, default the hart's)", JsMachine::translate).returning("translation")
            .method("pagetable()", "the mappings of the current satp, merged into ranges as QEMU's info mem", (m, a) -> new JsPageTable(m.host, m.machine.pageTable())).returning("pagetable")
            .method("tlb()", "the valid TLB entries (ASID, page size, flags) and the TLB's shape", (m, a) -> new JsTlb(m.host, m.machine)).returning("tlb")
            .method("stats()", "counters since power-on: insns, cycles, exceptions, interrupts, tlb {lookups, hits, misses, walkReferences, ...}", (m, a) -> m.stats())
            .method("on(kind, {from, to}, fn)", "a hook: kind 'insn' (before each instruction in [from, to)), 'read' or 'write' (after an access overlapping it; virtual addresses), 'trap', 'interrupt'; returns a handle with .remove(). Cheapest on every instruction: a lone 'insn' hook without a range (compiled JavaScript loops over the instructions itself: about 8x the time of no hooks)", (m, a) -> m.debug.on(a)).returning("hook")
            .method("break(addr or symbol, fn)", "a breakpoint: runs stop before the instruction, after calling fn(ctx) if given", (m, a) -> m.debug.breakpoint(a)).returning("hook")
            .method("watch(addr or symbol, {access, width}, fn)", "a watchpoint: runs stop after an access ('r', 'w' or 'rw'; width 4) to it, after calling fn(ctx) if given", (m, a) -> m.debug.watch(a)).returning("hook")
            .method("hooks()", "the hooks, breakpoints and watchpoints in place (gdb's too, while it is connected)", (m, a) -> m.host.array(m.debug.list()))
            .property("config", "{memory, tlb: {entries, ways, split, policy, seed}, isa, jit}", JsMachine::config)
            .method("snapshot()", "the whole state now, as a value (memory shared copy-on-write): registers, CSRs, devices, console, TLB and counters, RAM; hooks are not part of it", JsMachine::snapshot).returning("snapshot")
            .method("restore(s)", "go back to snapshot s (of this machine or one like it): the same future for the same input; hooks and breakpoints stay", JsMachine::restore)
            .method("clone()", "an independent machine in this one's state, sharing its memory copy-on-write", (m, a) -> m.copy()).returning("machine")
            .method("stateHash()", "a SHA-256 of the whole state now (see snapshot.hash)", (m, a) -> m.machine.stateHash())
            .property("history", "where the machine is in time and what it keeps for going back (see history); null with machine({history: false})", m -> m.history == null ? null : new JsHistory(m.host, m.history))
            .method("reverseStep(n)", "go back n instructions (default 1), to exactly the state the machine had there; returns {reason, insns, at, message}", (m, a) -> m.travel().reverseStep(a))
            .method("reverseContinue()", "go back to the last breakpoint or watchpoint hit before now (a watchpoint: to the instruction that made the access, before it runs), or to the oldest point; returns {reason: 'break' or 'oldest', insns (negative: how far back), at, pc, message, replayed (instructions run again to find it)}", (m, a) -> m.travel().reverseContinue(a))
            .method("seek({insn})", "go to instruction insn of the history, back or forward (up to the present); returns {reason, insns, at, message}", (m, a) -> m.travel().seek(a))
            .method("record()", "start recording the outside input (console input, changes between runs, hooks' writes); returns a recording: r.stop(), r.save(file)", JsMachine::record).returning("recording")
            .method("replay(recording or file)", "play a recording again on this machine from its start (its state is replaced); returns {identical, insns, hash, expectedHash}", JsMachine::replay)
            .method("gdb({port})", "wait for gdb on localhost:port (gdb-multiarch -ex 'target remote :port'; port 0: any free one, named on stderr) and let it debug this machine until it detaches, kills or disconnects: registers, CSRs, memory, breakpoints, watchpoints, stepi, continue, Ctrl-C, reverse-stepi and reverse-continue, monitor (vmsh's monitor commands; monitor help); returns {ending: 'detached', 'killed' or 'disconnected', resumes, pc, insns, exited (the guest ended itself), exitCode}", JsMachine::gdb);

    private final Machine machine;
    private final Hooks hooks;
    /** on, break, watch: the hook API, shared with VMs. */
    private final TargetHooks debug;
    private final JsRegisters regs;
    private final JsMemory mem, vmem;
    private final JsConsole console;
    private JsImage image;
    /** True while this machine runs (a hook is called inside the run). */
    private boolean running;
    /** Its past, for going back; null when turned off. */
    private final History history;
    private final HistoryOptions historyOptions;
    private JsRecording recording;
    /** gdb is connected (gdb() is serving it). */
    private boolean debugged;

    /** machine({history: {interval, cap}}) or history: false. */
    record HistoryOptions(boolean on, long interval, long cap) {
        static final HistoryOptions DEFAULT = new HistoryOptions(true, History.DEFAULT_INTERVAL, History.DEFAULT_CAP);
    }

    JsMachine(ScriptHost host, Machine machine) { this(host, machine, HistoryOptions.DEFAULT); }

    JsMachine(ScriptHost host, Machine machine, HistoryOptions history) {
        super(host);
        this.machine = machine;
        this.debug = new TargetHooks(host, this, machine);
        this.hooks = debug.hooks();
        this.regs = new JsRegisters(host, CpuView.of(machine));
        this.mem = new JsMemory(host, MemoryView.physical(machine));
        this.vmem = new JsMemory(host, MemoryView.virtual(machine));
        this.console = new JsConsole(host, machine.console());
        this.historyOptions = history;
        this.history = history.on() ? new History(machine, hooks, history.interval(), history.cap()) : null;
    }

    /** machine({memory, tlb: {entries, ways, split, policy, seed}, isa, jit, history}); the new machine becomes the current one. */
    static JsMachine create(ScriptHost host, Value options) {
        Value opts = Args.options(options, "machine()", "memory", "tlb", "isa", "jit", "history");
        MachineConfig config = MachineConfig.defaults();
        Value memory = Args.option(opts, "memory");
        if (memory != null) {
            long bytes = Args.size(memory, "memory");
            if (bytes < 4096 || bytes > 1L << 31 || bytes % 4096 != 0)
                throw JsError.range("memory " + Sizes.format(bytes) + " must be a multiple of 4K from 4K to 2G");
            config = config.memory(bytes);
        }
        config = config.tlb(tlbConfig(Args.option(opts, "tlb"), host.seed()));
        Value isa = Args.option(opts, "isa");
        if (isa != null) config = config.isa(isa(isa));
        Value jit = Args.option(opts, "jit");
        if (jit != null) config = jit.isBoolean() ? config.jit(jit.asBoolean()) : config.jitThreshold(jitThreshold(jit));
        JsMachine m = new JsMachine(host, new Machine(config), historyOptions(Args.option(opts, "history")));
        host.select(m);
        return m;
    }

    /** history: false, true, or {interval, cap}. */
    private static HistoryOptions historyOptions(Value v) {
        if (v == null) return HistoryOptions.DEFAULT;
        if (v.isBoolean()) return v.asBoolean() ? HistoryOptions.DEFAULT : new HistoryOptions(false, 0, 0);
        Value o = Args.options(v, "machine({history})", "interval", "cap");
        long interval = Args.positiveOr(Args.option(o, "interval"), History.DEFAULT_INTERVAL, "history.interval");
        Value cap = Args.option(o, "cap");
        long bytes = cap == null ? History.DEFAULT_CAP : Args.size(cap, "history.cap");
        if (bytes < 1 << 20) throw JsError.range("history.cap " + Sizes.format(bytes) + " is below 1M");
        return new HistoryOptions(true, interval, bytes);
    }

    /** An ISA string such as 'rv32imah'; a bad one is a RangeError naming its bad part. */
    private static Isa isa(Value v) {
        try {
            return Isa.parse(Args.string(v, "isa"));
        } catch (IllegalArgumentException e) {
            throw JsError.range(e.getMessage());
        }
    }

    private static TlbConfig tlbConfig(Value v, long seed) {
        TlbConfig d = TlbConfig.DEFAULT;
        Value o = Args.options(v, "machine({tlb})", "entries", "ways", "split", "policy", "seed");
        if (o == null) return d.withReplacement(d.replacement(), seed);
        int entries = (int) Args.positiveOr(Args.option(o, "entries"), d.entries(), "tlb.entries");
        Value w = Args.option(o, "ways");
        int ways = w == null ? Math.min(d.ways(), entries) : (int) Args.positive(w, "tlb.ways");
        Value split = Args.option(o, "split");
        boolean isSplit = split == null ? d.split() : Args.bool(split, "tlb.split");
        Value policy = Args.option(o, "policy");
        Value s = Args.option(o, "seed");
        try {
            return new TlbConfig(entries, ways, isSplit,
                    policy == null ? d.replacement() : TlbConfig.replacement(Args.string(policy, "tlb.policy")),
                    s == null ? seed : Args.integer(s, "tlb.seed"));
        } catch (IllegalArgumentException e) {
            throw JsError.range(e.getMessage());
        }
    }

    /** An existing machine (with {@code image} loaded, or null) as a script's machine; it becomes the current one. */
    static JsMachine adopt(ScriptHost host, Machine machine, vmsh.image.Image image) {
        JsMachine m = new JsMachine(host, machine, HistoryOptions.DEFAULT);
        if (image != null) m.image = new JsImage(host, image);
        host.select(m);
        return m;
    }

    /** machine.open(file): a new machine in the state of a snapshot file; it becomes the current one. */
    static JsMachine open(ScriptHost host, String file) {
        MachineFile.Loaded loaded = MachineFile.snapshot(SnapshotFile.read(host.files().readBytes(file), file), file);
        Machine m = new Machine(loaded.snapshot().config());
        m.restore(loaded.snapshot());
        JsMachine jm = new JsMachine(host, m, HistoryOptions.DEFAULT);
        if (loaded.image() != null) jm.image = new JsImage(host, loaded.image());
        host.select(jm);
        return jm;
    }

    private Object snapshot(Value[] a) { return new JsSnapshot(host, machine.snapshot(), image); }

    private Object restore(Value[] a) {
        Value v = Args.at(a, 0);
        if (v == null || !v.isProxyObject() || !(v.asProxyObject() instanceof JsSnapshot s))
            throw JsError.type("restore(s) needs a snapshot from m.snapshot(), got " + ValueFormat.inspect(v));
        try {
            machine.restore(s.snapshot());
        } catch (IllegalArgumentException e) {
            throw JsError.range("restore(s): " + e.getMessage());
        }
        image = s.image();
        return this;
    }

    /** A new machine in this one's state (memory shared copy-on-write), with the same image; the current machine stays. */
    private JsMachine copy() {
        JsMachine c = new JsMachine(host, machine.copy(), historyOptions);
        c.image = image;
        return c;
    }

    // ---------------------------------------------------------------- going back in time

    private History history(String what) {
        if (history == null) throw new JsError("Error", what + ": this machine keeps no history (machine({history: false}))");
        if (recording != null && recording.tape().recording())
            throw new JsError("Error", what + ": the machine is being recorded; stop the recording first (r.stop())");
        return history;
    }

    /** reverseStep, reverseContinue and seek, as a VM has them. */
    private Travel travel() {
        return new Travel(host, "m", "", this::history, trip -> host.run(new TravelRunner(machine, trip)), machine::pc);
    }

    private Object record(Value[] a) {
        if (recording != null && recording.tape().recording())
            throw new JsError("Error", "record(): a recording is going on; stop it first (r.stop())");
        if (history != null && history.now() < history.present())
            throw new JsError("Error", "record(): the machine is back at instruction " + history.now() + " of its history; "
                    + "run it to the present (instruction " + history.present() + ") or change it first");
        recording = JsRecording.of(host, new Recorder(machine), image);
        return recording;
    }

    private Object replay(Value[] a) {
        Value v = Args.at(a, 0);
        Recording r;
        JsImage img = image;
        if (v != null && v.isString()) {
            String file = v.asString();
            RecordingFile.Loaded loaded = RecordingFile.recording(SnapshotFile.read(host.files().readBytes(file), file), file);
            r = loaded.recording();
            if (loaded.image() != null) img = new JsImage(host, loaded.image());
        } else if (v != null && v.isProxyObject() && v.asProxyObject() instanceof JsRecording jr && jr.tape() instanceof Recorder machineTape) {
            r = machineTape.stop();
        } else {
            throw JsError.type("replay(recording or file) needs a recording from m.record() or a file name, got " + ValueFormat.inspect(v));
        }
        if (!r.start().config().equals(machine.config()))
            throw JsError.range("replay: the recording is of another kind of machine; open it as a new one with vmsh boot --replay");
        Replay.Outcome[] o = new Replay.Outcome[1];
        if (!host.run(new TravelRunner(machine, () -> o[0] = Replay.run(machine, r))))
            throw new JsError("Error", String.format("stopped on the way through history, at instruction %d", machine.instructions()));
        image = img;
        return JsRecording.outcome(host, o[0]);
    }

    // ---------------------------------------------------------------- gdb

    /** gdb({port}) or gdb(port): serves one gdb connection on this machine. */
    private Object gdb(Value[] a) {
        refuseWhileRunning("gdb()");
        if (debugged) throw new JsError("Error", "gdb(): gdb is debugging this machine already");
        int port = GdbPort.port(a, "gdb");
        debugged = true;
        try {
            return GdbPort.serve(host, port, new BoardTarget(hooks, history, gdbDriver(), host::monitor), machine, machine::exitCode);
        } finally {
            debugged = false;
        }
    }

    /** gdb's runs go through the hooks and the session's limits, as run() and reverseStep() do. */
    private BoardTarget.Driver gdbDriver() {
        return new BoardTarget.Driver() {
            @Override public RunResult run(long maxInsns) { return runFor(maxInsns, "gdb()"); }

            @Override public boolean travel(Runnable trip) {
                if (history == null) throw new IllegalStateException("this machine keeps no history (machine({history: false}))");
                return host.run(new TravelRunner(machine, trip));
            }
        };
    }

    Machine machine() { return machine; }

    Hooks hooks() { return hooks; }

    @Override public JsRegisters regs() { return regs; }

    @Override public JsMemory mem() { return mem; }

    @Override public JsMemory vmem() { return vmem; }

    private Object load(Value[] a) {
        Value v = Args.at(a, 0);
        if (v == null || !v.isProxyObject() || !(v.asProxyObject() instanceof JsImage img))
            throw JsError.type("load(image) needs an image from asm(...) or elf(path), got " + ValueFormat.inspect(v));
        refuseWhileRunning("load()");
        machine.load(img.image());
        image = img;
        return this;
    }

    private Object run(Value[] a) {
        Value opts = Args.options(Args.at(a, 0), "run()", "insns");
        Value insns = Args.option(opts, "insns");
        long budget = insns == null ? Long.MAX_VALUE : Args.positive(insns, "insns");
        return result(runFor(budget, "run()"));
    }

    private Object step(Value[] a) {
        Value n = Args.at(a, 0);
        return result(runFor(Args.absent(n) ? 1 : Args.positive(n, "step(n): n"), "step()"));
    }

    /** Runs the machine through its hooks, under the session's limits. */
    private RunResult runFor(long budget, String call) {
        refuseWhileRunning(call);
        running = true;
        try {
            return host.run(new MachineRunner(machine, hooks::run, budget));
        } finally {
            running = false;
        }
    }

    /** A hook runs inside its machine's run: it may not run (or reload) that machine again. */
    private void refuseWhileRunning(String call) {
        if (running) throw new JsError("Error", "m." + call + ": the machine is running (this is one of its hooks); "
                + "a hook cannot run or reload its own machine (ctx.stop(why) ends the run)");
    }

    /** The run's result as a plain object; a guest fault becomes a GuestFault error. */
    Value result(RunResult r) {
        if (r.reason() == StopReason.FAULT) throw new JsError("GuestFault", r.message());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reason", r.reason().label);
        m.put("insns", r.insns());
        m.put("cycles", r.cycles());
        m.put("exitCode", r.reason() == StopReason.HALT ? r.exitCode() : null);
        m.put("message", r.message());
        return host.object(m);
    }

    /** An address given as a number or a symbol of the loaded image. */
    @Override public int address(Value v, String what) {
        if (v != null && v.isString()) return symbol(v.asString());
        return Args.u32(v, what);
    }

    private int symbol(String name) {
        if (image == null) throw JsError.range("no symbol '" + name + "': no image is loaded");
        if (!image.image().hasSymbol(name)) throw JsError.range("no symbol '" + name + "' in the loaded image");
        return image.image().symbol(name);
    }

    private Object translate(Value[] a) {
        int va = address(Args.at(a, 0), "translate(va): va");
        Value opts = Args.options(Args.at(a, 1), "translate(va, {access, priv})", "access", "priv");
        Value access = Args.option(opts, "access"), priv = Args.option(opts, "priv");
        int kind = Access.LOAD;
        if (access != null) {
            try {
                kind = Access.parse(Args.string(access, "access"));
            } catch (IllegalArgumentException e) {
                throw JsError.range(e.getMessage());
            }
        }
        if (priv == null) return new JsTranslation(host, machine.translate(va, kind));
        return new JsTranslation(host, machine.translate(va, kind, CsrAccess.privilege(Args.string(priv, "priv"), "priv")));
    }


    private Value stats() {
        MachineStats s = machine.stats();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("insns", s.insns());
        m.put("retired", s.retired());
        m.put("cycles", s.cycles());
        m.put("idleCycles", s.idleCycles());
        m.put("exceptions", host.object(new LinkedHashMap<>(s.exceptions())));
        m.put("interrupts", host.object(new LinkedHashMap<>(s.interrupts())));
        m.put("tlb", tlbStats(host, s.tlb()));
        return host.object(m);
    }

    static Value tlbStats(ScriptHost host, TlbStats t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lookups", t.lookups());
        m.put("hits", t.hits());
        m.put("misses", t.misses());
        m.put("walkReferences", t.walkReferences());
        m.put("adUpdates", t.adUpdates());
        m.put("flushes", t.flushes());
        m.put("entriesFlushed", t.entriesFlushed());
        m.put("evictions", t.evictions());
        return host.object(m);
    }

    private Value config() {
        TlbConfig t = machine.config().tlb();
        Map<String, Object> tlb = new LinkedHashMap<>();
        tlb.put("entries", t.entries());
        tlb.put("ways", t.ways());
        tlb.put("split", t.split());
        tlb.put("policy", t.replacement().name().toLowerCase(java.util.Locale.ROOT));
        tlb.put("seed", t.seed());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("memory", Sizes.format(machine.config().memoryBytes()));
        m.put("tlb", host.object(tlb));
        m.put("isa", machine.config().isa().toString());
        m.put("jit", machine.config().jit());
        return host.object(m);
    }

    // ---------------------------------------------------------------- hooks


    @Override
    ApiType<?> type() { return TYPE; }

    @Override
    public String toString() {
        String pc;
        try {
            pc = Globals.hex(machine.pc());
        } catch (RuntimeException e) {
            pc = "unknown";
        }
        TlbConfig t = machine.config().tlb();
        return "machine: " + Sizes.format(machine.config().memoryBytes()) + " RAM, pc " + pc + ", " + Encoding.privilegeName(machine.privilege())
                + "-mode, TLB " + t.entries() + " entries " + t.ways() + "-way" + (t.split() ? " split" : " unified");
    }

    /** machine({jit: N}): the jumps to an instruction before it is translated, 1 to 2^31-1. */
    private static int jitThreshold(Value jit) {
        long n = Args.positive(jit, "jit");
        if (n > Integer.MAX_VALUE) throw JsError.range("jit must be at most " + Integer.MAX_VALUE + " (jumps before an instruction is translated), got " + n);
        return (int) n;
    }
}
