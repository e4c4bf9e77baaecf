package vmsh.hostmem;

import java.util.BitSet;

/**
 * Reservation-based superpages for one pmap (Navarro, Iyer, Druschel and Cox, "Practical,
 * Transparent Operating System Support for Superpages", OSDI 2002), with Sv32's one
 * superpage size, the 4 MiB megapage.
 *
 * <p>Guest memory is cut into regions of 1024 pages (4 MiB, aligned in guest-physical
 * space). The first touch of a page in a region reserves an extent for the whole region:
 * 1024 free machine frames, aligned to 4 MiB, in one node. Every page of the region that
 * gets a private frame afterwards gets its own frame of the extent, the one at the same
 * offset ("in place"), so the region fills a contiguous, aligned piece of host memory.
 * When all 1024 pages are private and in place the region is <em>promoted</em>: the
 * hypervisor may map it with one 4 MiB entry. When one page leaves (shared, ballooned,
 * swapped, migrated) the region is <em>demoted</em>; its reservation stays, so a page that
 * comes back gets its frame again and the region can be promoted again.
 *
 * <p>Reserved frames that no page uses yet are free memory lent to the region: when the
 * host has no other free frame, the reservation whose last allocation is the oldest is
 * <em>broken</em> (its unused frames go back to the pool), as Navarro's preemption does.
 */
public final class Superpages {
    /** Pages of a superpage (a 4 MiB megapage of 4 KiB pages). */
    public static final int PAGES = 1024;
    public static final int SHIFT = 10;

    /** What a region's reservation is lent under: its owner and where its extent starts. */
    record Reservation(Superpages owner, int region, int firstFrame) {}

    private final Pmap pmap;
    private final HostMemory host;
    private final MachineMemory frames;
    /** Per region: first frame of its extent + 1, or 0 (none yet). A broken reservation keeps its extent. */
    private final int[] extent;
    /** Per region: its private pages on their own frame of the extent. */
    private final short[] inPlace;
    /** Per region: pages the activity sampler watches. */
    private final short[] watched;
    private final BitSet promoted = new BitSet();
    /** Regions whose reservation was broken: their unused frames went back to the pool. */
    private final BitSet broken = new BitSet();
    /** Regions that found no free extent when first touched: they do without. */
    private final BitSet unreserved = new BitSet();
    private long reservations, promotions, demotions, breaks;

    Superpages(Pmap pmap) {
        this.pmap = pmap;
        this.host = pmap.host();
        this.frames = host.frames();
        int regions = (pmap.pages() + PAGES - 1) >>> SHIFT;
        this.extent = new int[regions];
        this.inPlace = new short[regions];
        this.watched = new short[regions];
    }

    Pmap pmap() { return pmap; }

    public static int region(int gpn) { return gpn >>> SHIFT; }

    /** The first guest page of region {@code r}. */
    public static int firstPage(int r) { return r << SHIFT; }

    /** True when region {@code r} is promoted: every page private on its own frame of the extent. */
    public boolean promoted(int r) { return promoted.get(r); }

    /** True when the page lies in a promoted region. */
    public boolean promotedPage(int gpn) { return promoted.get(region(gpn)); }

    /** The first machine frame of region {@code r}'s extent, or -1. */
    public int extentFrame(int r) { return extent[r] > 0 ? extent[r] - 1 : -1; }

    /** Regions now promoted. */
    public int promotedRegions() { return promoted.cardinality(); }

    /** Regions holding a reservation now (broken ones excluded). */
    public int reservedRegions() {
        int n = 0;
        for (int r = 0; r < extent.length; r++) if (extent[r] > 0 && !broken.get(r)) n++;
        return n;
    }

    public long reservations() { return reservations; }

    public long promotions() { return promotions; }

    public long demotions() { return demotions; }

    /** Reservations broken to give their unused frames to someone else. */
    public long reservationsBroken() { return breaks; }

    /** True when region {@code r} covers 1024 pages of the VM (a last, partial region never is a superpage). */
    private boolean whole(int r) { return firstPage(r) + PAGES <= pmap.pages(); }

    // ---- allocation ----

    /**
     * Guest page {@code gpn}'s own frame of its region's extent, allocated and zeroed,
     * reserving the extent (in {@code node}, or the nearest node that has one) on the
     * region's first touch; -1 when the page cannot have it (a partial region, no free
     * extent, or the frame went elsewhere after the reservation was broken).
     */
    int allocateInPlace(int gpn, int node) {
        int r = region(gpn);
        if (extent[r] == 0 && whole(r) && !unreserved.get(r)) reserve(r, node);
        if (extent[r] == 0) return -1;
        int mpn = extent[r] - 1 + (gpn & (PAGES - 1));
        int got = frames.reserved(mpn) ? frames.allocateReserved(mpn, FrameUse.PRIVATE)
                : frames.available(mpn) ? frames.allocateAt(mpn, FrameUse.PRIVATE) : -1;
        if (got >= 0 && !broken.get(r)) host.reservationUsed(new Reservation(this, r, extent[r] - 1));
        return got;
    }

    private void reserve(int r, int node) {
        int first = frames.findAlignedRun(PAGES, node);
        if (first < 0) {
            unreserved.set(r);
            return;
        }
        frames.reserveRun(first, PAGES);
        extent[r] = first + 1;
        reservations++;
        host.reservationUsed(new Reservation(this, r, first));
    }

    /** The host takes region {@code r}'s unused reserved frames back; its pages may still find their frames free later. */
    void breakReservation(int r) {
        frames.unreserve(extent[r] - 1, PAGES);
        broken.set(r);
        breaks++;
    }

    /** Unused frames of region {@code r}'s reservation (0 once broken). */
    int unusedReserved(int r) {
        if (extent[r] == 0 || broken.get(r)) return 0;
        int first = extent[r] - 1, n = 0;
        for (int mpn = first; mpn < first + PAGES; mpn++) if (frames.use(mpn) == FrameUse.FREE) n++;
        return n;
    }

    // ---- page changes ----

    /**
     * Page {@code gpn} changed from entry state {@code wasInPlace} to {@code nowInPlace}:
     * +1 when its region has just been promoted, -1 when it has just been demoted, else 0.
     */
    int changed(int gpn, boolean wasInPlace, boolean nowInPlace) {
        int r = region(gpn);
        if (wasInPlace == nowInPlace) return 0;
        inPlace[r] += nowInPlace ? 1 : -1;
        if (inPlace[r] == PAGES && !promoted.get(r)) {
            promoted.set(r);
            promotions++;
            return 1;
        }
        if (inPlace[r] < PAGES && promoted.get(r)) {
            promoted.clear(r);
            demotions++;
            return -1;
        }
        return 0;
    }

    /**
     * Runs {@code rewrite} (every page of the VM written back: a restore) counting only the
     * regions it leaves promoted or demoted, not those it demotes and promotes again.
     */
    void rewriting(Runnable rewrite) {
        BitSet was = (BitSet) promoted.clone();
        long p = promotions, d = demotions;
        rewrite.run();
        BitSet gained = (BitSet) promoted.clone();
        gained.andNot(was);
        was.andNot(promoted);
        promotions = p + gained.cardinality();
        demotions = d + was.cardinality();
    }

    /** True when frame {@code mpn} is guest page {@code gpn}'s own frame of its region's extent. */
    boolean inPlace(int gpn, int mpn) {
        int r = region(gpn);
        return extent[r] > 0 && mpn == extent[r] - 1 + (gpn & (PAGES - 1));
    }

    void watchChanged(int gpn, boolean nowWatched) { watched[region(gpn)] += nowWatched ? 1 : -1; }

    /** Pages of region {@code r} the sampler watches. */
    int watchedIn(int r) { return watched[r]; }

    /** The pmap is released: every reservation goes back. */
    void release() {
        for (int r = 0; r < extent.length; r++) {
            if (extent[r] > 0 && !broken.get(r)) {
                frames.unreserve(extent[r] - 1, PAGES);
                host.reservationGone(new Reservation(this, r, extent[r] - 1));
            }
            extent[r] = 0;
            inPlace[r] = 0;
            watched[r] = 0;
        }
        promoted.clear();
        broken.clear();
        unreserved.clear();
    }

    /** Every region's extent, counts of pages in place and watched, the promoted, broken and unreserved regions, the counters. */
    void save(vmsh.state.StateOut out) {
        int[] in = new int[inPlace.length], w = new int[watched.length];
        for (int r = 0; r < in.length; r++) {
            in[r] = inPlace[r];
            w[r] = watched[r];
        }
        out.putInts(extent).putInts(in).putInts(w);
        out.putLongs(promoted.toLongArray()).putLongs(broken.toLongArray()).putLongs(unreserved.toLongArray());
        out.putLongs(new long[] {reservations, promotions, demotions, breaks});
    }

    void restore(vmsh.state.StateIn in) {
        in.getInts(extent);
        int[] p = new int[inPlace.length], w = new int[watched.length];
        in.getInts(p);
        in.getInts(w);
        for (int r = 0; r < p.length; r++) {
            inPlace[r] = (short) p[r];
            watched[r] = (short) w[r];
        }
        for (BitSet b : new BitSet[] {promoted, broken, unreserved}) {
            b.clear();
            b.or(BitSet.valueOf(in.getLongsAny()));
        }
        long[] c = new long[4];
        in.getLongs(c);
        reservations = c[0];
        promotions = c[1];
        demotions = c[2];
        breaks = c[3];
    }

    public SuperpageStats stats() {
        return new SuperpageStats(promotedRegions(), reservedRegions(), reservations, promotions, demotions, breaks);
    }
}
