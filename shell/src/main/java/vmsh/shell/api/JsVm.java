package vmsh.shell.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.graalvm.polyglot.Value;
import vmsh.board.RunResult;
import vmsh.board.StopReason;
import vmsh.gdb.BoardTarget;
import vmsh.hostmem.Pmap;
import vmsh.hostmem.PmapEntry;
import vmsh.history.HostHistory;
import vmsh.hv.ExitEvent;
import vmsh.hv.NestedTranslation;
import vmsh.hv.ShadowView;
import vmsh.hv.Technique;
import vmsh.hv.Vm;
import vmsh.hv.VmRunResult;
import vmsh.hv.VmState;
import vmsh.hv.VmTranslation;
import vmsh.mmu.Access;
import vmsh.mmu.Mapping;
import vmsh.shell.limits.VmRunner;

/** One VM of the hypervisor: load, run, console, exits, and what the VMM built for it. */
final class JsVm extends ApiObject implements TargetHooks.Owner {
    static final ApiType<JsVm> TYPE = ApiType.<JsVm>of("vm", "vm",
                    "A virtual machine (`vm = hv.create({name, memory, technique, machine})`): a kernel boots at kernel_entry in (V)S-mode with the VMM as its SBI; a whole machine (machine: 'full') at its entry in virtual M-mode, with its own firmware.")
            .property("name", "its name", v -> v.vm.name())
            .property("technique", Technique.labels("'"), v -> v.vm.technique().label)
            .property("machine", "'sbi' (the VMM is the guest's SBI firmware) or 'full' (a whole machine: the VMM virtualizes M-mode, the CLINT and the PLIC)", v -> v.vm.machine().label)
            .property("nested", "true when its guest sees the H extension (hv.create({nested: true}))", v -> v.vm.nested())
            .property("state", "'created', 'ready', 'halted', 'idle' or 'fault'", v -> v.vm.state().label)
            .property("exitCode", "the guest's exit code once halted (SBI shutdown reason, finisher code), else null", v -> v.vm.state() == VmState.HALTED ? v.vm.exitCode() : null)
            .property("message", "where it is, in a line", v -> v.vm.message())
            .method("load(image, {params})", "copy an image into guest memory; it boots at kernel_entry (or its entry); params {symbol: value} sets the image's 32-bit parameter words first (samples/esx: ws_pages, passes, ...)", JsVm::load).returning("vm")
            .method("run({insns})", "run this VM alone; returns {name, state, exitCode, insns, cycles, exits, message}", JsVm::run)
            .method("step(n)", "execute n guest instructions (default 1) on this VM alone; returns what run() returns", JsVm::step)
            .property("regs", "the vCPU's integer registers, as the VM last left the hart: regs.a0, regs.sp = ... (printed, a table)", v -> v.regs)
            .property("pc", "the vCPU's program counter, a guest-virtual address (read and write)", v -> Args.unsigned(v.cpu.pc()),
                    (v, x) -> v.cpu.setPc(Args.u32(x, "pc")))
            .property("privilege", "the privilege the guest believes it runs at: 'S' (its kernel) or 'U' (its tasks), 'M' in a whole machine's firmware (read and write, as a debugger sets it: where the technique keeps it, or refused with the reason)",
                    v -> vmsh.isa.Encoding.privilegeName(v.vm.guestPrivilege()), (v, x) -> CsrAccess.setPrivilege(v.vm.debugTarget(), x))
            .method("csr(name, value)", "one of the guest's CSRs as it reads it, by name or number, e.g. csr('sstatus'); with a value, written first as the guest's own csrw would (satp, sstatus, sie, sip, the trap CSRs; the VMM redoes its tables; pv: its shared page) and read back; refused with the reason where the technique cannot make the write exact", (v, a) -> CsrAccess.csr(v.vm.debugTarget(), a))
            .property("mem", "guest-physical memory: read8/16/32(addr), write8/16/32(addr, v), bytes(addr, n); pages never touched read 0", v -> v.mem)
            .property("vmem", "guest-virtual memory, through the guest's own page table now", v -> v.vmem)
            .property("image", "the image loaded, or null", JsVm::image)
            .property("console", "the VM's console (SBI console and emulated UART): .text, .feed(text)", v -> v.console)
            .property("nic", "its network card in a cluster: {address, sent, received, queued, drops} (address as 'a.b.c.d'); null outside a cluster", JsVm::nic)
            .method("on(kind, {from, to}, fn)", "kind 'exit': call fn({reason, pc, detail}) at every VM exit (exits: 'csr', 'sret', 'sbi', 'mmio', 'hidden-fault', 'pt-write', 'g-stage-fault', 'swap-in', 'cow', 'balloon', ...); the other kinds hook the guest, as on a machine: 'insn' (before each instruction in [from, to)), 'read' or 'write' (after an access overlapping it; guest-virtual addresses), 'trap' or 'interrupt' (after the guest received one, from the hart or the VMM; ctx.to says where: 'VS', 'S' or 'M'); under bt hooked instructions run untranslated; returns a handle with .remove()", JsVm::on).returning("hook")
            .method("break(addr or symbol, fn)", "a breakpoint at a guest-virtual address: runs of this VM stop before the instruction, after calling fn(ctx) if given", JsVm::breakpoint).returning("hook")
            .method("watch(addr or symbol, {access, width}, fn)", "a watchpoint on guest-virtual addresses: runs of this VM stop after an access ('r', 'w' or 'rw'; width 4), after calling fn(ctx) if given", JsVm::watch).returning("hook")
            .method("stats()", "{name, technique, insns, cycles, exits, callouts (bt), hypercalls (pv), tlbMisses, walkReferences, refsPerMiss, guestTraps, byReason, tlb, numa (on a NUMA host)}; numa: {localMisses, remoteMisses, remoteFraction, migrations, replications, collapses, cycles}; tlb: {lookups, misses, walkReferences, refsPerMiss, megapages (4 MiB mappings in the VMM's tables now), superpages (regions promoted now), reserved, reservations, promotions, demotions, reservationsBroken}; a nested VM also levels (exits by the level on the hart, L1 or L2, and who finished them, L0 or L1, by reason) and nesting {paging, l2Exits, reflected, l2HandledByL0, l1Exits, l1ExitsPerReflection, reflectedBy (the traps L1 took for L2, by cause)}", (v, a) -> JsHypervisor.stats(v.host, v.vm))
            .property("translations", "bt: the binary translator's cache {units, unitsMade, guestInstructions, tcBytes, hits, misses, chains, callouts: {csr, sret, ...}, calloutsTotal, invalidations, codeWrites, adaptations, adaptive, flushes}; null under other techniques", JsVm::translations)
            .property("paravirtual", "pv: what the guest asked {hypercalls, bounces, batchEntries, ptes, refused, tables}; null under other techniques", JsVm::paravirtual)
            .method("translate(gva, {access, level, priv})", "how a guest virtual address translates: {ok, gpa, references, cycles, guest, shadow (shadow-paging techniques), text}; hw the two-stage walk, pv the walk of the guest's own (direct) table, the others the guest walk and the shadow walk; level 2 (nested VMs): an address of the guest's guest (priv 'S' or 'U') through its table, L1's G-stage and L0's: {ok, gva, l2gpa, l1gpa, pa, references {l2, l1, l0, total, shadow}, l2, shadow, text}", JsVm::translate)
            .method("pmap({all})", "[{gpn, state, mpn, sharers}] of the pages the guest has touched (all: every page, untouched ones 'unbacked'); states private, shared, zero, ballooned, swapped", JsVm::pmap)
            .property("balloon", "the VM's memory balloon (see balloon): .target = '16M', .size", v -> new JsBalloon(v.host, v.vm))
            .property("disk", "its copy-on-write disk, or null: {image, blocks, reads, sharedReads (frames another VM's read had filled), writes, overlay (blocks of its own)}", v -> DiskOptions.stats(v.host, v.vm.diskStats()))
            .property("memory", "{vm, pages, resident, private, shared, zero, ballooned, swapped, unbacked, min, max, target, active, balloon, stalled} in pages", v -> v.memory())
            .method("shadow()", "the VMM's tables: the G-stage (hw), each shadow page table (trap, trap-vtlb, bt, hw-shadow) or the registered guest tables and views (pv), with their mappings", JsVm::shadow)
            .method("pagetable()", "the guest's own page table (its satp), merged into ranges as QEMU's info mem", (v, a) -> new JsPageTable(v.host, v.vm.pageTable())).returning("pagetable")
            .method("tlb()", "the host TLB's entries that translate for this VM (its VMID, or its shadow tables' ASIDs)", (v, a) -> new JsTlb(v.host, v.vm)).returning("tlb")
            .method("hooks()", "the exit hooks, hooks, breakpoints and watchpoints in place (gdb's too, while it is connected)", (v, a) -> v.host.array(v.hookList()))
            .property("history", "this VM's past on a host keeping history (hv.keepHistory()), or in a cluster keeping one (dc.keepHistory()), in its own guest instructions (of all its vCPUs: they take turns, so a count is one moment of the VM), or null", JsVm::history)
            .method("reverseStep(n)", "go back n of this VM's guest instructions (default 1), to exactly the state the host had when the VM was there (the host keeps history: hv.keepHistory(); a cluster's VM: the whole cluster, dc.keepHistory()); returns {reason, insns (negative: how far back), at, pc, message}", (v, a) -> v.travel().reverseStep(a))
            .method("reverseContinue()", "go back to the last hit of this VM's breakpoints or watchpoints before now, by any of its vCPUs (a watchpoint: to the instruction that made the access, before it runs, that vCPU on turn), or to the oldest point; returns {reason: 'break' or 'oldest', insns, at, pc, message, replayed}", (v, a) -> v.travel().reverseContinue(a))
            .method("seek({insn})", "go to this VM's guest instruction insn, back or forward up to the present (the whole host goes with it); returns {reason, insns, at, pc, message}", (v, a) -> v.travel().seek(a))
            .method("gdb({port})", "wait for gdb on localhost:port (gdb-multiarch -ex 'target remote :port'; port 0: any free one, named on stderr) and let it debug this VM's guest until it detaches, kills or disconnects: registers and the CSRs as the guest sees them (written as its own csrw would: satp, sstatus, sie, sip, the trap CSRs and $priv, redone in the VMM's tables; pv: its shared page), memory at guest-virtual addresses (monitor memory physical: guest-physical), breakpoints, watchpoints, stepi, continue, Ctrl-C, monitor (vmsh's monitor commands on this VM); reverse-stepi, reverse-continue and reverse watchpoints when the host keeps history (hv.keepHistory()); returns {ending, resumes, pc, insns, exited, exitCode}", JsVm::gdb)
            .method("snapshot()", "this VM now, apart from its host, as a value (see vmSnapshot): vCPUs, virtual CSRs, devices, console, balloon, disk overlay, its pages' contents (shared copy-on-write) and counters; it names no machine frame: under pv the VM first runs on until its kernel returns to a task and its page tables are saved in guest page numbers (translated to the new frames on a load); under bt the vCPU first steps to where its registers are the guest's, and the translation cache goes with it (a restored VM takes its interrupts where the original did); a nested VM's guest hypervisor state (virtual H and VS CSRs) is in it; so is the VMM's warm state in guest terms (which guest pages its tables map with which bits, the VM's host TLB entries with their LRU order)", JsVm::snapshot).returning("vmSnapshot")
            .method("restore(s)", "go back to VM snapshot s (of this VM, or of one built the same way): the guest goes on exactly as it did after it, by its own instruction count; the VMM's tables and the VM's host TLB entries are rebuilt from the snapshot's warm state without counting (hw G-stage; trap, trap-vtlb, hw-shadow and bt shadows, the translator's own pages too; pv: its views' TLB entries; a nested VM's G-stage and shadow G-stage), so its clock and counters come back exact where no other VM took the TLB slots meanwhile; the host's other VMs are untouched; returns vm", JsVm::restore).returning("vm")
            .method("stateHash()", "a SHA-256 of this VM's state now (see vmSnapshot.hash)", (v, a) -> v.takeSnapshot("vm.stateHash()").hash())
            .method("clone({name})", "a new VM on this host in this one's state (default name: this one's with '-clone' and a number): guest memory shared copy-on-write, vCPU, devices and console copied (bt: with a copy of its translation cache; pv: its own snapshot loaded anew, its pages copied into frames of its own); it runs on independently", JsVm::cloneVm).returning("vm");

    private JsHypervisor owner;
    private Vm vm;
    private JsConsole console;
    private CpuView cpu;
    private JsRegisters regs;
    private JsMemory mem, vmem;
    private final List<JsExitHook> handles = new ArrayList<>();
    /** on('insn' | 'read' | 'write' | 'trap' | 'interrupt'), break, watch: the hook API a machine has. */
    private TargetHooks debug;
    private JsImage image;
    /** gdb is connected (gdb() is serving it). */
    private boolean debugged;

    JsVm(ScriptHost host, JsHypervisor owner, Vm vm) {
        super(host);
        follow(owner, vm);
    }

    /**
     * The handle now stands for {@code vm} of {@code owner}: the copy a migration or failover
     * moved this VM to, or the VM a history made again; its hooks, breakpoints and
     * watchpoints go with it.
     */
    void follow(JsHypervisor owner, Vm vm) {
        this.owner = owner;
        this.vm = vm;
        this.console = new JsConsole(host, vm.console());
        this.cpu = CpuView.of(vm);
        this.regs = new JsRegisters(host, cpu);
        this.mem = new JsMemory(host, MemoryView.guestPhysical(vm));
        this.vmem = new JsMemory(host, MemoryView.guestVirtual(vm));
        this.debug = debug == null ? new TargetHooks(host, this, vm.debugTarget()) : debug.movedTo(vm.debugTarget());   // its hooks go with it
        owner.adopt(vm, this);
    }

    @Override public JsRegisters regs() { return regs; }

    @Override public JsMemory mem() { return mem; }

    @Override public JsMemory vmem() { return vmem; }

    /** An address given as a number or a symbol of the image the VM has loaded. */
    @Override public int address(Value v, String what) {
        if (v == null || !v.isString()) return Args.u32(v, what);
        String name = v.asString();
        if (vm.image() == null) throw JsError.range("no symbol '" + name + "': VM '" + vm.name() + "' has no image loaded");
        if (!vm.image().hasSymbol(name)) throw JsError.range("no symbol '" + name + "' in VM '" + vm.name() + "''s image");
        return vm.image().symbol(name);
    }

    private Object breakpoint(Value[] a) { return debugging(() -> debug.breakpoint(a)); }

    private Object watch(Value[] a) { return debugging(() -> debug.watch(a)); }

    /** A hook call on the vCPU; bt says it cannot. */
    private Object debugging(java.util.function.Supplier<Object> call) {
        try {
            return call.get();
        } catch (IllegalStateException e) {
            throw new JsError("Error", e.getMessage());
        }
    }

    Vm vm() { return vm; }

    @Override ApiType<?> type() { return TYPE; }

    @Override void checkUsable() {
        if (owner.cluster() != null) owner.cluster().checkHandle(this);
        owner.checkCurrent(vm);
        owner.followHistory(this);
    }

    private Object load(Value[] a) {
        Value v = Args.at(a, 0);
        if (v == null || !v.isProxyObject() || !(v.asProxyObject() instanceof JsImage img))
            throw JsError.type("load(image) needs an image from asm(...) or elf(path), got " + ValueFormat.inspect(v));
        Value o = Args.options(Args.at(a, 1), "vm.load()", "params");
        Value params = Args.option(o, "params");
        java.util.Map<String, Integer> words = new java.util.LinkedHashMap<>();
        if (params != null) {
            if (!params.hasMembers() || params.hasArrayElements())
                throw JsError.type("load: params must be {symbol: value}, got " + ValueFormat.inspect(params));
            for (String name : params.getMemberKeys()) {
                if (!img.image().hasSymbol(name)) throw JsError.range("load: the image has no symbol '" + name + "'");
                long gpa = Args.unsigned(img.image().symbol(name));
                if (!vm.guest().contains(gpa, 4) || (gpa & 3) != 0)
                    throw JsError.range(String.format("load: symbol '%s' at 0x%08x is not a word of guest RAM", name, gpa));
                words.put(name, Args.u32(params.getMember(name), "load: params." + name));
            }
        }
        vm.load(img.image(), words);
        image = img;
        return this;
    }

    private Object snapshot(Value[] a) { return new JsVmSnapshot(host, takeSnapshot("vm.snapshot()")); }

    private vmsh.hv.VmSnapshot takeSnapshot(String call) {
        owner.refuseWhileRunning(call);
        try {
            return vm.snapshot();
        } catch (IllegalStateException e) {
            throw new JsError("Error", call + ": " + e.getMessage());
        }
    }

    private Object restore(Value[] a) {
        owner.refuseWhileRunning("vm.restore()");
        Value v = Args.at(a, 0);
        if (v == null || !v.isProxyObject() || !(v.asProxyObject() instanceof JsVmSnapshot s))
            throw JsError.type("vm.restore(s) needs a snapshot from vm.snapshot(), got " + ValueFormat.inspect(v));
        try {
            vm.restore(s.snapshot());
        } catch (IllegalStateException e) {
            throw new JsError("Error", "vm.restore(): " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw JsError.range("vm.restore(): " + e.getMessage());
        }
        return this;
    }

    private Object cloneVm(Value[] a) {
        Value o = Args.options(Args.at(a, 0), "vm.clone()", "name");
        Value name = Args.option(o, "name");
        String n = name == null ? owner.freeName(vm.name() + "-clone") : Args.string(name, "name");
        try {
            JsVm c = owner.wrapped(vm.hypervisor().clone(vm, n));
            host.select(c);
            return c;
        } catch (IllegalStateException e) {
            throw new JsError("Error", "vm.clone(): " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw JsError.range("vm.clone(): " + e.getMessage());
        }
    }

    /** The image the VM has now (a restore may have changed it), or null. */
    private JsImage image() {
        if (vm.image() == null) return null;
        if (image == null || image.image() != vm.image()) image = new JsImage(host, vm.image());
        return image;
    }

    private Object translations() {
        vmsh.hv.TranslatorStats t = vm.translations();
        if (t == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("units", t.units());
        m.put("unitsMade", t.unitsMade());
        m.put("guestInstructions", t.guestInstructions());
        m.put("tcBytes", t.tcBytes());
        m.put("hits", t.hits());
        m.put("misses", t.misses());
        m.put("chains", t.chains());
        m.put("callouts", host.object(new LinkedHashMap<>(t.callouts())));
        m.put("calloutsTotal", t.calloutsTotal());
        m.put("invalidations", t.invalidations());
        m.put("codeWrites", t.codeWrites());
        m.put("adaptations", t.adaptations());
        m.put("adaptive", t.adaptive());
        m.put("flushes", t.flushes());
        return host.object(m);
    }

    private Object paravirtual() {
        vmsh.hv.PvStats p = vm.paravirtual();
        if (p == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hypercalls", p.hypercalls());
        m.put("bounces", p.bounces());
        m.put("batchEntries", p.batchEntries());
        m.put("ptes", p.ptes());
        m.put("refused", p.refused());
        m.put("tables", p.tables());
        return host.object(m);
    }

    private Object run(Value[] a) {
        Value o = Args.options(Args.at(a, 0), "vm.run()", "insns");
        Value insns = Args.option(o, "insns");
        long budget = insns == null ? Long.MAX_VALUE : Args.positive(insns, "insns");
        return JsHypervisor.result(host, owner.runGuests(runner(budget), "vm.run()"));
    }

    private Object step(Value[] a) {
        Value n = Args.at(a, 0);
        long count = Args.absent(n) ? 1 : Args.positive(n, "step(n): n");
        return JsHypervisor.result(host, owner.runGuests(runner(count), "vm.step()"));
    }

    /** A run of this VM alone, through its hooks when it has some. */
    private VmRunner runner(long budget) {
        if (!debug.any()) return new VmRunner(vm, budget);
        return new VmRunner(vm, n -> {
            long exits0 = vm.exits();
            RunResult r = debug.hooks().run(n);
            String stop = r.reason() == StopReason.BREAK ? r.message() : null;
            return new VmRunResult(vm.name(), vm.state(), vm.exitCode(), r.insns(), r.cycles(), vm.exits() - exits0,
                    stop != null ? stop : vm.message(), stop);
        }, budget);
    }

    private Object on(Value[] a) {
        String kind = Args.string(Args.at(a, 0), "on(kind, fn): kind");
        if (!kind.equals("exit")) {
            if (!List.of("insn", "read", "write", "trap", "interrupt").contains(kind))
                throw JsError.range("vm.on(kind): unknown kind '" + kind + "' (exit, insn, read, write, trap, interrupt)");
            return debugging(() -> debug.on(a));
        }
        Value fn = Args.function(Args.at(a, 1), "on('exit', fn): fn");
        Consumer<ExitEvent> hook = e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reason", e.reason().label());
            m.put("pc", Args.unsigned(e.pc()));
            m.put("detail", e.detail());
            fn.execute(host.object(m));
        };
        vm.onExit(hook);
        JsExitHook handle = new JsExitHook(host, vm, hook);
        handles.add(handle);
        return handle;
    }

    // ---------------------------------------------------------------- gdb

    /** gdb({port}) or gdb(port): serves one gdb connection on this VM's vCPU; monitor commands act on this VM. */
    private Object gdb(Value[] a) {
        owner.refuseWhileRunning("vm.gdb()");
        if (debugged) throw new JsError("Error", "vm.gdb(): gdb is debugging VM '" + vm.name() + "' already");
        int port = GdbPort.port(a, "vm.gdb");
        HostHistory h = owner.historyOrNull();
        JsCluster cluster = owner.cluster();
        vmsh.history.Timeline timeline = cluster != null ? cluster.timelineOrNull(vm, debug.hooks())
                : h == null || !h.covers(vm) ? null : h.timeline(vm, debug.hooks());
        BoardTarget target = new BoardTarget(debug.hooks(), timeline, new BoardTarget.Driver() {
            @Override public RunResult run(long maxInsns) { return runThroughHooks(maxInsns, "vm.gdb()"); }

            @Override public boolean travel(Runnable trip) { return trip(trip); }
        }, command -> {
            host.select(this);
            return host.monitor(command);
        });
        debugged = true;
        try {
            return GdbPort.serve(host, port, target, vm.debugTarget(), vm::exitCode);
        } finally {
            debugged = false;
        }
    }

    /** A run of this VM alone through its hooks, under the session's limits, as the board target reports it. */
    private RunResult runThroughHooks(long budget, String call) {
        RunResult[] last = {null};
        owner.runGuests(new VmRunner(vm, n -> {
            RunResult r = debug.hooks().run(n);
            last[0] = r;
            return vmResult(r);
        }, budget), call);
        return last[0];
    }

    private VmRunResult vmResult(RunResult r) {
        String stop = r.reason() == StopReason.BREAK ? r.message() : null;
        return new VmRunResult(vm.name(), vm.state(), vm.exitCode(), r.insns(), r.cycles(), 0, stop != null ? stop : vm.message(), stop);
    }

    // ---------------------------------------------------------------- going back in time

    private Object history() {
        if (owner.cluster() != null) return owner.cluster().history(vm);
        HostHistory h = owner.historyOrNull();
        return h == null || !h.covers(vm) ? null : new JsHostHistory(host, h, vm);
    }

    private HostHistory history(String call) {
        owner.refuseWhileRunning(call);
        HostHistory h = owner.history(call);
        if (!h.covers(vm)) throw new JsError("Error", call + ": VM '" + vm.name() + "' came after the host's history began (hv.keepHistory() again)");
        return h;
    }

    /** reverseStep, reverseContinue and seek, as a machine has them, in this VM's guest instructions. */
    private Travel travel() {
        return new Travel(host, "vm", "VM '" + vm.name() + "' ", method -> timeline("vm." + method.substring(0, method.indexOf('(')) + "()"),
                this::trip, () -> vm.debugTarget().pc());
    }

    /** This VM's past: in its host's history, or its cluster's; an error naming {@code call} when none is kept. */
    private vmsh.history.Timeline timeline(String call) {
        JsCluster cluster = owner.cluster();
        if (cluster == null) return history(call).timeline(vm, debug.hooks());
        owner.refuseWhileRunning(call);
        return cluster.timeline(vm, debug.hooks(), call);
    }

    /** Makes a trip through the host's (or the cluster's) history under the session's limits; false when Ctrl-C or the deadline stopped it. */
    private boolean trip(Runnable trip) {
        if (owner.cluster() != null) return owner.cluster().trip(vm.debugTarget(), trip);
        return owner.runGuests(new vmsh.shell.limits.TravelRunner(vm.debugTarget(), trip), "a trip through history");
    }

    private List<Object> hookList() {
        handles.removeIf(JsExitHook::removed);
        List<Object> all = new ArrayList<>(handles);
        all.addAll(debug.list());
        return all;
    }

    private Object translate(Value[] a) {
        int gva = Args.u32(Args.at(a, 0), "translate(gva): gva");
        Value o = Args.options(Args.at(a, 1), "translate()", "access", "level", "priv");
        Value access = Args.option(o, "access"), level = Args.option(o, "level"), priv = Args.option(o, "priv");
        int kind = access == null ? Access.LOAD : Access.parse(Args.string(access, "access"));
        long lvl = level == null ? 1 : Args.integer(level, "level");
        if (lvl == 2) return nestedTranslation(gva, kind, priv);
        if (lvl != 1) throw JsError.range("translate(): level " + lvl + " must be 1 (the guest) or 2 (a nested VM's guest's guest)");
        if (priv != null) throw JsError.type("translate(): priv is for level 2; level 1 translates as the vCPU is now");
        VmTranslation t = vm.translate(gva, kind);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("technique", t.technique().label);
        m.put("ok", t.guest().ok() && (t.shadow() == null || t.shadow().ok()));
        m.put("gpa", t.guest().gpa());
        m.put("references", t.references());
        m.put("cycles", t.cycles());
        m.put("guest", new JsTranslation(host, t.guest()));
        if (t.shadow() != null) m.put("shadow", new JsTranslation(host, t.shadow()));
        m.put("text", t.toString());
        return host.object(m);
    }

    /** Level 2: through L2's table, L1's G-stage and L0's, and over the shadow G-stage. */
    private Object nestedTranslation(int gva, int access, Value priv) {
        if (!vm.nested()) throw JsError.type("translate(): level 2 needs a nested VM (hv.create({technique: 'hw', nested: true})); '" + vm.name() + "' is not");
        String p = priv == null ? "S" : Args.string(priv, "priv").toUpperCase(java.util.Locale.ROOT);
        if (!p.equals("S") && !p.equals("U")) throw JsError.range("translate(): priv '" + p + "' must be 'S' or 'U' (L2's kernel or its tasks)");
        NestedTranslation t = vm.translateNested(gva, access, p.equals("S") ? vmsh.isa.Encoding.PRV_S : vmsh.isa.Encoding.PRV_U);
        Map<String, Object> refs = new LinkedHashMap<>();
        refs.put("l2", t.vsReferences());
        refs.put("l1", t.l1References());
        refs.put("l0", t.l0References());
        refs.put("total", t.references());
        refs.put("shadow", t.shadow().references());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("level", 2);
        m.put("ok", t.ok());
        m.put("gva", Args.unsigned(gva));
        m.put("l2gpa", t.l2Gpa());
        m.put("l1gpa", t.l1Gpa());
        m.put("pa", t.hostAddress());
        m.put("references", host.object(refs));
        m.put("l2", new JsTranslation(host, t.vsStage()));
        m.put("shadow", new JsTranslation(host, t.shadow()));
        m.put("text", t.toString());
        return host.object(m);
    }

    private Object pmap(Value[] a) {
        Value o = Args.options(Args.at(a, 0), "vm.pmap()", "all");
        Value all = Args.option(o, "all");
        Pmap p = vm.memory().pmap();
        List<Object> rows = new ArrayList<>();
        if (all != null && Args.bool(all, "pmap: all")) {
            for (int g = 0; g < p.pages(); g++) rows.add(row(p.entry(g)));
        } else {
            for (PmapEntry e : vm.pmap()) rows.add(row(e));
        }
        return host.array(rows);
    }

    private Value row(PmapEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gpn", e.gpn());
        m.put("state", e.state().name().toLowerCase(java.util.Locale.ROOT));
        m.put("mpn", e.mpn());
        m.put("sharers", e.sharers());
        return host.object(m);
    }

    private Object nic() {
        NicView d = NicView.nic(vm);
        return d == null ? null : host.object(d.row());
    }

    private Object memory() {
        for (Object row : new JsHostMemory(host, vm.hypervisor()).rowsOf(vm.name())) return row;
        throw JsError.type("VM '" + vm.name() + "' is no longer on the host");
    }

    private Object shadow(Value[] a) {
        List<Object> rows = new ArrayList<>();
        for (ShadowView s : vm.shadow()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("root", s.root());
            m.put("entries", s.entries());
            List<Object> maps = new ArrayList<>();
            for (Mapping x : s.mappings()) maps.add(x.toString());
            m.put("mappings", host.array(maps));
            rows.add(host.object(m));
        }
        return host.array(rows);
    }

    @Override public String toString() { return vm.toString(); }
}
