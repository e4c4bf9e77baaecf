package vmsh.memsched;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vmsh.state.SeededRandom;
import vmsh.hostmem.HostMemory;
import vmsh.hostmem.MachineMemory;
import vmsh.hostmem.PageEvent;
import vmsh.hostmem.PageHash;
import vmsh.hostmem.PageState;
import vmsh.hostmem.Pmap;
import vmsh.hostmem.SharedFrames;

/**
 * Content-based page sharing (Waldspurger, OSDI 2002, §4.2). The scanner visits each VM's
 * pages in random order and hashes private ones (64 bits). A page whose hash matches a
 * shared frame, and whose bytes match it, is backed by that frame and its own freed. A page
 * with no match becomes a hint; when a later page matches a hint, the hint's page is
 * rehashed (it may have changed since), compared, and the two become the first sharers of
 * a new shared frame. All-zero pages map the host's zero frame. Writes to shared pages
 * break copy-on-write in the pmap.
 *
 * <p>Scanning runs on simulated time and is rate-limited per VM and in total (ESX's
 * Mem.ShareScanVM = 50 and Mem.ShareScanTotal = 200 pages per second); every page visited
 * counts, backed or not, so the work per second is bounded. {@link #scan(int)} scans on
 * demand without limits.
 *
 * <p>Pages of a promoted superpage are passed by while the host has memory to spare, as ESX
 * leaves large pages unshared: sharing one of them would demote the whole 4 MiB. Once
 * memory runs short ({@link #setShareSuperpages}), they are shared like any other page
 * (the knob {@code superpageSharing} chooses: {@link #SUPERPAGE_MODES}).
 */
public final class PageSharing implements vmsh.state.Stateful {
    /** The choices of the superpageSharing knob, the default first. */
    static final java.util.List<Knob.Choice> SUPERPAGE_MODES = java.util.List.of(
            new Knob.Choice("when-short", "ESX: pages of promoted superpages are passed by while free memory is"
                    + " above the soft threshold, shared (demoting them) below it"),
            new Knob.Choice("never", "pages of promoted superpages are never shared"),
            new Knob.Choice("always", "pages of promoted superpages are shared like any other, each share demoting one"));

    private final HostMemory host;
    private final MachineMemory frames;
    private final SharedFrames shared;
    private final HintTable hints = new HintTable();
    private final SeededRandom random;
    private final Map<Pmap, Cursor> cursors = new LinkedHashMap<>();
    /** The same cursors in the order their VMs were added: the round robin's order, walked without a copy. */
    private final List<Cursor> turns = new ArrayList<>();
    /**
     * The credits that are not exactly one second's worth ({@link #fullCredit}): only they
     * change in a step of a second or less. Cursors whose credits have had the same history
     * (VMs added together and not scanned since: a batch of clones) share one, so a step
     * costs what the distinct credits cost, not what the VMs do.
     */
    private final java.util.Set<Credit> filling = new java.util.LinkedHashSet<>();
    /** The credit the cursors added since the last step share (0), or null. */
    private Credit fresh;
    private double perVmRate, totalRate, totalCredit;
    private int nextVm;      // where the next round-robin round starts
    private boolean shareSuperpages;
    private long scanned, hashed, sharedExisting, sharedNew, zero, collisions, staleHints, superpageSkips;

    /** A scan credit in pages, and how many cursors hold it. */
    private static final class Credit {
        double value;
        int holders;

        Credit(double value) { this.value = value; }
    }

    private static final class Cursor {
        final Pmap pmap;
        final ScanOrder order;
        Credit credit;

        Cursor(Pmap pmap, ScanOrder order, Credit credit) {
            this.pmap = pmap;
            this.order = order;
            hold(credit);
        }

        void hold(Credit c) {
            credit = c;
            c.holders++;
        }
    }

    public PageSharing(HostMemory host, double perVmRate, double totalRate, long seed) {
        this.host = host;
        this.frames = host.frames();
        this.shared = host.sharedFrames();
        this.random = new SeededRandom(seed);
        setRates(perVmRate, totalRate);
    }

    /** Scan rates in pages per simulated second. */
    public void setRates(double perVm, double total) {
        if (!(perVm >= 0) || !(total >= 0))
            throw new IllegalArgumentException("scan rates must not be negative: per VM " + perVm + ", total " + total);
        this.perVmRate = perVm;
        this.totalRate = total;
        refill();
    }

    /** Whether pages of promoted superpages are shared (demoting them) or passed by. */
    public void setShareSuperpages(boolean share) { shareSuperpages = share; }

    public boolean sharesSuperpages() { return shareSuperpages; }

    public double perVmRate() { return perVmRate; }

    public double totalRate() { return totalRate; }

    /** Starts scanning a VM's pages. */
    public void add(Pmap pmap) {
        if (fresh == null) filling.add(fresh = new Credit(0));
        Cursor c = new Cursor(pmap, new ScanOrder(pmap.pages(), random.split()), fresh);
        Cursor old = cursors.put(pmap, c);
        if (old == null) turns.add(c);
        else turns.set(turns.indexOf(old), c);   // the VM keeps its turn
    }

    /** A VM's credit after a second or more without scanning: a step of a second or less leaves it so. */
    private double fullCredit() { return Math.max(1, perVmRate); }

    /** Every cursor's credit may change from now on (the rates changed, credits were restored). */
    private void refill() {
        for (Cursor c : cursors.values()) filling.add(c.credit);
    }

    /** One page of {@code c}'s credit is spent: it no longer shares its credit with others. */
    private void spend(Cursor c) {
        Credit k = c.credit;
        if (k.holders > 1) {
            k.holders--;
            c.hold(k = new Credit(k.value));
        }
        k.value--;
        filling.add(k);
    }

    /** Stops scanning a VM and drops its hints. */
    public void remove(Pmap pmap) {
        Cursor c = cursors.remove(pmap);
        if (c != null) turns.remove(c);
        if (c != null && --c.credit.holders == 0) filling.remove(c.credit);
        hints.forget(pmap);
    }

    /**
     * Scans for {@code seconds} of simulated time: each VM may scan {@code perVmRate} pages
     * per second, all VMs together {@code totalRate}; VMs take turns, one page each.
     * Unused credit carries over, up to one second's worth.
     */
    public ScanResult advance(double seconds) {
        ScanResult before = totals();
        totalCredit = Math.min(totalCredit + totalRate * seconds, Math.max(1, totalRate * Math.max(1, seconds)));
        fresh = null;
        if (seconds > 1) refill();   // one second's worth is no longer the cap
        double full = fullCredit();
        for (java.util.Iterator<Credit> i = filling.iterator(); i.hasNext(); ) {
            Credit k = i.next();
            k.value = Math.min(k.value + perVmRate * seconds, Math.max(1, perVmRate * Math.max(1, seconds)));
            if (k.value == full) i.remove();
        }
        if (totalCredit < 1) return totals().minus(before);
        int n = turns.size();
        boolean progress = true;
        while (progress && totalCredit >= 1) {
            progress = false;
            for (int k = 0; k < n && totalCredit >= 1; k++) {
                Cursor c = turns.get((nextVm + k) % n);
                if (c.credit.value < 1) continue;
                spend(c);
                totalCredit--;
                scanPage(c.pmap, c.order.next());
                progress = true;
            }
            if (n > 0) nextVm = (nextVm + 1) % n;
        }
        return totals().minus(before);
    }

    /** Scans {@code pages} pages now, VMs taking turns, ignoring the rate limits. */
    public ScanResult scan(int pages) {
        ScanResult before = totals();
        for (int i = 0; i < pages && !turns.isEmpty(); i++) {
            Cursor c = turns.get(nextVm % turns.size());
            nextVm = (nextVm % turns.size() + 1) % turns.size();
            scanPage(c.pmap, c.order.next());
        }
        return totals().minus(before);
    }

    /** Scans {@code pages} pages of one VM now, ignoring the rate limits. */
    public ScanResult scan(Pmap pmap, int pages) {
        Cursor c = cursors.get(pmap);
        if (c == null) throw new IllegalArgumentException("VM '" + pmap.name() + "' is not scanned for sharing");
        ScanResult before = totals();
        for (int i = 0; i < pages; i++) scanPage(pmap, c.order.next());
        return totals().minus(before);
    }

    /** Tries to share one page; only PRIVATE pages are candidates. */
    void scanPage(Pmap p, int gpn) {
        scanned++;
        if (p.pinned() || p.state(gpn) != PageState.PRIVATE) return;   // a pinned guest sees its frames
        if (!shareSuperpages && p.promoted(gpn)) {
            superpageSkips++;
            return;
        }
        int mpn = p.mpn(gpn);
        long hash = frames.hash(mpn);
        hashed++;
        if (hash == PageHash.ZERO && frames.isZero(mpn)) {
            p.shareZero(gpn);
            zero++;
            return;
        }
        int frame = shared.lookup(hash);
        if (frame >= 0) {
            if (frames.sameContents(frame, mpn)) { p.share(gpn, frame); sharedExisting++; }
            else collisions++;   // a false match: this page is not eligible
            return;
        }
        HintTable.Hint hint = hints.get(hash);
        if (hint != null && !(hint.pmap() == p && hint.gpn() == gpn)) {
            if (stillHolds(hint)) {
                if (frames.sameContents(hint.mpn(), mpn)) {
                    hints.remove(hint);
                    int newShared = hint.pmap().makeShared(hint.gpn(), hash);
                    p.share(gpn, newShared);
                    sharedNew++;
                } else collisions++;
                return;
            }
            hints.remove(hint);
            staleHints++;
        }
        hints.put(new HintTable.Hint(p, gpn, mpn, hash));
    }

    /** A hint is good while its page is still private on the same frame with the same contents. */
    private boolean stillHolds(HintTable.Hint h) {
        Pmap p = h.pmap();
        return cursors.containsKey(p) && p.state(h.gpn()) == PageState.PRIVATE && p.mpn(h.gpn()) == h.mpn()
                && frames.hash(h.mpn()) == h.hash();
    }

    /** The rates and credits, the counters, the generator, each VM's scan order and the hints. */
    @Override
    public void save(vmsh.state.StateOut out) {
        out.putLong(Double.doubleToRawLongBits(perVmRate)).putLong(Double.doubleToRawLongBits(totalRate))
           .putLong(Double.doubleToRawLongBits(totalCredit)).putInt(nextVm);
        out.putLongs(new long[] {scanned, hashed, sharedExisting, sharedNew, zero, collisions, staleHints});
        out.section("random", random);
        java.util.List<Pmap> pmaps = new ArrayList<>(cursors.keySet());
        out.putInt(pmaps.size());
        for (Pmap p : pmaps) {
            Cursor c = cursors.get(p);
            out.putLong(Double.doubleToRawLongBits(c.credit.value)).section("order", c.order);
        }
        hints.save(out, pmaps);
    }

    /** Restores into a scanner that scans the same VMs, in the same order. */
    @Override
    public void restore(vmsh.state.StateIn in) {
        perVmRate = Double.longBitsToDouble(in.getLong());
        totalRate = Double.longBitsToDouble(in.getLong());
        totalCredit = Double.longBitsToDouble(in.getLong());
        nextVm = in.getInt();
        long[] c = new long[7];
        in.getLongs(c);
        scanned = c[0]; hashed = c[1]; sharedExisting = c[2]; sharedNew = c[3]; zero = c[4]; collisions = c[5]; staleHints = c[6];
        in.section("random", random);
        java.util.List<Pmap> pmaps = new ArrayList<>(cursors.keySet());
        if (in.getInt() != pmaps.size()) throw new vmsh.state.StateException("state section 'sharing': another number of VMs");
        for (Pmap p : pmaps) {
            Cursor cursor = cursors.get(p);
            cursor.credit.holders--;
            cursor.hold(new Credit(Double.longBitsToDouble(in.getLong())));
            in.section("order", cursor.order);
        }
        filling.clear();
        fresh = null;
        refill();
        hints.restore(in, pmaps);
    }

    private ScanResult totals() {
        return new ScanResult(scanned, hashed, sharedExisting, sharedNew, zero, collisions, staleHints, superpageSkips);
    }

    public SharingStats stats() {
        int sharedPages = 0, zeroPages = 0;
        long cow = 0, zeroBreaks = 0;
        for (Pmap p : host.pmaps()) {
            sharedPages += p.count(PageState.SHARED);
            zeroPages += p.count(PageState.ZERO);
            cow += p.count(PageEvent.COW_BREAK);
            zeroBreaks += p.count(PageEvent.ZERO_BREAK);
        }
        int sharedFrames = shared.size();
        int zeroFrames = host.zeroFrame() >= 0 && zeroPages > 0 ? 1 : 0;
        int saved = sharedPages - sharedFrames + zeroPages - zeroFrames;
        return new SharingStats(sharedPages, sharedFrames, zeroPages, saved, (long) saved * MachineMemory.PAGE_SIZE,
                cow, zeroBreaks, hints.size(), scanned, hashed, collisions, staleHints);
    }

    /** Scan progress per VM, in the order VMs were added. */
    public List<ScanProgress> progress() {
        List<ScanProgress> rows = new ArrayList<>();
        cursors.forEach((p, c) -> rows.add(new ScanProgress(p.name(), p.pages(), c.order.passes(), c.order.position())));
        return rows;
    }
}
