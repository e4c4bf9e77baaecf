package vmsh.memsched;

import vmsh.hostmem.GuestMemory;
import vmsh.hostmem.Pmap;
import vmsh.hostmem.PmapStats;

/**
 * One VM's memory under the memory scheduler: its pmap and guest-memory view, its
 * allocation parameters (shares, min, max, all in pages), the current target, its balloon,
 * its activity sampler, and whether it is stalled for memory.
 */
public final class VmMemory implements vmsh.state.Stateful {
    private final Pmap pmap;
    private final GuestMemory guest;
    private final Balloon balloon;
    private final ActivitySampler sampler;
    private final long shares;
    private final int min, max;
    private int target;
    private boolean stalled;
    private boolean stalledInPeriod;   // stalled at some time in the current sampling period

    VmMemory(Pmap pmap, long shares, int min, int max, Balloon balloon, ActivitySampler sampler) {
        this.pmap = pmap;
        this.guest = new GuestMemory(pmap);
        this.shares = shares;
        this.min = min;
        this.max = max;
        this.target = max;
        this.balloon = balloon;
        this.sampler = sampler;
    }

    public String name() { return pmap.name(); }

    public Pmap pmap() { return pmap; }

    public GuestMemory guest() { return guest; }

    public Balloon balloon() { return balloon; }

    public ActivitySampler sampler() { return sampler; }

    /** A guest access to page {@code gpn} (see {@link Pmap#touch}); returns its machine frame. */
    public int touch(int gpn, boolean write) { return pmap.touch(gpn, write); }

    public long shares() { return shares; }

    /** Guaranteed pages. */
    public int min() { return min; }

    /** Pages the VM may hold at most. */
    public int max() { return max; }

    /** Pages the VM should hold now, from min-funding revocation. */
    public int target() { return target; }

    void setTarget(int pages) { target = pages; }

    /** Pages charged to the VM: private and shared (see {@link Pmap#resident()}). */
    public int resident() { return pmap.resident(); }

    /** Pages above target (negative: below). */
    public int excess() { return resident() - target; }

    /** True while the host is in the LOW state and this VM is above its target: it must not run. */
    public boolean stalled() { return stalled; }

    void setStalled(boolean s) {
        stalled = s;
        stalledInPeriod |= s;
    }

    /**
     * Ends the activity sampler's period and starts the next. Pages a period found untouched
     * while the VM was stalled are no evidence of idleness (the guest could not run), so the
     * sampler forgets them.
     */
    void nextSamplingPeriod() {
        sampler.endPeriod();
        if (stalledInPeriod) sampler.forgetIdlePages();
        stalledInPeriod = stalled;
        sampler.startPeriod();
    }

    /** The target and stall, the balloon and the sampler (the pmap is the host memory's). */
    @Override
    public void save(vmsh.state.StateOut out) {
        out.putInt(target).putBoolean(stalled).putBoolean(stalledInPeriod).section("balloon", balloon).section("sampler", sampler);
    }

    @Override
    public void restore(vmsh.state.StateIn in) {
        target = in.getInt();
        stalled = in.getBoolean();
        stalledInPeriod = in.getBoolean();
        in.section("balloon", balloon).section("sampler", sampler);
    }

    public VmMemoryStats stats() {
        return new VmMemoryStats(name(), shares, min, max, target, resident(), sampler.activeFraction(),
                balloon.size(), balloon.target(), balloon.driverPresent(), stalled, PmapStats.of(pmap));
    }
}
