package vmsh.hv;

import static vmsh.isa.Encoding.IRQ_VS_EXT;
import static vmsh.isa.Encoding.IRQ_VS_SOFT;
import static vmsh.isa.Encoding.IRQ_VS_TIMER;
import static vmsh.isa.Encoding.MCAUSE_INTERRUPT;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import vmsh.board.TrapEvent;
import vmsh.cpu.Clock;
import vmsh.cpu.CsrFile;
import vmsh.cpu.Engine;
import vmsh.cpu.EngineStop;
import vmsh.cpu.Hart;
import vmsh.hostmem.HostMemory;
import vmsh.isa.Extension;
import vmsh.isa.Isa;
import vmsh.mem.Bus;
import vmsh.mem.Ram;
import vmsh.memsched.MemSchedConfig;
import vmsh.memsched.MemoryScheduler;
import vmsh.memsched.VmMemory;
import vmsh.mmu.TlbStats;

/**
 * A hypervisor host: one RV32 hart with the hypervisor extension, host machine memory (a
 * pool of frames under the ESX-style {@link MemoryScheduler}), and the VMM, written in
 * Java, that runs VMs on them. The VMM is the hart's HS-mode trap handler: every trap the
 * hart would take into HS-mode or M-mode comes to the running VM's technique
 * ({@link Virtualization}) through the engine's trap interceptor.
 *
 * <p>Scheduling is deterministic round robin: each runnable VM (not halted, idle, asleep
 * or stalled for memory) runs a quantum of instructions, in creation order. Switching saves
 * the vCPU's hart state and restores the next one's; TLB entries stay (VMIDs tag the
 * hardware-assisted ones, host ASIDs the shadow ones).
 *
 * <p>Host time is the memory scheduler's clock ({@link MemoryScheduler#time()}): it advances
 * by the cycles each quantum costs (the hart runs one vCPU at a time), and, when every VM
 * that can still run is asleep in wfi, jumps to the earliest timer among them. A sleeping
 * vCPU wakes when host time reaches its deadline, so an idle VM leaves the hart to the busy
 * ones, as under KVM. The vCPUs of one VM sleep each on its own: the others take the turns
 * of a sleeping one, and the VM sleeps only when all its started vCPUs do. The hart's time
 * CSR counts ticks of the host clock; each vCPU's htimedelta makes its guest's time the time
 * that guest ran, waits included (see {@link Vcpu}).
 */
public final class Hypervisor {
    /** Instructions per engine call at most: the granularity of stops within a quantum. */
    private static final int CHUNK = 1 << 16;
    /** VMIDs 1..127 (hgatp.VMID is 7 bits; 0 is left unused). */
    private static final int VMIDS = 128;
    /**
     * The VMID every VM beyond the 126 that have one of their own shares: loading a vCPU
     * under it flushes its TLB entries first, as a hypervisor out of VMIDs must.
     */
    static final int SHARED_VMID = VMIDS - 1;
    /** Host ASIDs 1..511 for shadow page tables (satp.ASID is 9 bits). */
    private static final int ASIDS = 512;
    /** The host ASID shadows share once the others are all in use: entering one flushes its entries first. */
    static final int SHARED_ASID = ASIDS - 1;

    private final HvConfig config;
    private final MemoryScheduler memsched;
    private final HostMemory host;
    private final Clock clock = new Clock();
    private final Hart hart;
    private final Engine engine;
    private final CostModel costs = new CostModel();
    private final List<Vm> vms = new ArrayList<>();
    private final java.util.Map<String, Vm> byName = new java.util.HashMap<>();
    private final Instantiation instantiation = new Instantiation(this);
    /** See {@link #cloning}. */
    private boolean cloning;
    private final java.util.Map<String, vmsh.hostmem.DiskImage> disks = new java.util.LinkedHashMap<>();
    private final BitSet vmids = new BitSet(VMIDS), asids = new BitSet(ASIDS);

    private Vm loaded;
    private Vcpu loadedVcpu;
    /** Set from any thread (Ctrl-C, a time limit) to end the current run early. */
    private volatile boolean stopRequested;
    /** The same for a spawn, whose boots' runs each serve (and forget) stopRequested. */
    private volatile boolean spawnStopRequested;
    // host counters when the loaded vCPU went on the hart
    /** Host instructions that were a translator's own, of vCPUs off the hart now (see {@link #executed}). */
    private long overheadOff;
    private long atExecuted, atOverhead, atCycles, atExitCycles, atTraps, atLookups, atMisses, atReferences, atIntercepts;
    private long intercepts;
    /** Why a VM's debugger (its monitor) stopped the last run, or null. */
    private String markStop;
    /** Time travel's observers of runs (see {@link HostObserver}). */
    private final List<HostObserver> observers = new ArrayList<>();
    /** Known history runs again: hooks keep quiet (see {@link #setReplaying}). */
    private boolean replaying;
    private Vm replayMarked;
    /**
     * A search's stop inside a slice (see {@link #searchStopped}): the next run goes on with
     * the round there, VM {@code resumeAt} first for the {@code sliceLeft} instructions its
     * slice had left, its slice's cycles counted from {@code sliceCycles0} (the scheduler's
     * tick comes once, at the slice's end, as in the run that was not stopped); -1: none.
     */
    private int resumeAt = -1;
    private long sliceLeft, sliceCycles0 = -1;
    /** The loaded vCPU's debugger marks the engine. */
    private boolean marksOn;
    /** The memory scheduler's configuration the host was made with. */
    private final MemSchedConfig memoryConfig;
    /** How each VM was made (for snapshots), by VM. */
    private final java.util.Map<Vm, HvSnapshot.VmSpec> specs = new java.util.HashMap<>();
    /** The saved parts of the last snapshot: the next one shares the parts that have not changed since (not state). */
    private vmsh.state.StateParts lastSaved;
    /** Where snapshots write the saved parts before they are cut in pieces (its room kept). */
    private final vmsh.state.StateOut saving = new vmsh.state.StateOut();
    /** Host time of the next run of the NUMA policy (Long.MAX_VALUE on a uniform host). */
    private long nextNumaPeriod = Long.MAX_VALUE;

    public Hypervisor(HvConfig config) { this(config, MemSchedConfig.DEFAULTS.withSeed(config.seed())); }

    /** A host whose memory scheduler runs with {@code memory} (its seed wins over the config's). */
    public Hypervisor(HvConfig config, MemSchedConfig memory) {
        this.config = config;
        this.memoryConfig = memory;
        this.memsched = MemoryScheduler.ofSize(config.memoryBytes(), memory);
        this.host = memsched.host();
        Ram ram = host.frames().ram();
        this.hart = new Hart(new CsrFile(clock, this::hostTime, () -> 0, Isa.DEFAULT.with(Extension.H)));
        this.engine = new Engine(hart, clock, new Bus(ram));
        if (Engine.translatesByDefault()) engine.setTranslation(Engine.defaultTranslationThreshold(), Engine.defaultWarmUp());
        engine.setTimer(() -> loaded == null ? Long.MAX_VALUE : loaded.vcpu().cyclesUntilTimer());
        engine.setTrapInterceptor(this::intercept);
        vmids.set(0);
        asids.set(0);
        NumaConfig numa = config.numa();
        if (!numa.uniform()) {
            host.frames().setNodes(numa.nodes());
            engine.mmu().setRefillObserver(this::refilled);
            nextNumaPeriod = numa.period();
            memsched.setDiscardable(this::dropReplicas);
        }
    }

    /**
     * Memory is short: up to {@code wanted} frames of Disco's replicas go back, VM by VM in
     * creation order, page by page (each page's copies at once; its original stays); the frames freed.
     */
    private int dropReplicas(int wanted) {
        int freed = 0;
        for (Vm vm : vms) {
            if (freed >= wanted) break;
            PageMover mover = vm.virtualization().pageMover();
            if (mover != null) freed += mover.dropReplicas(wanted - freed);
        }
        return freed;
    }

    /** A TLB refill of the loaded vCPU: on a NUMA host, a miss on a guest page for its node's counters. */
    private void refilled(int access, long gpa, long pa) {
        Vm vm = loaded;
        if (vm == null || gpa < 0 || vm.numa() == null || !vm.guest().contains(gpa, 1)) return;
        int mpn = (int) ((pa - Integer.toUnsignedLong(host.frames().ram().base())) >>> 12);
        vm.numa().miss(vm.guest().gpn(gpa), mpn, vm.vcpu().node);
    }

    public Hypervisor() { this(HvConfig.DEFAULTS); }

    /**
     * The host's time CSR: ticks of the host clock, in step with the loaded vCPU's clock (see
     * {@link Vcpu#timeBias}); a guest's time adds its vCPU's htimedelta.
     */
    private long hostTime() {
        long bias = loaded == null ? 0 : loaded.vcpu().timeBias();
        return Math.floorDiv(clock.cycles() - bias, vmsh.dev.Clint.CYCLES_PER_TICK);
    }

    private void intercept(int cause, int tval, int epc, long gpa, int tinst) {
        intercepts++;
        Vm vm = loaded;
        if (vm == null) throw new IllegalStateException(String.format("trap %d at 0x%08x with no vCPU on the hart", cause, epc));
        try {
            vm.virtualization().trap(cause, tval, epc, gpa, tinst);
        } catch (vmsh.hostmem.MissingPageException e) {   // nothing changed yet: the access runs again once the page is here
            hart.pc = epc;
            vm.pageMissing(e.gpn(), epc);
        }
        // the exit was the VMM's time; an exception left at its pc is executed again
        vm.vcpu().hide(cause >= 0 && hart.pc == epc && loaded == vm);
    }

    // ---------------------------------------------------------------- VMs

    /** Creates a VM of {@code memoryBytes} guest-physical memory, virtualized by {@code technique}, with default shares, no min, max all of it. */
    public Vm create(String name, long memoryBytes, Technique technique) {
        return create(name, memoryBytes, technique, -1, 0, memoryBytes);
    }

    /**
     * Creates a VM of {@code memoryBytes} guest-physical memory, virtualized by {@code technique},
     * with {@code shares} (negative: the default, 10 per MiB), guaranteed {@code minBytes} and at
     * most {@code maxBytes} of host memory. Admission control refuses a VM whose min does not fit
     * ({@link vmsh.memsched.AdmissionException}, naming it).
     */
    public Vm create(String name, long memoryBytes, Technique technique, long shares, long minBytes, long maxBytes) {
        return create(name, memoryBytes, technique, shares, minBytes, maxBytes, VmOptions.DEFAULTS);
    }

    /** The same, built as {@code options} say (superpages, ...). */
    public Vm create(String name, long memoryBytes, Technique technique, long shares, long minBytes, long maxBytes,
                     VmOptions options) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a VM needs a name");
        if (byName.containsKey(name)) throw new IllegalArgumentException("a VM named '" + name + "' exists");
        if (options.machine() == VmMachine.FULL && !technique.wholeMachine)
            throw new IllegalArgumentException("VM '" + name + "': " + technique.label + " cannot run a whole machine (machine 'full' needs "
                    + Technique.sentence(k -> k.wholeMachine ? k.label : null) + ")");
        if (options.nested() != null && technique != Technique.HW)
            throw new IllegalArgumentException("VM '" + name + "': nested virtualization needs technique hw, not " + technique);
        if (options.nested() != null && (options.vcpus() > 1 || options.superpages() != SuperpagePolicy.OFF))
            throw new IllegalArgumentException("VM '" + name + "': a nested VM has one vCPU and 4 KiB pages (no vcpus, no superpages)");
        checkSize(name, "memory", memoryBytes, 4096);
        checkSize(name, "min", minBytes, 0);
        checkSize(name, "max", maxBytes, 4096);
        int pages = (int) (memoryBytes >>> 12);
        VmMemory mem = memsched.create(name, pages, shares < 0 ? MemoryScheduler.defaultShares(pages) : shares,
                (int) (minBytes >>> 12), (int) (maxBytes >>> 12));
        if (options.vcpus() > 1 && options.machine() == VmMachine.FULL)
            throw new IllegalArgumentException("VM '" + name + "': a whole machine has one hart (not " + options.vcpus() + " vCPUs)");
        if (options.vcpus() > 1 && technique != Technique.HW)
            throw new IllegalArgumentException("VM '" + name + "': " + options.vcpus() + " vCPUs need technique 'hw' (not '"
                    + technique.label + "')");
        if (options.superpages() == SuperpagePolicy.RESERVE) mem.pmap().useSuperpages();
        int nodes = config.numa().nodes();
        if (nodes > 1) mem.pmap().setPlacement(options.placement() == Placement.ROUND_ROBIN ? gpn -> gpn % nodes : gpn -> host.currentNode());
        Vm vm = new Vm(this, name, technique, mem, options);
        vms.add(vm);
        byName.put(name, vm);
        specs.put(vm, new HvSnapshot.VmSpec(name, memoryBytes, technique, mem.shares(), minBytes, maxBytes, options, null));
        return vm;
    }

    private static void checkSize(String vm, String what, long bytes, long least) {
        if (bytes < least || bytes % 4096 != 0 || bytes > 1L << 31)
            throw new IllegalArgumentException("VM '" + vm + "' " + what + " " + bytes + " must be a multiple of 4096 bytes, "
                    + (least > 0 ? "positive" : "not negative") + ", at most 2 GiB");
    }

    public List<Vm> vms() { return Collections.unmodifiableList(vms); }

    // ---------------------------------------------------------------- disk images

    /** Creates a base disk image of {@code blocks} 4 KiB blocks, its contents made from {@code seed}, for VMs' copy-on-write disks. */
    public vmsh.hostmem.DiskImage createDisk(String name, int blocks, long seed) {
        if (disks.containsKey(name)) throw new IllegalArgumentException("a disk image named '" + name + "' exists");
        vmsh.hostmem.DiskImage d = new vmsh.hostmem.DiskImage(name, blocks, seed);
        disks.put(name, d);
        return d;
    }

    public vmsh.hostmem.DiskImage disk(String name) {
        vmsh.hostmem.DiskImage d = disks.get(name);
        if (d == null) throw new IllegalArgumentException("no disk image named '" + name + "'");
        return d;
    }

    /** The disk images, in creation order. */
    public List<vmsh.hostmem.DiskImage> disks() { return List.copyOf(disks.values()); }

    /**
     * Takes {@code vm} off this host for good (it moved to another host, or its copy there
     * took over): its technique's structures and its memory are freed; it never runs again.
     */
    public void remove(Vm vm) {
        if (!vms.contains(vm)) throw new IllegalArgumentException("VM '" + vm.name() + "' is not on this host");
        if (loaded == vm) throw new IllegalStateException("VM '" + vm.name() + "' is on the hart");
        vms.remove(vm);
        byName.remove(vm.name());
        vm.virtualization().release();
        memsched.destroy(vm.memory());
    }

    public Vm vm(String name) {
        Vm v = byName.get(name);
        if (v == null) throw new IllegalArgumentException("no VM named '" + name + "'");
        return v;
    }

    /** True when a VM of this host is called {@code name}. */
    public boolean hasVm(String name) { return byName.containsKey(name); }

    /** True when {@code vm} is one of this host's VMs. */
    public boolean hasVm(Vm vm) { return byName.get(vm.name()) == vm; }

    // ---------------------------------------------------------------- instantiation

    /**
     * {@code n} new VMs from the booted {@code template} by {@code method}, each announced
     * through the control plane {@code plane} and charged to host time (see {@link
     * Instantiation}); named {@code names}, or (null) the template's name, '-' and the first
     * free numbers. A stop request, or boots that have run {@code insnLimit} instructions,
     * end it early with the VMs made so far.
     */
    public List<Vm> spawn(Vm template, int n, SpawnMethod method, ControlPlane plane, List<String> names, long insnLimit) {
        unload();
        try {
            return instantiation.spawn(template, n, method, plane, names, insnLimit);
        } finally {
            spawnStopRequested = false;
        }
    }

    /** What creating VMs has cost so far, by method and control plane. */
    public List<InstantiationStats> instantiation() { return instantiation.stats(); }

    /** A fresh VM made as {@code template} was: memory, technique, shares, min, max and options. */
    Vm createLike(Vm template, String name) {
        HvSnapshot.VmSpec s = specs.get(template);
        return create(name, s.memoryBytes(), s.technique(), s.shares(), s.minBytes(), s.maxBytes(), template.options());
    }

    /**
     * Runs {@code vm} alone until its guest has executed {@code guestInstructions}
     * instructions (exactly), or it cannot run on, or has run {@code insnLimit}, or a stop is requested.
     */
    void runTo(Vm vm, long guestInstructions, long insnLimit) {
        if (vm.guestInstructions() >= guestInstructions) return;
        String pause = "at its template's instruction " + guestInstructions;
        vm.stopAt(guestInstructions, () -> vm.pause(pause));
        try {
            runOnly(vm, insnLimit);
        } finally {
            vm.stopAt(-1, null);
            if (pause.equals(vm.paused())) vm.resume();
        }
    }

    boolean spawnStopRequested() { return spawnStopRequested; }

    // ---------------------------------------------------------------- running

    /**
     * Runs the VMs round robin until {@code budget} instructions (or, with {@code inCycles},
     * cycles of the cost model) have been spent over all of them, or none can run. The
     * budget is checked at quantum boundaries.
     */
    public List<VmRunResult> run(long budget, boolean inCycles) { return run(budget, inCycles, Long.MAX_VALUE); }

    /**
     * The same, ending also once {@code insnLimit} instructions have run over all VMs (exactly,
     * whatever the budget's unit: a session's instruction budget), or when {@link
     * #requestStop} is called (within one engine chunk).
     */
    public List<VmRunResult> run(long budget, boolean inCycles, long insnLimit) {
        if (budget < 0) throw new IllegalArgumentException("run budget " + budget + " is negative");
        if (insnLimit < 0) throw new IllegalArgumentException("instruction limit " + insnLimit + " is negative");
        List<Vm> all = List.copyOf(vms);
        long[] insns0 = new long[all.size()], cycles0 = new long[all.size()], exits0 = new long[all.size()];
        for (int i = 0; i < all.size(); i++) {
            insns0[i] = all.get(i).insns;
            cycles0[i] = all.get(i).cycles();
            exits0[i] = all.get(i).exits();
        }
        HostObserver.Run call = beginRun(null, budget, inCycles);
        markStop = null;
        try {
            while (true) {
                long done = executed() - call.at(), limit = insnLimit - done;
                long left = inCycles ? budget - (now() - call.time()) : budget - done;
                long cut = cutWithin(limit);
                long ran = roundRobin(all, Math.max(0, left), inCycles, cut);
                if (!cutReached(ran, cut, limit)) break;
                for (HostObserver o : List.copyOf(observers)) o.atCut();
            }
        } finally {
            stopRequested = false;
            endRun(call);
        }
        List<VmRunResult> results = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Vm vm = all.get(i);
            results.add(new VmRunResult(vm.name(), vm.state(), vm.exitCode(), vm.insns - insns0[i],
                    vm.cycles() - cycles0[i], vm.exits() - exits0[i], vm.message()));
        }
        return results;
    }

    /** The VMs round robin until {@code budget} is spent, {@code insnLimit} instructions have run, or none can run: the instructions run. */
    private long roundRobin(List<Vm> all, long budget, boolean inCycles, long insnLimit) {
        long start = now(), used = 0, insns = 0;
        boolean ran = true;
        int from = Math.max(0, resumeAt);   // a search stopped inside the round: it goes on there
        resumeAt = -1;
        while (used < budget && insns < insnLimit && ran && !stopRequested && markStop == null) {
            ran = from > 0;
            for (int k = from; k < all.size(); k++) {
                Vm vm = all.get(k);
                if (used >= budget || insns >= insnLimit || stopRequested || markStop != null) break;
                wakeIfDue(vm);
                if (!vm.runnable()) continue;
                long ran0 = vm.insns;
                long quantum = Math.min(sliceOf(vm), insnLimit - insns);
                if (!inCycles) quantum = Math.min(quantum, budget - used);
                runSlice(vm, quantum);
                if (!inCycles) used += vm.insns - ran0;
                insns += vm.insns - ran0;
                ran = true;
                if (searchStopped(quantum - (vm.insns - ran0))) resumeAt = k;
            }
            from = 0;
            if (!ran) ran = waitForWork(all, inCycles && budget < Long.MAX_VALUE - start ? start + budget : Long.MAX_VALUE);
            if (inCycles) used = now() - start;
        }
        return insns;
    }

    // ---------------------------------------------------------------- observers (time travel)

    /** Tells {@code o} about every run from now on; it may cut them (see {@link HostObserver}). */
    public void addObserver(HostObserver o) { observers.add(o); }

    public void removeObserver(HostObserver o) { observers.remove(o); }

    /** The observers' run starts. */
    private HostObserver.Run beginRun(Vm vm, long budget, boolean inCycles) {
        if (!replaying) for (Vm v : vms) v.virtualization().takeMarks();   // (before the observers: a change of marks is input a log keeps)
        HostObserver.Run call = new HostObserver.Run(vm, budget, inCycles, executed(), now());
        for (HostObserver o : List.copyOf(observers)) o.beforeRun(call);
        return new HostObserver.Run(vm, budget, inCycles, executed(), now());   // an observer may have changed the host
    }

    private void endRun(HostObserver.Run call) {
        for (HostObserver o : List.copyOf(observers)) o.afterRun(call, executed());
    }

    /** Instructions to run before the next cut an observer asks for, at most {@code limit}. */
    private long cutWithin(long limit) {
        long cut = limit;
        for (HostObserver o : observers) cut = Math.min(cut, Math.max(0, o.nextCut() - executed()));
        return cut;
    }

    /** The round ended at an observer's cut, and the run goes on after it. */
    private boolean cutReached(long ran, long cut, long limit) {
        return ran == cut && cut < limit && !stopRequested && markStop == null;
    }

    /**
     * Known history runs again (true) or no longer: only {@code marked}'s debugger marks the
     * engine (a search for its breakpoints), no other hook or trap hook is called.
     */
    public void setReplaying(boolean on, Vm marked) {
        boolean ended = replaying && !on;
        replaying = on;
        replayMarked = on ? marked : null;
        resumeAt = -1;
        sliceCycles0 = -1;
        if (ended) for (Vm v : vms) v.virtualization().replayEnded();
    }

    /** True when {@code vm}'s debugger marks go on the engine with its vCPU: always, but in a replay for another VM's search or none. */
    boolean carriesMarks(Vm vm) { return !replaying || vm == replayMarked; }

    public boolean replaying() { return replaying; }

    /** Ends the run going on at this instruction boundary (a stop's action, as {@link Vm#stopAt} calls it). */
    public void endRun() { stopRequested = true; }

    /** Why a VM's debugger stopped the last run, or null. */
    public String markStop() { return markStop; }

    /** Host time: cycles of the memory scheduler's clock (see the class comment). */
    public long now() { return memsched.time().cycles(); }

    /**
     * Host time within a quantum too: {@link #now} plus the host clock's cycles of the vCPU
     * on the hart so far and the cost of its exits (its quantum's page-walk costs are added
     * when it ends). What a device of a running VM stamps its output with.
     */
    public long timeNow() { return loaded == null ? now() : now() + clock.cycles() - atCycles + loaded.exitCycles() - atExitCycles; }

    /**
     * Wakes a vCPU waiting in wfi: at its timer's deadline, or earlier when its virtual PLIC
     * raises an interrupt (the guest waited the host time since it began to wait). A VM whose
     * controller holds its wake-ups is left to it.
     */
    private void wakeIfDue(Vm vm) {
        if (vm.wakeupsHeld() || vm.paused() != null) return;
        for (Vcpu v : vm.vcpus()) {
            if (!vm.waiting(v) || v.waitingSince < 0) continue;
            if (v.asleep && now() >= v.wakeAt) vm.wake(v);
            else if (vm.interrupts().pending()) vm.wakeUp(v, now() - v.waitingSince);
        }
    }

    /**
     * No VM could run: host time moves to the earliest timer of a sleeping VM (at most to
     * {@code until}), or the memory scheduler reclaims for stalled ones. False when nothing
     * will ever run again (or {@code until} was reached).
     */
    private boolean waitForWork(List<Vm> all, long until) {
        long wake = Long.MAX_VALUE;
        boolean stalled = false;
        for (Vm vm : all) {
            if (vm.state() != VmState.READY) continue;
            if (vm.paused() != null || vm.wakeupsHeld()) continue;
            if (vm.asleep()) wake = Math.min(wake, vm.earliestWake());
            else if (vm.memory().stalled()) stalled = true;
        }
        if (wake != Long.MAX_VALUE) {
            long to = Math.min(wake, until);
            if (to > now()) memsched.tick(to - now());
            return to == wake;
        }
        if (!stalled) return false;
        memsched.reclaim();
        for (Vm vm : all) if (vm.runnable()) return true;
        return false;
    }

    /** Runs one VM alone for at most {@code insns} instructions. */
    VmRunResult runOnly(Vm vm, long insns) {
        if (insns < 0) throw new IllegalArgumentException("instruction budget " + insns + " is negative");
        long i0 = vm.insns, c0 = vm.cycles(), e0 = vm.exits();
        HostObserver.Run call = beginRun(vm, insns, false);
        markStop = null;
        try {
            while (true) {
                long limit = insns - (vm.insns - i0), cut = cutWithin(limit);
                long ran = alone(vm, cut);
                if (!cutReached(ran, cut, limit)) break;
                for (HostObserver o : List.copyOf(observers)) o.atCut();
            }
        } finally {
            stopRequested = false;
            endRun(call);
        }
        return new VmRunResult(vm.name(), vm.state(), vm.exitCode(), vm.insns - i0, vm.cycles() - c0, vm.exits() - e0,
                vm.message(), markStop);
    }

    /** {@code vm} alone for at most {@code insns} instructions: the instructions it ran. */
    private long alone(Vm vm, long insns) {
        long i0 = vm.insns;
        List<Vm> alone = List.of(vm);
        while (vm.insns - i0 < insns && !stopRequested && markStop == null) {
            wakeIfDue(vm);
            if (!vm.runnable() && !waitForWork(alone, Long.MAX_VALUE)) break;
            wakeIfDue(vm);
            if (!vm.runnable()) continue;
            long ran0 = vm.insns, slice = Math.min(sliceOf(vm), insns - (vm.insns - i0));
            runSlice(vm, slice);
            if (searchStopped(slice - (vm.insns - ran0))) resumeAt = 0;
        }
        return vm.insns - i0;
    }

    /** The instructions of {@code vm}'s next slice: a quantum, or what a search's stop left of its slice. */
    private long sliceOf(Vm vm) {
        long q = config.quantum();
        if (sliceCycles0 < 0) return q;
        return Math.min(q, sliceLeft);
    }

    /**
     * True when a search through known history (a replay whose marked VM's breakpoints stop
     * it) stopped the slice that just ran, with {@code left} instructions to go: the run
     * being replayed went on there, so the next run goes on with this slice and the rest of
     * its round, and the slice's end (the scheduler's tick) waits for it. Any other stop
     * ends the round, as a run that ends does.
     */
    private boolean searchStopped(long left) {
        if (sliceCycles0 < 0) return false;
        sliceLeft = left;
        return true;
    }

    /** The VM's debugger (its monitor's marks) stopped the engine. */
    private boolean stoppedByMarks() {
        EngineStop stop = engine.stop();
        return stop != null && stop.is(EngineStop.Kind.MARK);
    }

    /**
     * One quantum of {@code vm}: its vCPU on the hart until it has run {@code insns} or stops.
     * A VM of several vCPUs gives each a turn of a quantum; a slice that ends inside it
     * leaves the rest for the next slice of the same vCPU.
     */
    private void runSlice(Vm vm, long insns) {
        boolean turns = vm.vcpus().size() > 1;
        long turn = vm.turnLeft > 0 ? vm.turnLeft : config.quantum();
        if (turns) insns = Math.min(insns, turn);
        long start = executed();
        long cycles0 = sliceCycles0 >= 0 ? sliceCycles0 : vm.cycles();
        sliceCycles0 = -1;
        if (stopDueEndsRun(vm)) start = -1;   // the vCPU is not put on the hart: the hart keeps what the last slice left
        else load(vm);
        if (start >= 0) try {
            engine.clearStop();
            while (vm.state() == VmState.READY && !loadedVcpu.asleep && vm.paused() == null && !loadedVcpu.stopped && !stopRequested) {
                // a hook that changed more than registers and RAM hands the rest of its instruction back
                if (engine.handedOff()) engine.finishHandedOff();
                if (stoppedByMarks()) break;
                long used = executed() - start;
                if (used >= insns) break;
                long toStop = vm.instructionsToStop();
                if (toStop <= 0) {
                    vm.stopReached();
                    continue;
                }
                vm.virtualization().beforeRun();
                if (vm.state() != VmState.READY || vm.paused() != null) break;   // a post-copy page the VMM needed is missing
                toStop = vm.instructionsToStop();   // bt may have stepped to a clean point
                if (toStop <= 0) continue;
                engine.execute((int) Math.min(Math.min(CHUNK, insns - used), toStop));
                vm.virtualization().ran();
                EngineStop stop = engine.stop();
                if (stop != null && stop.is(EngineStop.Kind.FAULT)) {   // the hart delivered a trap to a handler it cannot fetch
                    vm.fault(stop.message());
                    engine.clearStop();
                }
            }
            if (engine.handedOff()) engine.finishHandedOff();
            if (stoppedByMarks()) markStop = engine.stop().message();
        } finally {
            unload();
        }
        long executed = start < 0 ? 0 : executed() - start;
        if (replaying && replayMarked != null && markStop != null && executed < insns && vm.state() == VmState.READY && !vm.vcpu().asleep
                && !vm.vcpu().stopped) {
            sliceCycles0 = cycles0;   // a search's stop inside the slice: it goes on in the next run (see searchStopped)
            if (turns && executed > 0) vm.turnLeft = turn - executed;
            return;
        }
        memsched.tick(Math.max(0, vm.cycles() - cycles0));
        Vcpu ran = vm.vcpu();
        if (vm.waiting(ran) && ran.waitingSince < 0) {
            ran.waitingSince = now();
            long timer = ran.cyclesUntilTimer();
            if (ran.asleep) ran.wakeAt = timer == Long.MAX_VALUE ? Long.MAX_VALUE : now() + timer;
        }
        if (vm.state() == VmState.IDLE) vm.virtualization().idled();   // waiting for input: its tables go back
        if (turns && executed < turn && vm.state() == VmState.READY && !ran.asleep && !ran.stopped) {
            if (executed > 0) vm.turnLeft = turn - executed;   // stopped inside its turn: the next slice goes on with it
        } else if (!vm.asleep()) {
            vm.rotate();
        }
        if (now() >= nextNumaPeriod) numaPeriod();
    }

    /** A stop {@code vm}'s controller asked for is due before it runs again, and its action ends the run there (taken now). */
    private boolean stopDueEndsRun(Vm vm) {
        if (vm.instructionsToStop() > 0) return false;
        vm.stopReached();
        return stopRequested || vm.state() != VmState.READY || vm.paused() != null;
    }

    /** The NUMA policy's period ended: each VM's pages are placed anew (Disco's VMs) and its counters start again. */
    private void numaPeriod() {
        for (Vm v : vms) DiscoPolicy.period(v);
        nextNumaPeriod = now() + config.numa().period();
    }

    /**
     * Asks a running {@link #run} (or {@link Vm#run}) to return soon, within one engine chunk
     * ({@value #CHUNK} instructions); safe from any thread (Ctrl-C, a time limit). The run
     * that returns has served the request.
     */
    public void requestStop() {
        stopRequested = true;
        spawnStopRequested = true;
    }

    /** Forgets a stop asked for when no run was going on, so that the next run is not cut short by it. */
    public void clearStopRequest() {
        stopRequested = false;
        spawnStopRequested = false;
    }

    /** Instructions {@code vm} has executed, counting those of the quantum it is running now. */
    long instructions(Vm vm) { return vm.insns + (loaded == vm ? executedHere() : 0); }

    /** Instructions the loaded vCPU executed since it was loaded, a translator's own left out. */
    private long executedHere() { return clock.executed() - atExecuted - (loadedVcpu.overhead() - atOverhead); }

    /**
     * Instructions the host's hart has executed for its VMs, a binary translator's own left
     * out (see {@link Vcpu#hideOverhead}): under bt a VM's are its guest instructions, wherever
     * its translator ends units. The host's runs, budgets and history count these.
     */
    public long executed() {
        return clock.executed() - overheadOff - (loaded == null ? 0 : loadedVcpu.overhead() - atOverhead);
    }

    /** Puts {@code vm}'s vCPU on the hart, with its debugger's marks and trap hooks. */
    private void load(Vm vm) {
        if (loaded == vm && loadedVcpu == vm.vcpu()) return;
        unload();
        vm.vcpu().restore(hart);
        loaded = vm;
        loadedVcpu = vm.vcpu();
        vm.virtualization().onHart();
        if (host.frames().nodes() > 1) host.setCurrentNode(loadedVcpu.node);
        VcpuTarget debug = vm.debugTargetOrNull();
        marksOn = debug != null && debug.engineMarks() != null && carriesMarks(vm);
        if (marksOn) engine.setMarks(debug.engineMarks());
        if (debug != null && debug.watchesTraps() && !replaying) engine.setTrapListener((cause, tval, epc, from, to) -> {
            if (hart.virt) debug.trapDelivered(guestTrap(cause, tval, epc, from, to));
        });
        atExecuted = clock.executed();
        atOverhead = loadedVcpu.overhead();
        atCycles = clock.cycles();
        atExitCycles = vm.exitCycles();
        atTraps = clock.traps() + clock.interrupts();
        TlbStats t = engine.mmu().stats();
        atLookups = t.lookups();
        atMisses = t.misses();
        atReferences = t.walkReferences();
        atIntercepts = intercepts;
    }

    /**
     * A trap the hart delivered to VS-mode, as the guest sees it: its VS-level interrupts
     * (2, 6, 10) arrive as the supervisor's (1, 5, 9).
     */
    private TrapEvent guestTrap(int cause, int tval, int epc, int from, int to) {
        int code = cause & ~MCAUSE_INTERRUPT;
        boolean interrupt = cause < 0;
        if (interrupt && (code == IRQ_VS_SOFT || code == IRQ_VS_TIMER || code == IRQ_VS_EXT)) code--;
        return new TrapEvent(code, interrupt, tval, epc, hart.pc, from, to, true);
    }

    /** The loaded vCPU's debugger changed its marks (null: none). */
    void loadedMarks(vmsh.board.Monitor marks) {
        marksOn = marks != null;
        engine.setMarks(marks);
    }

    /** Takes the loaded vCPU off the hart and charges it what it used. */
    void unload() {
        Vm vm = loaded;
        if (vm == null) return;
        TlbStats t = engine.mmu().stats();
        vm.insns += executedHere();
        vm.translatorInsns += loadedVcpu.overhead() - atOverhead;
        overheadOff += loadedVcpu.overhead() - atOverhead;
        vm.tlbLookups += t.lookups() - atLookups;
        vm.tlbMisses += t.misses() - atMisses;
        vm.walkReferences += t.walkReferences() - atReferences;
        long traps = clock.traps() + clock.interrupts() - atTraps, exits = intercepts - atIntercepts;
        vm.guestTraps += Math.max(0, traps - exits);
        loadedVcpu.save(hart);
        loaded = null;
        loadedVcpu = null;
        if (marksOn) engine.setMarks(null);   // (dropping decoded code when none were set would change what the TLB sees)
        marksOn = false;
        engine.setTrapListener(null);
    }

    /** The VM whose vCPU is on the hart, or null. */
    Vm loaded() { return loaded; }

    // ---------------------------------------------------------------- identifiers

    int allocateVmid() {
        int id = vmids.nextClearBit(1);
        if (id >= SHARED_VMID) return SHARED_VMID;
        vmids.set(id);
        return id;
    }

    /** True while a clone is being made: its VMM tables are built when it first runs. */
    boolean cloning() { return cloning; }

    /** VMID {@code id} is free again (its VM is gone): the TLB drops every entry tagged with it first. */
    void freeVmid(int id) {
        engine.mmu().hfenceGvma(true, id);
        if (id != SHARED_VMID) vmids.clear(id);
    }

    /** A host ASID for a shadow table, or -1 when all are in use. */
    int allocateAsid() {
        int id = asids.nextClearBit(1);
        if (id >= SHARED_ASID) return -1;
        asids.set(id);
        return id;
    }

    void freeAsid(int asid) {
        if (asid != SHARED_ASID) asids.clear(asid);
        engine.mmu().sfenceVma(false, 0, true, asid);
        engine.mmu().hfenceVvma(0, false, 0, true, asid);   // hw-shadow's shadows are V=1 entries of VMID 0
    }

    // ---------------------------------------------------------------- parts and stats

    public HvConfig config() { return config; }

    /** The cost model every VM's cycles are priced with; change it with {@link CostModel#set}. */
    public CostModel costs() { return costs; }

    public MemoryScheduler memory() { return memsched; }

    public HostMemory host() { return host; }

    public Hart hart() { return hart; }

    public Engine engine() { return engine; }

    /** Every VM's stats, in creation order. */
    public List<VmStats> stats() {
        unload();
        List<VmStats> list = new ArrayList<>();
        for (Vm v : vms) list.add(v.stats());
        return list;
    }

    // ---------------------------------------------------------------- state

    /**
     * The whole host now, as a value (see {@link HvSnapshot}): host RAM and the swap device's
     * pages are shared copy-on-write. Between runs only; hooks are not part of it.
     */
    public HvSnapshot snapshot() {
        unload();
        for (Vm v : vms) v.virtualization().checkCopyable();
        vmsh.state.StateOut out = saving.reset();
        parts(new Saver(out));
        List<HvSnapshot.VmSpec> vmSpecs = new ArrayList<>();
        for (Vm v : vms) {
            HvSnapshot.VmSpec s = specs.get(v);
            vmSpecs.add(new HvSnapshot.VmSpec(s.name(), s.memoryBytes(), s.technique(), s.shares(), s.minBytes(), s.maxBytes(), s.options(),
                    v.image()));
        }
        lastSaved = out.toParts(lastSaved);
        HvSnapshot snap = new HvSnapshot(config, memoryConfig, List.copyOf(vmSpecs), disks(), lastSaved, host.frames().ram().snapshot(),
                host.swap().pages());
        engine.refreshStorePaths(host.frames().ram().justShared());   // the frames this snapshot began to share
        return snap;
    }

    /**
     * A new VM {@code name} in {@code source}'s state: the same memory size, technique and
     * shares; its guest memory shared with the source copy-on-write (each page the source
     * mapped is one shared frame until either writes it); the vCPU, virtual CSRs, devices,
     * console and balloon driver copied. The VMM's tables for it start empty and fill on
     * demand; its counters start at zero.
     */
    public Vm clone(Vm source, String name) {
        checkCloneable(source);
        return cloneOf(source, name);
    }

    /** Throws when {@code source} cannot be cloned (another host's VM; what clones do not hold yet). */
    void checkCloneable(Vm source) {
        if (source.hypervisor() != this || !hasVm(source)) throw new IllegalArgumentException("VM '" + source.name() + "' is not on this host");
        unload();
        source.virtualization().checkCloneable();
        settle(source);
    }

    /** A clone of {@code source}, checked already (see {@link #clone}). */
    Vm cloneOf(Vm source, String name) {
        if (source.virtualization().clonesBySnapshot()) {
            Vm vm = load(source.snapshot(), name);
            vm.zeroCounters();
            return vm;
        }
        HvSnapshot.VmSpec s = specs.get(source);
        Vm vm;
        cloning = true;
        try {
            vm = create(name, s.memoryBytes(), s.technique(), s.shares(), s.minBytes(), s.maxBytes(), s.options());
        } finally {
            cloning = false;
        }
        vm.memory().pmap().cloneFrom(source.memory().pmap());
        vm.copyGuest(source);
        return vm;
    }

    /** Runs {@code r} with {@code vm}'s vCPU on the hart (a debugger's write the technique makes there), then as before. */
    void withVcpuOnHart(Vm vm, Runnable r) {
        if (loaded == vm) {
            r.run();
            return;
        }
        load(vm);
        try {
            r.run();
        } finally {
            unload();
        }
    }

    /** Brings {@code vm}'s vCPU to a point where its state is all the guest's (see {@link Virtualization#unsettled}). */
    void settle(Vm vm) {
        if (!vm.virtualization().unsettled()) return;
        load(vm);
        try {
            vm.virtualization().settle();
        } finally {
            unload();
        }
    }

    /** How {@code vm} was made, with the image it has now. */
    HvSnapshot.VmSpec spec(Vm vm) {
        HvSnapshot.VmSpec s = specs.get(vm);
        return new HvSnapshot.VmSpec(s.name(), s.memoryBytes(), s.technique(), s.shares(), s.minBytes(), s.maxBytes(), s.options(), vm.image());
    }

    /**
     * A new VM {@code name} on this host in the state of a VM's own snapshot {@code s} (see
     * {@link VmSnapshot}), built as the snapshot's VM was. Its disk's base image is this
     * host's image of that name (made from the snapshot's name, size and seed when the host
     * has none). On a misfit nothing is made.
     */
    public Vm load(VmSnapshot s, String name) {
        unload();
        VmOptions options = s.spec().options();
        vmsh.hostmem.DiskImage wanted = options.disk(), made = null;
        if (wanted != null) {
            vmsh.hostmem.DiskImage have = disks.get(wanted.name());
            if (have != null && !HvSnapshot.sameDisk(have, wanted))
                throw new IllegalArgumentException("this host's disk image '" + wanted.name() + "' is not the one the snapshot's VM stands on");
            if (have == null) disks.put(wanted.name(), made = wanted);
            options = options.disk(disks.get(wanted.name()));
        }
        HvSnapshot.VmSpec v = s.spec();
        Vm vm;
        try {
            vm = create(name, v.memoryBytes(), v.technique(), v.shares(), v.minBytes(), v.maxBytes(), options);
        } catch (RuntimeException e) {
            if (made != null) disks.remove(made.name());
            throw e;
        }
        try {
            vm.restore(s);
        } catch (RuntimeException e) {
            remove(vm);
            if (made != null) disks.remove(made.name());
            throw e;
        }
        return vm;
    }

    /** A new host in the state {@code s} holds: the same VMs, made again, then given their state. */
    public static Hypervisor open(HvSnapshot s) {
        Hypervisor hv = new Hypervisor(s.config(), s.memory());
        for (vmsh.hostmem.DiskImage d : s.disks()) hv.disks.put(d.name(), d);
        for (HvSnapshot.VmSpec v : s.vms())
            hv.create(v.name(), v.memoryBytes(), v.technique(), v.shares(), v.minBytes(), v.maxBytes(), v.options());
        hv.restore(s);
        return hv;
    }

    /**
     * Puts this host back in the state {@code s} holds; its VMs must be the snapshot's (made
     * by the same calls, in order), else use {@link #open}. A snapshot that does not fit
     * leaves the host as it was.
     */
    public void restore(HvSnapshot s) {
        unload();
        String misfit = misfit(s);
        if (misfit != null) throw new IllegalArgumentException(misfit);
        HvSnapshot before = snapshot();
        try {
            apply(s);
        } catch (RuntimeException e) {
            apply(before);
            throw e;
        }
    }

    /**
     * The same across VMs made or removed since (time travel past a clone or a spawn): the
     * host's VMs beyond the snapshot's count go, those it has beyond the host's are made
     * again from their specs, then the host takes the state. The first VMs must be the
     * snapshot's; a misfit changes nothing.
     */
    public void restoreWithVms(HvSnapshot s) {
        unload();
        String misfit = !s.config().equals(config) ? "the snapshot is of another host configuration" : diskMisfit(s);
        if (misfit != null) throw new IllegalArgumentException(misfit);
        int keep = Math.min(vms.size(), s.vms().size());
        for (int i = 0; i < keep; i++)
            if (!s.vms().get(i).sameBuild(specs.get(vms.get(i))))
                throw new IllegalArgumentException("the snapshot's VM '" + s.vms().get(i).name() + "' is not this host's VM '" + vms.get(i).name() + "'");
        while (vms.size() > s.vms().size()) remove(vms.get(vms.size() - 1));
        for (HvSnapshot.VmSpec v : s.vms().subList(vms.size(), s.vms().size()))
            create(v.name(), v.memoryBytes(), v.technique(), v.shares(), v.minBytes(), v.maxBytes(), v.options());
        restore(s);
    }

    /** Why {@code s} cannot be restored into this host (another configuration, other VMs), or null when it can. */
    public String misfit(HvSnapshot s) {
        if (!s.config().equals(config)) return "the snapshot is of another host configuration";
        if (s.vms().size() != vms.size()) return "the snapshot has " + s.vms().size() + " VMs, this host " + vms.size();
        for (int i = 0; i < vms.size(); i++) {
            HvSnapshot.VmSpec want = s.vms().get(i), have = specs.get(vms.get(i));
            if (!want.sameBuild(have)) return "the snapshot's VM '" + want.name() + "' is not this host's VM '" + have.name() + "'";
        }
        return diskMisfit(s);
    }

    private String diskMisfit(HvSnapshot s) {
        List<vmsh.hostmem.DiskImage> mine = disks();
        if (mine.size() != s.disks().size()) return "the snapshot has " + s.disks().size() + " disk images, this host " + mine.size();
        for (int i = 0; i < mine.size(); i++)
            if (!HvSnapshot.sameDisk(mine.get(i), s.disks().get(i))) return "the snapshot's disk image '" + s.disks().get(i).name() + "' is not this host's";
        return null;
    }

    /** A SHA-256 of the whole host state now (see {@link HvSnapshot#hash}). */
    public String stateHash() { return snapshot().hash(); }

    private void apply(HvSnapshot s) {
        host.frames().ram().restore(s.ram());
        host.swap().restorePages(s.swap());
        vmsh.state.StateIn in = new vmsh.state.StateIn(s.state().bytes());
        parts(new Loader(in, s));
        if (!in.atEnd()) throw new vmsh.state.StateException("the host state goes on after its last section");
        stopRequested = false;
        resumeAt = -1;   // a search's stop is not part of the state
        sliceCycles0 = -1;
    }

    /** Visits the saved parts in their fixed order: the engine last (its caches follow memory). */
    private interface Parts {
        void part(String name, vmsh.state.Stateful part);

        void vm(Vm vm);
    }

    private void parts(Parts p) {
        p.part("clock", clock);
        p.part("hart", hart);
        p.part("costs", stateful(costs::save, costs::restore));
        p.part("hypervisor", stateful(out -> out.putLongs(vmids.toLongArray()).putLongs(asids.toLongArray()).putLong(intercepts)
                        .putLong(nextNumaPeriod).putLong(overheadOff),
                in -> {
                    vmids.clear();
                    vmids.or(BitSet.valueOf(in.getLongsAny()));
                    asids.clear();
                    asids.or(BitSet.valueOf(in.getLongsAny()));
                    intercepts = in.getLong();
                    nextNumaPeriod = in.getLong();
                    overheadOff = in.getLong();
                }));
        p.part("host memory", host);
        p.part("memory scheduler", memsched);
        for (Vm v : vms) p.vm(v);
        p.part("engine", engine);
    }

    private final class Saver implements Parts {
        private final vmsh.state.StateOut out;

        Saver(vmsh.state.StateOut out) { this.out = out; }

        @Override public void part(String name, vmsh.state.Stateful part) { out.section(name, part); }

        @Override public void vm(Vm vm) { out.section("vm " + vm.name(), stateful(vm::save, in -> { })); }
    }

    private final class Loader implements Parts {
        private final vmsh.state.StateIn in;
        private final HvSnapshot snapshot;

        Loader(vmsh.state.StateIn in, HvSnapshot snapshot) {
            this.in = in;
            this.snapshot = snapshot;
        }

        @Override public void part(String name, vmsh.state.Stateful part) { in.section(name, part); }

        @Override public void vm(Vm vm) {
            vmsh.image.Image image = snapshot.vms().get(vms.indexOf(vm)).image();
            in.section("vm " + vm.name(), stateful(out -> { }, i -> vm.restore(i, image)));
        }
    }

    private static vmsh.state.Stateful stateful(java.util.function.Consumer<vmsh.state.StateOut> save,
                                                java.util.function.Consumer<vmsh.state.StateIn> restore) {
        return new vmsh.state.Stateful() {
            @Override public void save(vmsh.state.StateOut out) { save.accept(out); }

            @Override public void restore(vmsh.state.StateIn in) { restore.accept(in); }
        };
    }

    /**
     * The host's NUMA nodes now: frames, guest pages and replicas on each, and the misses
     * of the vCPUs on each and the moves to it, summed over the VMs.
     */
    public List<NumaNode> numaNodes() {
        unload();
        var frames = host.frames();
        int nodes = frames.nodes();
        int[] total = new int[nodes], free = new int[nodes], pages = new int[nodes], replicas = new int[nodes];
        for (int mpn = 0; mpn < frames.totalFrames(); mpn++) {
            int n = frames.node(mpn);
            total[n]++;
            switch (frames.use(mpn)) {
                case FREE -> free[n]++;
                case PRIVATE, SHARED -> pages[n]++;
                case REPLICA -> replicas[n]++;
                default -> { }
            }
        }
        List<NumaNode> list = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            long l = 0, r = 0, m = 0, p = 0;
            for (Vm v : vms) {
                if (v.numa() == null) continue;
                NumaStats s = v.numa().node(n);
                l += s.localMisses();
                r += s.remoteMisses();
                m += s.migrations();
                p += s.replications();
            }
            list.add(new NumaNode(n, total[n], free[n], pages[n], replicas[n], l, r, m, p));
        }
        return list;
    }

    /** The host TLB's counters (all VMs together). */
    public TlbStats tlb() { return engine.mmu().stats(); }
}
