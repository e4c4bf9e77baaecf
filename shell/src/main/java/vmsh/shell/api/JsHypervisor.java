package vmsh.shell.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.graalvm.polyglot.Value;
import vmsh.hostmem.SuperpageStats;
import vmsh.hv.ControlPlane;
import vmsh.hv.HvConfig;
import vmsh.hv.Instantiation;
import vmsh.hv.InstantiationStats;
import vmsh.hv.SpawnMethod;
import vmsh.hv.HvSnapshot;
import vmsh.hv.Hypervisor;
import vmsh.hv.NestedExits;
import vmsh.hv.NestedPaging;
import vmsh.hv.NumaStats;
import vmsh.hv.Placement;
import vmsh.hv.SuperpagePolicy;
import vmsh.hv.Technique;
import vmsh.hv.VmMachine;
import vmsh.hv.VmOptions;
import vmsh.hv.VmRunResult;
import vmsh.hv.VmState;
import vmsh.hv.VmStats;
import vmsh.hv.VmTlbStats;
import vmsh.memsched.Knob;
import vmsh.memsched.MemSchedConfig;
import vmsh.history.HostHistory;
import vmsh.history.HostRecorder;
import vmsh.history.HostRecording;
import vmsh.history.HostReplay;
import vmsh.shell.snapshot.HostRecordingFile;
import vmsh.shell.Sizes;
import vmsh.shell.limits.HostRunner;
import vmsh.shell.limits.Runner;
import vmsh.shell.limits.SpawnRunner;
import vmsh.hv.VmSnapshot;
import vmsh.shell.snapshot.HypervisorFile;
import vmsh.shell.snapshot.SnapshotContents;
import vmsh.shell.snapshot.VmFile;
import vmsh.shell.snapshot.SnapshotFile;

/** The global {@code hv}: a hypervisor host that runs VMs under a chosen virtualization technique. */
final class JsHypervisor extends ApiObject {
    static final ApiType<JsHypervisor> TYPE = ApiType.<JsHypervisor>of("hv", "hv",
                    "The hypervisor host (one hart with the H extension, host memory under the ESX-style memory scheduler): "
                    + "`hv.configure({memory: '256M'})`, `vm = hv.create({name, memory, technique})`, `hv.run({cycles})`.")
            .method("configure({memory, seed, quantum, numa, reclaim, ...knobs})", "a fresh host: host memory ('256M'), the memory scheduler's seed (the host's --seed), the scheduling quantum in instructions (" + HvConfig.DEFAULT_QUANTUM + "), NUMA nodes and Disco's policy (numa: " + NumaOptions.HELP + "), and the memory scheduler's knobs (help('knobs')): " + MemoryKnobs.defaults() + "; existing VMs are dropped", JsHypervisor::configure).returning("hv")
            .method("create({name, memory, technique, machine, shares, min, max, superpages, vcpus, placement, disk, nested, nestedPaging})", "a VM: guest memory ('32M'), technique " + Technique.sentence(t -> "'" + t.label + "' (" + t.summary + ")") + "; machine 'sbi' (" + VmMachine.SBI.summary + ") or 'full' (" + VmMachine.FULL.summary + "; under " + Technique.sentence(t -> t.wholeMachine ? t.label : null) + "; one vCPU); shares (10 per MiB), min (guaranteed, 0) and max (its memory) host memory; admission control refuses a min that does not fit; superpages 'off' (4 KiB pages) or 'reserve' (Navarro's reservations: a region's first touch reserves 4 MiB of host frames, a full region is mapped by one megapage); vcpus 1.." + VmOptions.MAX_VCPUS + " (more than one: technique 'hw'; vCPU i runs on NUMA node i mod nodes; the guest starts them with SBI HSM hart_start); placement on a NUMA host " + NumaOptions.PLACEMENTS + "; disk: the name of a base image (hv.createDisk) for a copy-on-write disk (SBI VMSH_BLOCK); nested: true (hw) gives the guest the H extension, so it can be a hypervisor whose own guest L0 runs directly, paged by nestedPaging: 'multi-dimensional' (the default: a shadow G-stage kept in step with L1's write-protected one) or 'emulated' (filled one L2 miss at a time)", JsHypervisor::create).returning("vm")
            .method("run({cycles | insns})", "run every VM round robin until the budget (over all VMs, checked each quantum) is spent or none can run; returns [{name, state, exitCode, insns, cycles, exits, message}]", JsHypervisor::run)
            .property("vms", "the VMs, in creation order", h -> h.host.array(h.vmList()))
            .method("vm(name)", "the VM called name", (h, a) -> h.vm(Args.string(Args.at(a, 0), "vm(name): name"))).returning("vm")
            .method("stats()", "every VM's stats (see vm.stats())", (h, a) -> h.statsList())
            .property("costs", "the cost model in cycles (see costs), live: hv.costs.exitRoundTrip = 500 changes an entry; assigning an object {exitRoundTrip: 500, ...} changes several", h -> new JsCosts(h.host, h), (h, v) -> JsCosts.assign(h.hv().costs(), v))
            .property("memory", "host memory now (see hostMemory): frames total and free, the free-memory state, guest pages shared, zero, ballooned, swapped, one row per VM", h -> new JsHostMemory(h.host, h.hv()))
            .property("sharing", "content-based page sharing (see sharing): scan({pages}), stats()", h -> new JsSharing(h.host, h.hv()))
            .method("createDisk({name, blocks, seed})", "a base disk image of blocks 4 KiB blocks (contents made from seed) that VMs created with {disk: name} read copy-on-write: their writes go to overlays of their own, and a block several VMs read is one shared frame of host memory (Disco's disk sharing); returns {name, blocks}", (h, a) -> DiskOptions.create(h.host, h.hv(), Args.at(a, 0)))
            .property("numa", "the NUMA nodes now, one row each: frames, free, pages (backing guest pages), replicas, localMisses and remoteMisses (TLB misses of the vCPUs on the node), migrations and replications (to it)", h -> NumaOptions.nodes(h.host, h.hv()))
            .property("knobs", "the memory scheduler's knobs now, as hv.configure takes them: {idleTax, ..., thresholds: {high, ...}, reclaim: {policy, victims}}", h -> MemoryKnobs.values(h.host, h.hv().memory().config()))
            .property("idleTax", "the idle memory tax rate τ in " + Knob.IDLE_TAX.range() + " (" + Knob.IDLE_TAX.defaultText() + "); assign to change it from now on", h -> h.hv().memory().config().get(Knob.IDLE_TAX), JsHypervisor::setIdleTax)
            .property("time", "host time in simulated seconds (1 GHz): what the memory scheduler's periods run on", h -> h.hv().memory().time().seconds())
            .property("clock", "host time in cycles (1 GHz; hv.time in seconds): what VMs' runs and hv.spawn's creations advance", h -> h.hv().now())
            .method("snapshot()", "the whole host now, as a value (host RAM and swap pages shared copy-on-write): every VM with its vCPU, virtual CSRs, devices, console and the VMM's tables, pmaps with page states, the swap device, the sharing scanner, the memory scheduler and its samplers; hooks are not part of it", JsHypervisor::snapshot).returning("hvSnapshot")
            .method("restore(s)", "go back to host snapshot s: the same VMs continue exactly as they did after it; when VMs were created or the host configured since, the host is made again from s (handles of VMs not in it go stale)", JsHypervisor::restore).returning("hv")
            .method("open(file)", "the host of a snapshot file (s.save(file)) replaces this one, its VMs ready to go on; a file of one VM (vm.snapshot().save(file)) becomes a new VM of this host instead, as hv.load does; returns hv", JsHypervisor::open).returning("hv")
            .method("load(s or file, {name})", "a new VM on this host in the state of a VM's own snapshot (vm.snapshot(), or its file): built as the snapshot's VM was (memory, technique, vCPUs, options; its disk on this host's base image of that name, made when missing), named name (default: the snapshot's, or it with a number when taken); the other VMs are untouched; returns the VM", JsHypervisor::load).returning("vm")
            .method("stateHash()", "a SHA-256 of the whole host state now (see hvSnapshot.hash)", (h, a) -> h.hv().stateHash())
            .method("keepHistory({interval, cap})", "keep the host's history from now on, for going back (vm.reverseStep, vm.reverseContinue, vm.seek, gdb's reverse-stepi): a checkpoint every interval host instructions (" + HostHistory.DEFAULT_INTERVAL + "; the host's runs are cut at every eighth of it, the same whoever runs it, and a seek keeps checkpoints at the cuts it passes), at most cap of host memory ('128M'); false: keep none; a VM made meanwhile (vm.clone(), hv.spawn, hv.create) is input to the host: going back past where it was made takes it away (its handle says it is not there), going forward makes it again; a cluster's host keeps none alone (dc.keepHistory() keeps the whole cluster's); returns hv.history", JsHypervisor::keepHistory).returning("hostHistory")
            .property("history", "the host's history (see hostHistory), or null until hv.keepHistory()", h -> h.history == null ? null : new JsHostHistory(h.host, h.history, null))
            .method("record()", "start recording the host: its runs as they are asked for and whatever changes it between them (console input, packets, registers, memory, images); returns a recording: r.stop(), r.save(file)", JsHypervisor::record).returning("hostRecording")
            .method("replay(recording or file)", "play a host recording again on this host, whose VMs must be the recording's (their state is replaced; consoles print again); returns {identical, insns, hash, expectedHash}", JsHypervisor::replay)
            .method("spawn(template, n, {method, controlPlane, names})", "n new VMs from the booted VM template (LightVM's instantiation), returned as an array: method " + choices(SpawnMethod.values(), m -> m.label + "' (" + m.summary + ")") + "; each announced through controlPlane " + choices(ControlPlane.values(), p -> p.label + "' (" + p.summary + ")") + "; names: one per VM (default: the template's name, '-' and the first free numbers); creating takes host time (hv.instantiation)", JsHypervisor::spawn)
            .property("instantiation", "what creating VMs with hv.spawn has cost so far, one row per method and control plane: vms, cyclesPerVm (host time per VM, in cycles: the hypervisor's work, the control plane's and a boot's run), msPerVm (the same in simulated milliseconds), controlPlaneCyclesPerVm, bytesPerVm (host memory a new VM holds: its own frames and the VMM's tables, page-map entries, vCPU and device state), lastCycles (the last VM's)", h -> h.instantiationRows());

    /** hv.configure's options: the host's own, then the memory scheduler's knobs. */
    private static final String[] OPTIONS = Stream.concat(Stream.of("memory", "seed", "quantum", "numa"),
            MemoryKnobs.options().stream()).toArray(String[]::new);

    private Hypervisor hv;
    /** A cluster's host: built by cluster(), never replaced by configure(). */
    private final boolean fixed;
    /** The cluster a cluster's host belongs to, or null. */
    private final JsCluster cluster;
    /** True while hv.run or a VM's run goes on: a hook called during it may not run the host again. */
    private boolean running;
    private final Map<vmsh.hv.Vm, JsVm> vms = new LinkedHashMap<>();
    /** The host's history (hv.keepHistory()), or null. */
    private HostHistory history;
    private JsRecording recording;

    JsHypervisor(ScriptHost host) {
        super(host);
        this.fixed = false;
        this.cluster = null;
    }

    /** The API of a cluster's host {@code hv} (h0.hv). */
    JsHypervisor(ScriptHost host, Hypervisor hv, JsCluster cluster) {
        super(host);
        this.hv = hv;
        this.fixed = true;
        this.cluster = cluster;
    }

    /** The cluster this host belongs to, or null. */
    JsCluster cluster() { return cluster; }

    @Override ApiType<?> type() { return TYPE; }

    /** The host, built with the defaults on first use. */
    Hypervisor hv() {
        if (hv == null) hv = new Hypervisor(HvConfig.DEFAULTS.seed(host.seed()));
        return hv;
    }

    private Object configure(Value[] a) {
        refuseWhileRunning("hv.configure()");
        if (fixed) throw JsError.type("hv.configure(): this is a cluster's host; cluster({host: {...}}) configures its hosts");
        Value o = Args.options(Args.at(a, 0), "hv.configure()", OPTIONS);
        HvConfig c = HvConfig.DEFAULTS.seed(host.seed());
        Value memory = Args.option(o, "memory"), seed = Args.option(o, "seed"), quantum = Args.option(o, "quantum");
        if (memory != null) c = c.memory(Args.size(memory, "memory"));
        if (seed != null) c = c.seed(Args.integer(seed, "seed"));
        if (quantum != null) c = c.quantum(Args.positive(quantum, "quantum"));
        Value numa = Args.option(o, "numa");
        if (numa != null) c = c.numa(NumaOptions.of(numa));
        try {
            forgetTime();
            hv = new Hypervisor(c, MemoryKnobs.of(o, MemSchedConfig.DEFAULTS.withSeed(c.seed())));
        } catch (IllegalArgumentException e) {
            throw JsError.range("hv.configure(): " + e.getMessage());
        }
        vms.clear();
        return this;
    }

    private static <T> String choices(T[] values, java.util.function.Function<T, String> text) {
        List<String> parts = new ArrayList<>();
        for (T v : values) parts.add("'" + text.apply(v));
        return String.join(", ", parts);
    }

    private Object spawn(Value[] a) {
        Value t = Args.at(a, 0);
        if (t == null || !t.isProxyObject() || !(t.asProxyObject() instanceof JsVm template))
            throw JsError.type("hv.spawn(template, n): template must be a VM, got " + ValueFormat.inspect(t));
        template.checkUsable();
        if (template.vm().hypervisor() != hv()) throw JsError.type("hv.spawn(): VM '" + template.vm().name() + "' is not on this host");
        Value count = Args.at(a, 1);
        if (count == null || !count.isNumber()) throw JsError.type("hv.spawn(template, n): n must be a number of VMs, got " + ValueFormat.inspect(count));
        long n = Args.positive(count, "hv.spawn(): n");
        if (n > Instantiation.MAX_VMS) throw JsError.range("hv.spawn(): n " + n + " must be in 1.." + Instantiation.MAX_VMS);
        Value o = Args.options(Args.at(a, 2), "hv.spawn()", "method", "controlPlane", "names");
        Value method = Args.option(o, "method"), plane = Args.option(o, "controlPlane"), names = Args.option(o, "names");
        SpawnMethod m = method == null ? SpawnMethod.CLONE : Args.choice(method, "method", SpawnMethod::parse);
        ControlPlane p = plane == null ? ControlPlane.NOXS : Args.choice(plane, "controlPlane", ControlPlane::parse);
        List<String> list = null;
        if (names != null) {
            if (!names.hasArrayElements()) throw JsError.type("hv.spawn(): names must be an array of strings, got " + ValueFormat.inspect(names));
            list = new ArrayList<>();
            for (long i = 0; i < names.getArraySize(); i++) list.add(Args.string(names.getArrayElement(i), "hv.spawn(): names[" + i + "]"));
        }
        List<vmsh.hv.Vm> made;
        try {
            made = runGuests(new SpawnRunner(hv(), template.vm(), (int) n, m, p, list), "hv.spawn()");
        } catch (IllegalArgumentException e) {
            throw JsError.range("hv.spawn(): " + e.getMessage());
        } catch (IllegalStateException e) {
            throw new JsError("Error", "hv.spawn(): " + e.getMessage());
        }
        List<Object> vms = new ArrayList<>(made.size());
        for (vmsh.hv.Vm v : made) vms.add(wrap(v));
        return host.array(vms);
    }

    private Object instantiationRows() {
        List<Object> rows = new ArrayList<>();
        for (InstantiationStats s : hv().instantiation()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", s.method().label);
            m.put("controlPlane", s.controlPlane().label);
            m.put("vms", s.vms());
            m.put("cyclesPerVm", Math.round(s.cyclesPerVm()));
            m.put("msPerVm", Math.round(s.cyclesPerVm() / 1e3) / 1e3);
            m.put("controlPlaneCyclesPerVm", Math.round(s.controlPlaneCyclesPerVm()));
            m.put("bytesPerVm", Math.round(s.bytesPerVm()));
            m.put("lastCycles", s.lastCycles());
            rows.add(host.object(m));
        }
        return host.array(rows);
    }

    private Object snapshot(Value[] a) {
        refuseWhileRunning("hv.snapshot()");
        try {
            return new JsHvSnapshot(host, hv().snapshot());
        } catch (IllegalStateException e) {
            throw new JsError("Error", "hv.snapshot(): " + e.getMessage());
        }
    }

    private Object restore(Value[] a) {
        refuseWhileRunning("hv.restore()");
        Value v = Args.at(a, 0);
        if (v == null || !v.isProxyObject() || !(v.asProxyObject() instanceof JsHvSnapshot s))
            throw JsError.type("hv.restore(s) needs a snapshot from hv.snapshot(), got " + ValueFormat.inspect(v));
        if (hv().misfit(s.snapshot()) == null) hv.restore(s.snapshot());
        else replace(Hypervisor.open(s.snapshot()));
        return this;
    }

    private Object open(Value[] a) {
        refuseWhileRunning("hv.open()");
        String file = Args.string(Args.at(a, 0), "hv.open(file): file");
        SnapshotContents c = SnapshotFile.read(host.files().readBytes(file), file);
        if (VmFile.KIND.equals(c.kind())) {
            loadVm(VmFile.snapshot(c, file), null, "hv.open()");
            return this;
        }
        replace(HypervisorFile.open(c, file));
        return this;
    }

    private Object load(Value[] a) {
        refuseWhileRunning("hv.load()");
        Value v = Args.at(a, 0);
        VmSnapshot s;
        if (v != null && v.isProxyObject() && v.asProxyObject() instanceof JsVmSnapshot js) s = js.snapshot();
        else if (v != null && v.isString()) s = VmFile.snapshot(SnapshotFile.read(host.files().readBytes(v.asString()), v.asString()), v.asString());
        else throw JsError.type("hv.load(s) needs a VM snapshot from vm.snapshot() or its file, got " + ValueFormat.inspect(v));
        Value name = Args.option(Args.options(Args.at(a, 1), "hv.load()", "name"), "name");
        return loadVm(s, name == null ? null : Args.string(name, "name"), "hv.load()");
    }

    /** A new VM of {@code s} on this host, called {@code name} (null: the snapshot's, or it with a number when taken). */
    private JsVm loadVm(VmSnapshot s, String name, String call) {
        String base = s.spec().name();
        String n = name != null ? name : hv().vms().stream().anyMatch(v -> v.name().equals(base)) ? freeName(base + "-") : base;
        try {
            JsVm vm = wrap(hv().load(s, n));
            host.select(vm);
            return vm;
        } catch (IllegalStateException e) {
            throw new JsError("Error", call + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw JsError.range(call + ": " + e.getMessage());
        }
    }

    /** {@code made} (a host built outside the script, vmsh boot's) becomes this one; its last VM the monitor's target. */
    void adoptHost(Hypervisor made) {
        refuseWhileRunning("adopting a host");
        if (fixed) throw new IllegalStateException("a cluster's host cannot be replaced");
        replace(made);
    }

    /** A host made from a snapshot takes this one's place; the last VM becomes the monitor's target. */
    private void replace(Hypervisor made) {
        forgetTime();
        hv = made;
        vms.clear();
        List<vmsh.hv.Vm> list = made.vms();
        if (!list.isEmpty()) host.select(wrap(list.get(list.size() - 1)));
    }

    // ---------------------------------------------------------------- time travel

    /** A cluster's host is now {@code made} (a replay's cluster took the cluster's place): its VMs' handles follow theirs. */
    void rebind(Hypervisor made) {
        forgetTime();
        hv = made;
        vms.clear();
    }

    /** The host is replaced: its history and recording go with it. */
    private void forgetTime() {
        if (history != null) history.close();
        history = null;
        if (recording != null) recording.stop();
        recording = null;
    }

    private Object keepHistory(Value[] a) {
        refuseWhileRunning("hv.keepHistory()");
        Value v = Args.at(a, 0);
        if (v != null && v.isBoolean() && !v.asBoolean()) {
            if (recording())
                throw new JsError("Error", "hv.keepHistory(false): the host is being recorded with its history's cuts; stop the recording first (r.stop())");
            if (history != null) history.close();
            history = null;
            return null;
        }
        refuseOnCluster("hv.keepHistory()");
        Value o = Args.options(v != null && v.isBoolean() ? null : v, "hv.keepHistory()", "interval", "cap");
        long interval = Args.positiveOr(Args.option(o, "interval"), HostHistory.DEFAULT_INTERVAL, "interval");
        Value cap = Args.option(o, "cap");
        long bytes = cap == null ? HostHistory.DEFAULT_CAP : Args.size(cap, "cap");
        if (bytes < 1 << 20) throw JsError.range("hv.keepHistory(): cap " + Sizes.format(bytes) + " is below 1M");
        if (recording()) throw new JsError("Error", "hv.keepHistory(): the host is being recorded; stop the recording first (r.stop())");
        if (history != null) history.close();
        try {
            history = new HostHistory(hv(), interval, bytes);
        } catch (IllegalStateException e) {
            throw new JsError("Error", "hv.keepHistory(): " + e.getMessage());
        }
        return new JsHostHistory(host, history, null);
    }

    /**
     * A cluster's host neither keeps history nor records alone: its past cannot run again
     * without the network, the clients and the other hosts going back with it. The cluster
     * keeps its history whole (dc.keepHistory()) and records whole (dc.record()).
     */
    private void refuseOnCluster(String call) {
        if (fixed)
            throw new JsError("Error", call + ": this is a cluster's host: its past cannot run again alone (its VMs' packets would go out "
                    + "again; the network, the clients and the other hosts do not go back with it); the cluster keeps its history whole: "
                    + "dc.keepHistory(), then vm.reverseStep(), vm.reverseContinue(), vm.seek() on its VMs; dc.record() records it whole)");
    }

    /** The host's history; an error naming {@code call} when it keeps none or is being recorded. */
    HostHistory history(String call) {
        if (history == null) throw new JsError("Error", call + ": the host keeps no history; start it with hv.keepHistory()");
        if (recording()) throw new JsError("Error", call + ": the host is being recorded; stop the recording first (r.stop())");
        return history;
    }

    /** The host's history, or null. */
    HostHistory historyOrNull() { return history; }

    private boolean recording() { return recording != null && recording.tape().recording(); }

    private Object record(Value[] a) {
        refuseWhileRunning("hv.record()");
        refuseOnCluster("hv.record()");
        if (recording()) throw new JsError("Error", "hv.record(): a recording is going on; stop it first (r.stop())");
        if (history != null && history.now() < history.present())
            throw new JsError("Error", "hv.record(): the host is back at instruction " + history.now() + " of its history; "
                    + "run it on (a new future) or go to the present (instruction " + history.present() + ") first");
        try {
            recording = JsRecording.of(host, new HostRecorder(hv(), history == null ? 0 : history.cuts()));
        } catch (IllegalStateException e) {
            throw new JsError("Error", "hv.record(): " + e.getMessage());
        }
        return recording;
    }

    private Object replay(Value[] a) {
        refuseWhileRunning("hv.replay()");
        refuseOnCluster("hv.replay()");
        if (recording()) throw new JsError("Error", "hv.replay(): a recording is going on; stop it first (r.stop())");
        Value v = Args.at(a, 0);
        HostRecording r;
        if (v != null && v.isString()) {
            String file = v.asString();
            r = HostRecordingFile.recording(SnapshotFile.read(host.files().readBytes(file), file), file);
        } else if (v != null && v.isProxyObject() && v.asProxyObject() instanceof JsRecording jr && jr.tape() instanceof HostRecorder hostTape) {
            r = hostTape.stop();
        } else {
            throw JsError.type("hv.replay(recording or file) needs a recording from hv.record() or a file name, got " + ValueFormat.inspect(v));
        }
        String misfit = hv().misfit(r.start());
        if (misfit != null) throw JsError.range("hv.replay(): the recording is of another host (" + misfit + "); replay it with vmsh boot --replay");
        vmsh.history.Replay.Outcome[] o = new vmsh.history.Replay.Outcome[1];
        if (history != null) history.pause();
        running = true;
        try {
            boolean done = host.run(new vmsh.shell.limits.TravelRunner(firstTarget(), () -> o[0] = HostReplay.run(hv, r)));
            if (!done) throw new JsError("Error", "hv.replay(): stopped on the way, at host instruction " + hv.executed());
        } catch (vmsh.history.Replay.DivergedException e) {
            throw new JsError("Error", "hv.replay(): " + e.getMessage());
        } finally {
            running = false;
            if (history != null) history.resumeHere();
        }
        return JsRecording.outcome(host, o[0]);
    }

    /** A target a trip of the whole host is stopped through (any VM's: a stop ends the host's run). */
    private vmsh.board.Target firstTarget() {
        if (hv().vms().isEmpty()) throw new JsError("Error", "hv.replay(): the host has no VMs");
        return hv.vms().get(0).debugTarget();
    }

    private Object create(Value[] a) {
        Value o = Args.options(Args.at(a, 0), "hv.create()", "name", "memory", "technique", "machine", "shares", "min", "max", "superpages",
                "vcpus", "placement", "disk", "nested", "nestedPaging");
        Value name = Args.option(o, "name"), memory = Args.option(o, "memory"), technique = Args.option(o, "technique");
        Value nested = Args.option(o, "nested"), nestedPaging = Args.option(o, "nestedPaging");
        Value shares = Args.option(o, "shares"), min = Args.option(o, "min"), max = Args.option(o, "max");
        String n = name == null ? "vm" + hv().vms().size() : Args.string(name, "name");
        long bytes = memory == null ? 32L << 20 : Args.size(memory, "memory");
        Technique t = technique == null ? Technique.HW : Technique.parse(Args.string(technique, "technique"));
        long s = shares == null ? -1 : Args.integer(shares, "shares");
        if (shares != null && s < 0) throw JsError.range("VM '" + n + "': shares " + s + " must not be negative");
        VmOptions options = VmOptions.DEFAULTS;
        Value machine = Args.option(o, "machine");
        if (machine != null) options = options.machine(Args.choice(machine, "machine", VmMachine::parse));
        Value superpages = Args.option(o, "superpages");
        if (superpages != null) options = options.superpages(Args.choice(superpages, "superpages", SuperpagePolicy::parse));
        Value vcpus = Args.option(o, "vcpus"), placement = Args.option(o, "placement");
        if (vcpus != null) {
            long count = Args.positive(vcpus, "vcpus");
            if (count > VmOptions.MAX_VCPUS) throw JsError.range("hv.create(): vcpus " + count + " must be in 1.." + VmOptions.MAX_VCPUS);
            options = options.vcpus((int) count);
        }
        if (placement != null) options = options.placement(Args.choice(placement, "placement", Placement::parse));
        Value disk = Args.option(o, "disk");
        if (disk != null) options = options.disk(DiskOptions.image(hv(), disk));
        NestedPaging paging = nesting(n, t, nested, nestedPaging);
        if (paging != null) options = options.nested(paging);
        JsVm vm;
        try {
            vm = wrap(hv().create(n, bytes, t, s, MemoryKnobs.size(min, 0, "min"), MemoryKnobs.size(max, bytes, "max"), options));
        } catch (IllegalArgumentException e) {
            throw JsError.range("hv.create(): " + e.getMessage());
        }
        host.select(vm);   // the last created is what the monitor commands act on
        return vm;
    }

    /** nested: true (an hw VM whose guest sees the H extension), paged by nestedPaging (default multi-dimensional); else null. */
    private static NestedPaging nesting(String vm, Technique t, Value nested, Value nestedPaging) {
        boolean on = nested != null && Args.bool(nested, "nested");
        if (!on) {
            if (nestedPaging != null) throw JsError.type("VM '" + vm + "': nestedPaging needs nested: true");
            return null;
        }
        if (t != Technique.HW) throw JsError.range("VM '" + vm + "': nested: true needs technique 'hw', not '" + t.label + "'");
        try {
            return nestedPaging == null ? NestedPaging.MULTI_DIMENSIONAL : NestedPaging.parse(Args.string(nestedPaging, "nestedPaging"));
        } catch (IllegalArgumentException e) {
            throw JsError.range(e.getMessage());
        }
    }

    JsVm wrapped(vmsh.hv.Vm vm) { return wrap(vm); }

    /** {@code base}1, {@code base}2, ...: the first no VM of the host has. */
    String freeName(String base) {
        for (int i = 1; ; i++) {
            String n = base + i;
            if (hv().vms().stream().noneMatch(v -> v.name().equals(n))) return n;
        }
    }

    JsVm wrap(vmsh.hv.Vm vm) {
        JsVm handle = vms.get(vm);
        if (handle == null && history != null)   // a VM history made again: the handle of the one it took away
            for (JsVm h : List.copyOf(vms.values()))
                if (h.vm().name().equals(vm.name()) && !hv.hasVm(h.vm())) {
                    followHistory(h);
                    return h;
                }
        return handle != null ? handle : new JsVm(host, this, vm);   // which adopts itself
    }

    /** {@code vm}'s handle now belongs to this host (a migration or failover moved the VM here). */
    void adopt(vmsh.hv.Vm vm, JsVm handle) { vms.put(vm, handle); }

    private JsVm vm(String name) { return wrap(hv().vm(name)); }

    private List<Object> vmList() {
        List<Object> list = new ArrayList<>();
        for (vmsh.hv.Vm v : hv().vms()) list.add(wrap(v));
        return list;
    }

    private Object run(Value[] a) {
        Value o = Args.options(Args.at(a, 0), "hv.run()", "cycles", "insns");
        Value cycles = Args.option(o, "cycles"), insns = Args.option(o, "insns");
        if (cycles != null && insns != null) throw JsError.type("hv.run() takes cycles or insns, not both");
        boolean inCycles = insns == null;
        long budget = cycles != null ? Args.positive(cycles, "cycles") : insns != null ? Args.positive(insns, "insns") : Long.MAX_VALUE;
        List<VmRunResult> results = runGuests(new HostRunner(hv(), budget, inCycles), "hv.run()");
        List<Object> rows = new ArrayList<>();
        for (VmRunResult r : results) rows.add(result(host, r));
        return host.array(rows);
    }

    /** Runs VMs of the host under the session's limits; refused while they run already (from an exit hook). */
    <R> R runGuests(Runner<R> runner, String call) {
        refuseWhileRunning(call);
        if (cluster != null && cluster.recording())
            throw new JsError("Error", call + ": the cluster is being recorded: its VMs run with it (dc.run()); run alone, their packets would go out "
                    + "at no cluster time, which a replay cannot give again (stop the recording first: r.stop())");
        running = true;
        try {
            return host.run(runner);
        } finally {
            running = false;
        }
    }

    void refuseWhileRunning(String call) {
        if (running) throw new JsError("Error", call + ": the host is running (this is a hook of its run); "
                + "a hook cannot run or reconfigure the host it is called from");
    }

    /** Throws when {@code vm} belongs to a host that hv.configure() replaced since. */
    void checkCurrent(vmsh.hv.Vm vm) {
        if (vm.hypervisor() != hv) throw JsError.type("VM '" + vm.name() + "' was dropped by hv.configure(): create it again with hv.create()");
    }

    /**
     * {@code handle}'s VM is not on the host: the host's history took it away going back
     * past where it was made; going forward made it again (the handle follows the VM of its
     * name), or it is not there at this point.
     */
    void followHistory(JsVm handle) {
        vmsh.hv.Vm gone = handle.vm();
        if (history == null || gone.hypervisor() != hv || hv.hasVm(gone)) return;
        if (!hv.hasVm(gone.name()))
            throw JsError.type("VM '" + gone.name() + "' is not on the host at this point of its history: it was made later (seek forward past where it was made)");
        vms.remove(gone);
        handle.follow(this, hv.vm(gone.name()));
    }

    static Value result(ScriptHost host, VmRunResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("state", r.state().label);
        m.put("exitCode", r.state() == VmState.HALTED ? r.exitCode() : null);
        m.put("insns", r.insns());
        m.put("cycles", r.cycles());
        m.put("exits", r.exits());
        m.put("message", r.message());
        if (r.stop() != null) m.put("reason", "break");   // a hook, breakpoint or watchpoint stopped it
        return host.object(m);
    }

    private Object statsList() {
        List<Object> rows = new ArrayList<>();
        List<VmStats> all = hv().stats();
        for (int i = 0; i < all.size(); i++) {
            vmsh.hv.Vm v = hv().vms().get(i);
            rows.add(withLevels(host, v, stats(host, all.get(i), v.tlbStats(), v.numaStats())));
        }
        return host.array(rows);
    }

    /** A VM's stats, with its TLB and NUMA figures; a nested VM's also with its exits by level. */
    static Value stats(ScriptHost host, vmsh.hv.Vm vm) {
        return withLevels(host, vm, stats(host, vm.stats(), vm.tlbStats(), vm.numaStats()));
    }

    /** A nested VM's stats also with its exits by level ({@code levels}) and their totals ({@code nesting}). */
    private static Value withLevels(ScriptHost host, vmsh.hv.Vm vm, Value v) {
        if (!vm.nested()) return v;
        List<Object> rows = new ArrayList<>();
        for (NestedExits.Row r : vm.levels()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("level", r.level());
            m.put("handledBy", r.handledBy());
            m.put("reason", r.reason());
            m.put("exits", r.exits());
            m.put("cycles", r.cycles());
            rows.add(host.object(m));
        }
        NestedExits.Summary n = vm.nesting();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("paging", vm.nestedPaging().label);
        m.put("l2Exits", n.l2Exits());
        m.put("reflected", n.reflected());
        m.put("l2HandledByL0", n.l2HandledByL0());
        m.put("l1Exits", n.l1Exits());
        m.put("l1ExitsPerReflection", n.multiplication());
        m.put("reflectedBy", host.object(n.reflectedBy()));
        v.putMember("levels", host.array(rows));
        v.putMember("nesting", host.object(m));
        return v;
    }

    /** A VM's stats as a flat row (tables print it directly) with the exits by reason and the TLB nested too. */
    static Value stats(ScriptHost host, VmStats s, VmTlbStats tlb, NumaStats numa) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("technique", s.technique());
        m.put("insns", s.insns());
        m.put("cycles", s.cycles());
        m.put("exits", s.exits());
        m.put("callouts", s.callouts());
        m.put("hypercalls", s.exitsByReason().get("hypercall"));
        m.put("tlbMisses", s.tlbMisses());
        m.put("walkReferences", s.walkReferences());
        m.put("refsPerMiss", Math.round(s.referencesPerMiss() * 100) / 100.0);
        m.put("guestTraps", s.guestTraps());
        m.put("byReason", host.object(s.exitsByReason()));
        m.put("tlb", tlb(host, tlb));
        if (numa != null) m.put("numa", NumaOptions.stats(host, numa));
        return host.object(m);
    }

    /** vm.stats().tlb: the host TLB as the VM used it, and its superpages. */
    static Value tlb(ScriptHost host, VmTlbStats t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lookups", t.lookups());
        m.put("misses", t.misses());
        m.put("walkReferences", t.walkReferences());
        m.put("refsPerMiss", Math.round(t.referencesPerMiss() * 100) / 100.0);
        m.put("megapages", t.megapages());
        SuperpageStats p = t.superpages();
        m.put("superpages", p.promoted());
        m.put("reserved", p.reserved());
        m.put("reservations", p.reservations());
        m.put("promotions", p.promotions());
        m.put("demotions", p.demotions());
        m.put("reservationsBroken", p.reservationsBroken());
        return host.object(m);
    }

    private void setIdleTax(Value v) {
        if (v == null || !v.isNumber())
            throw JsError.type("hv.idleTax must be a number in " + Knob.IDLE_TAX.range() + ", got " + ValueFormat.inspect(v));
        try {
            hv().memory().setIdleTax(v.asDouble());
        } catch (IllegalArgumentException e) {
            throw JsError.range("hv.idleTax: " + e.getMessage());
        }
    }

    @Override public String toString() {
        Hypervisor h = hv();
        return String.format("hypervisor: %s host memory, %d VM(s), quantum %d insns", Sizes.format(h.config().memoryBytes()),
                h.vms().size(), h.config().quantum());
    }
}
