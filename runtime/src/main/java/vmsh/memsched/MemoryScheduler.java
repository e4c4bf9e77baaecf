package vmsh.memsched;

import static vmsh.memsched.Knob.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import vmsh.state.SeededRandom;
import vmsh.hostmem.FrameUse;
import vmsh.hostmem.HostMemory;
import vmsh.hostmem.HostMemoryStats;
import vmsh.hostmem.MachineMemory;
import vmsh.hostmem.Pmap;

/**
 * ESX-style memory management for one host: admission control, allocation by shares with
 * an idle memory tax, content-based page sharing, ballooning and hypervisor swapping,
 * driven by free-memory states. All periodic work runs on simulated time through
 * {@link #tick(long)}; every random choice comes from the configured seed.
 *
 * <p>Per tick: the sharing scanner runs for the elapsed time; each sampling period ends
 * (activity estimates) and a new one starts; each balance period (and after each sampling
 * period) the targets are recomputed; then the free-memory state is updated and the
 * reclamation policy acts on it (after frames that cost nothing to drop, {@link
 * DiscardableFrames}, are gone), taking from the VMs and pages the victim chooser picks
 * (both chosen by name in the config's {@code reclaim} knobs; see {@link Reclaimers}).
 * Memory available to VMs is the host's frames less the hypervisor's own and the high
 * free-memory reserve, so VMs at their targets leave the host in the HIGH state.
 */
public final class MemoryScheduler implements vmsh.state.Stateful {
    /** Shares per MiB of VM memory when the user gives none (ESX's "normal" MemSharesPerMBNormal = 10). */
    public static final int DEFAULT_SHARES_PER_MIB = 10;

    private final HostMemory host;
    private MemSchedConfig config;
    private final SimulatedTime time;
    private final SeededRandom random;
    private final PageSharing sharing;
    private final ReclaimPolicy policy;
    private final HypervisorSwap swapper;
    private final List<VmMemory> vms = new ArrayList<>();
    /** While VMs are created in a batch, memory is shared out once at its end (see {@link #holdRebalance}). */
    private boolean rebalanceHeld;
    /** The VMs' mins, and their maxes less their mins, summed (admission control's figures). */
    private long minsTotal, unreservedTotal;
    /** The policy ran with memory plentiful (HIGH) and nothing changed the state since: running it again would do nothing. */
    private boolean settledHigh;
    private ReclaimState state = ReclaimState.HIGH;
    /** What reclamation drops first, before any guest page is ballooned or swapped. */
    private DiscardableFrames discardable = DiscardableFrames.NONE;
    private long nextSample, nextBalance;

    /** Schedules {@code host}; the config's swap knob becomes the host's swap device's size. */
    public MemoryScheduler(HostMemory host, MemSchedConfig config) {
        this.host = host;
        this.config = config.with(SWAP, (double) host.swap().capacity() * MachineMemory.PAGE_SIZE);
        this.time = new SimulatedTime(SimulatedTime.CLOCK_HZ);
        this.random = new SeededRandom(config.seed());
        this.sharing = new PageSharing(host, config.get(SCAN_PER_VM), config.get(SCAN_TOTAL), random.nextLong());
        this.policy = Reclaimers.policy(config);
        this.swapper = new HypervisorSwap(Reclaimers.victims(config, random.split()));
        this.nextSample = time.cyclesIn(config.get(SAMPLE_PERIOD));
        this.nextBalance = time.cyclesIn(config.get(BALANCE_PERIOD));
        host.setPressureHandler(this::reclaimFrameOnDemand);
        shareSuperpagesIfShort();
    }

    /** A host of {@code bytes} RAM and the config's swap space, scheduled with {@code config}. */
    public static MemoryScheduler ofSize(long bytes, MemSchedConfig config) {
        return new MemoryScheduler(HostMemory.ofSize(bytes, swapSlots(config)), config);
    }

    /** Swap slots of the config's swap space: one per 4 KiB page. */
    private static int swapSlots(MemSchedConfig config) {
        return (int) ((long) config.get(SWAP) / MachineMemory.PAGE_SIZE);
    }

    public HostMemory host() { return host; }

    public MemSchedConfig config() { return config; }

    /** Changes the idle memory tax rate τ from now on (as ESX's Mem.IdleTax can be) and reallocates. */
    public void setIdleTax(double tax) {
        config = config.with(IDLE_TAX, tax);
        rebalance();
    }

    public SimulatedTime time() { return time; }

    /** Frames reclamation takes back first, for free (the hypervisor's replicas of guest pages). */
    public void setDiscardable(DiscardableFrames d) { this.discardable = d; }

    public PageSharing sharing() { return sharing; }

    public ReclaimState state() { return state; }

    public List<VmMemory> vms() { return Collections.unmodifiableList(vms); }

    public VmMemory vm(String name) {
        for (VmMemory v : vms) if (v.name().equals(name)) return v;
        throw new IllegalArgumentException("no VM named '" + name + "'");
    }

    // ---- VMs ----

    /**
     * Admits a VM of {@code pages} guest pages with {@code shares}, guaranteed {@code min} pages
     * and at most {@code max}. Admission control: the mins of all VMs must fit in the memory
     * available to VMs, and the swap device must have room for what is not guaranteed (max −
     * min), as ESX creates each VM's swap file at power-on; the room is only reserved, and the
     * device stores nothing until pages are swapped.
     */
    public VmMemory create(String name, int pages, long shares, int min, int max) {
        if (shares < 0) throw new IllegalArgumentException("VM '" + name + "': shares " + shares + " must not be negative");
        if (max <= 0 || max > pages)
            throw new IllegalArgumentException("VM '" + name + "': max " + max + " pages must be in 1.." + pages);
        if (min < 0 || min > max)
            throw new IllegalArgumentException("VM '" + name + "': min " + min + " pages must be in 0..max " + max);
        long mins = minsTotal + min, unreserved = unreservedTotal + max - min;
        if (mins > availablePages())
            throw new AdmissionException(String.format("cannot admit VM '%s': its min %s plus the other VMs' mins %s"
                    + " exceed the %s of host memory available to VMs", name, size(min), size(mins - min),
                    size(availablePages())));
        if (unreserved > host.swap().capacity() - host.swap().used())
            throw new AdmissionException(String.format("cannot admit VM '%s': swap space %s cannot hold the"
                    + " unreserved memory (max - min) of all VMs, %s (hv.configure({swap}) gives more; VMs with a smaller max, or a min, need less)", name,
                    size(host.swap().capacity() - host.swap().used()), size(unreserved)));
        Pmap pmap = host.createPmap(name, pages);
        Balloon balloon = new Balloon(pmap, config.get(BALLOON_MAX));
        ActivitySampler sampler = new ActivitySampler(pmap, random.split(), (int) config.get(SAMPLE_PAGES),
                config.get(FAST_GAIN), config.get(SLOW_GAIN));
        VmMemory vm = new VmMemory(pmap, shares, min, max, balloon, sampler);
        vms.add(vm);
        minsTotal += min;
        unreservedTotal += max - min;
        sharing.add(pmap);
        sampler.startPeriod();
        rebalance();
        return vm;
    }

    /** Swap pages admission control has reserved: the max − min of every VM. */
    public long swapReserved() { return unreservedTotal; }

    /** Default shares for a VM of {@code pages} guest pages: 10 per MiB, as ESX's "normal". */
    public static long defaultShares(int pages) {
        return (long) pages * MachineMemory.PAGE_SIZE * DEFAULT_SHARES_PER_MIB >> 20;
    }

    /**
     * True: VMs created from now on do not share memory out again one by one; false: they
     * stopped coming, and memory is shared out once for all of them (a batch of clones).
     */
    public void holdRebalance(boolean held) {
        rebalanceHeld = held;
        if (!held) rebalance();
    }

    /** Powers a VM off: its frames, swap slots and hints go. */
    public void destroy(VmMemory vm) {
        if (!vms.remove(vm)) throw new IllegalArgumentException("VM '" + vm.name() + "' is not on this host");
        minsTotal -= vm.min();
        unreservedTotal -= vm.max() - vm.min();
        sharing.remove(vm.pmap());
        vm.pmap().release();
        rebalance();
    }

    /**
     * True when {@code frames} more frames can go to copies the host could drop (Disco's
     * replicas) and free memory still stays at the high threshold or above: memory to spare.
     */
    public boolean spare(int frames) {
        MachineMemory f = host.frames();
        return state == ReclaimState.HIGH && f.freeFrames() - frames >= (long) Math.ceil(config.get(HIGH_FREE) * f.totalFrames());
    }

    /** Frames VMs may be allocated: all less the hypervisor's own and the high free reserve. */
    public long availablePages() {
        MachineMemory f = host.frames();
        long reserve = (long) Math.ceil(config.get(HIGH_FREE) * f.totalFrames());
        return Math.max(0, f.totalFrames() - f.count(FrameUse.SYSTEM) - f.count(FrameUse.ZERO) - reserve);
    }

    // ---- time ----

    /** Advances simulated time by {@code cycles} and does the periodic work that falls due. */
    public void tick(long cycles) {
        long before = time.cycles();
        time.advance(cycles);
        sharing.advance((double) (time.cycles() - before) / time.clockHz());
        boolean rebalance = false;
        while (time.cycles() >= nextSample) {
            for (VmMemory v : vms) v.nextSamplingPeriod();
            nextSample += time.cyclesIn(config.get(SAMPLE_PERIOD));
            rebalance = true;
        }
        while (time.cycles() >= nextBalance) {
            nextBalance += time.cyclesIn(config.get(BALANCE_PERIOD));
            rebalance = true;
        }
        if (rebalance) rebalance();
        reclaim();
    }

    /** Recomputes every VM's target by min-funding revocation with the idle memory tax. */
    public void rebalance() {
        if (rebalanceHeld) return;
        List<MinFundingRevocation.Client> clients = new ArrayList<>();
        for (VmMemory v : vms)
            clients.add(new MinFundingRevocation.Client(v.name(), v.shares(), v.min(), v.max(),
                    v.sampler().activeFraction()));
        int[] targets = MinFundingRevocation.targets(clients, availablePages(), config.get(IDLE_TAX));
        for (int i = 0; i < vms.size(); i++) vms.get(i).setTarget(targets[i]);
    }

    // ---- reclamation ----

    /** Updates the free-memory state and lets the reclamation policy act on it. */
    public void reclaim() {
        MachineMemory f = host.frames();
        state = state.next(f.freeFrames(), f.totalFrames(), config);
        if (state != ReclaimState.HIGH && f.count(FrameUse.REPLICA) > 0) {   // copies go first: their originals stay
            long framesShort = (long) Math.ceil(config.get(HIGH_FREE) * f.totalFrames()) - f.freeFrames();
            if (framesShort > 0 && discardable.discard((int) Math.min(Integer.MAX_VALUE, framesShort)) > 0)
                state = state.next(f.freeFrames(), f.totalFrames(), config);
        }
        shareSuperpagesIfShort();
        // with memory plentiful the policy releases every balloon and stall: once done, it stays done
        if (state == ReclaimState.HIGH && settledHigh) return;
        long framesShort = (long) Math.ceil(config.get(HIGH_FREE) * f.totalFrames()) - f.freeFrames();
        policy.reclaim(new ReclaimStep(state, framesShort, swapper.victims().order(vms), swapper));
        settledHigh = state == ReclaimState.HIGH;
    }

    /** The superpageSharing knob: whether the scanner shares pages of promoted superpages, in this state. */
    private void shareSuperpagesIfShort() {
        String mode = config.choice(SUPERPAGE_SHARING);
        sharing.setShareSuperpages(mode.equals("always") || mode.equals("when-short") && state != ReclaimState.HIGH);
    }

    /** An allocation found no free frame: drop a replica, else swap out one page of the first victim that has one. */
    private boolean reclaimFrameOnDemand() {
        if (host.frames().count(FrameUse.REPLICA) > 0 && discardable.discard(1) == 1) return true;
        for (VmMemory v : swapper.victims().order(vms))
            if (swapper.swapOut(v, 1) == 1) return true;
        return false;
    }

    // ---- state ----

    /**
     * Time and the periods' deadlines, the knobs, the free-memory state, the generator, the
     * scanner, the swapper and every VM's memory (in creation order); the host memory saves
     * itself.
     */
    @Override
    public void save(vmsh.state.StateOut out) {
        out.section("time", time).putLong(nextSample).putLong(nextBalance).putInt(state.ordinal());
        out.putLongs(config.knobBits()).section("random", random).section("sharing", sharing).section("swapper", swapper);
        out.putInt(vms.size());
        for (VmMemory v : vms) out.putString(v.name()).section("vm", v);
    }

    /** Restores into a scheduler whose VMs have the saved ones' names, in order. */
    @Override
    public void restore(vmsh.state.StateIn in) {
        settledHigh = false;
        in.section("time", time);
        nextSample = in.getLong();
        nextBalance = in.getLong();
        int s = in.getInt();
        if (s < 0 || s >= ReclaimState.values().length) throw new vmsh.state.StateException("state section 'memsched': free-memory state " + s);
        state = ReclaimState.values()[s];
        MemSchedConfig saved = config.withKnobBits(in.getLongsAny());
        if (swapSlots(saved) != host.swap().capacity())
            throw new vmsh.state.StateException("the saved host has " + Knob.size(saved.get(SWAP)) + " of swap, this one "
                    + Knob.size((double) host.swap().capacity() * MachineMemory.PAGE_SIZE));
        config = saved;
        in.section("random", random).section("sharing", sharing).section("swapper", swapper);
        if (in.getInt() != vms.size()) throw new vmsh.state.StateException("the saved host has another number of VMs");
        for (VmMemory v : vms) {
            String name = in.getString();
            if (!v.name().equals(name)) throw new vmsh.state.StateException("the saved host's VM '" + name + "' is '" + v.name() + "' here");
            in.section("vm", v);
        }
    }

    // ---- statistics ----

    public HostMemoryStats memory() { return host.stats(); }

    public List<VmMemoryStats> vmStats() {
        List<VmMemoryStats> rows = new ArrayList<>();
        for (VmMemory v : vms) rows.add(v.stats());
        return rows;
    }

    /** Pages swapped out by reclamation and on demand so far. */
    public long swappedOut() { return swapper.swappedOut(); }

    private static String size(long pages) {
        long bytes = pages * MachineMemory.PAGE_SIZE;
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
    }
}
