package vmsh.memsched;

import vmsh.hostmem.PageState;
import vmsh.hostmem.Pmap;

/**
 * A VM's balloon, the hypervisor's side of the guest balloon driver. The driver reads the
 * {@link #target()} (in pages), and reports pages it gives up ({@link #inflate}) and takes
 * back ({@link #deflate}); the pmap frees their frames and returns them. The guest picks
 * the pages, so it gives up what it values least.
 *
 * <p>The target is the larger of what the user asks ({@link #setTarget}) and what the
 * memory scheduler asks, capped at {@link #limit()}. A VM whose driver never reported
 * anything ({@link #driverPresent()} false) cannot be ballooned: the scheduler swaps instead.
 */
public final class Balloon implements vmsh.state.Stateful {
    private final Pmap pmap;
    private final int limit;
    private int requested;      // the user's target
    private int reclaim;        // the scheduler's target
    private boolean driverPresent;
    private long refused;

    Balloon(Pmap pmap, double maxFraction) {
        this.pmap = pmap;
        this.limit = (int) Math.floor(pmap.pages() * maxFraction);
    }

    /** Pages the driver should hold now. */
    public int target() { return Math.min(limit, Math.max(requested, reclaim)); }

    /** Pages the driver holds (the VM's BALLOONED pages). */
    public int size() { return pmap.count(PageState.BALLOONED); }

    /** Pages the driver should give up (positive) or take back (negative). */
    public int delta() { return target() - size(); }

    /** The largest balloon: a fraction of the VM's memory (ESX's Mem.CtlMaxPercent). */
    public int limit() { return limit; }

    /** The user's target in pages. */
    public int requested() { return requested; }

    /** The memory scheduler's target in pages. */
    public int reclaimTarget() { return reclaim; }

    public void setTarget(int pages) {
        if (pages < 0 || pages > pmap.pages())
            throw new IllegalArgumentException("balloon target " + pages + " pages outside 0.." + pmap.pages()
                    + " for VM '" + pmap.name() + "'");
        requested = pages;
    }

    void setReclaimTarget(int pages) { reclaim = Math.max(0, pages); }

    @Override
    public void save(vmsh.state.StateOut out) { out.putInt(requested).putInt(reclaim).putBoolean(driverPresent).putLong(refused); }

    @Override
    public void restore(vmsh.state.StateIn in) {
        requested = in.getInt();
        reclaim = in.getInt();
        driverPresent = in.getBoolean();
        refused = in.getLong();
    }

    /** True once the guest's driver has reported (it exists and answers). */
    public boolean driverPresent() { return driverPresent; }

    /** The driver announced itself (e.g. probed the balloon device) without moving pages yet. */
    public void driverReady() { driverPresent = true; }

    /** Driver requests refused so far (bad page, balloon full, page not held). */
    public long refused() { return refused; }

    /**
     * The driver gives up guest page {@code gpn}. Refused (false) when the page is outside
     * the VM, already in the balloon, or the balloon is at its limit.
     */
    public boolean inflate(int gpn) {
        driverPresent = true;
        if (gpn < 0 || gpn >= pmap.pages() || pmap.state(gpn) == PageState.BALLOONED || size() >= limit) {
            refused++;
            return false;
        }
        pmap.balloon(gpn);
        return true;
    }

    /** The driver takes guest page {@code gpn} back. Refused (false) when the balloon does not hold it. */
    public boolean deflate(int gpn) {
        driverPresent = true;
        if (gpn < 0 || gpn >= pmap.pages() || pmap.state(gpn) != PageState.BALLOONED) {
            refused++;
            return false;
        }
        pmap.unballoon(gpn);
        return true;
    }
}
