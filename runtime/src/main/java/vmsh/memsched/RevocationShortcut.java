package vmsh.memsched;

/**
 * A state min-funding revocation is sure to pass through near its end, so that it can start
 * there rather than at every VM's max. Taking page p of a VM (from p pages to p − 1) happens
 * at the VM's price ρ with p pages, and the revocation takes pages in about the order of
 * these prices, but not exactly: where two prices tie or nearly tie (within rounding), a VM
 * may give up a page before its turn. A price k that only one page has, with no other
 * page's price near it (a lone price), cuts through that: when that page goes, every page
 * priced below k has gone and no other, so the revocation passes through "every VM at its
 * last page priced k or more" and goes on from there as it would have. The lone price used
 * is the highest at or below the price of the page the excess ends on in price order.
 */
final class RevocationShortcut {
    /** Prices within this factor of each other are near: rounding moves them by about 1e-15. */
    private static final double NEAR = 1e-9;
    /** Prices tried, downwards, before giving up (equal VMs have no lone price at all). */
    private static final int TRIES = 8;

    private final double[] shares, cost;
    private final int[] min, max;

    private RevocationShortcut(double[] shares, double[] cost, int[] min, int[] max) {
        this.shares = shares;
        this.cost = cost;
        this.min = min;
        this.max = max;
    }

    /**
     * Moves {@code target} (every VM at its max) to such a state, if one is found; returns the
     * excess left to take from there ({@code excess} unchanged when none is found).
     */
    static long apply(double[] shares, double[] cost, int[] min, int[] target, long excess) {
        RevocationShortcut s = new RevocationShortcut(shares, cost, min, target.clone());
        long pages = 0;
        double top = 0;
        for (int i = 0; i < min.length; i++) {
            pages += target[i] - min[i];
            if (target[i] > min[i]) top = Math.max(top, s.price(i, min[i] + 1));
        }
        if (excess >= pages) {   // every VM goes down to its min
            System.arraycopy(min, 0, target, 0, min.length);
            return excess - pages;
        }
        double k = s.lastTaken(excess, top);
        for (int tries = 0; tries < TRIES && k > 0; tries++) {
            double low = k * (1 - NEAR), high = Math.nextUp(k * (1 + NEAR));
            if (s.below(high) - s.below(low) == 1) {
                long taken = 0;
                for (int i = 0; i < min.length; i++) {
                    target[i] = s.pagesPricedAtLeast(i, k);
                    taken += s.max[i] - target[i];
                }
                return excess - taken;
            }
            k = s.highestBelow(low);
        }
        return excess;
    }

    /** VM {@code i}'s price with {@code pages} pages, computed as the revocation does. */
    private double price(int i, int pages) { return shares[i] / (pages * cost[i]); }

    /** The most pages VM {@code i} keeps when every page of its priced below {@code price} is taken. */
    private int pagesPricedAtLeast(int i, double price) {
        int lo = min[i], hi = max[i];   // lo: its min, or a page count priced at least price
        while (lo < hi) {
            int mid = (int) ((lo + (long) hi + 1) >>> 1);
            if (price(i, mid) >= price) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    /** Pages priced below {@code price}, all VMs together. */
    private long below(double price) {
        long n = 0;
        for (int i = 0; i < min.length; i++) n += max[i] - pagesPricedAtLeast(i, price);
        return n;
    }

    /** The price of the {@code count}-th page in price order: the lowest p with {@code count} pages priced at most p. */
    private double lastTaken(long count, double top) {
        long lo = 0, hi = Double.doubleToLongBits(top);   // non-negative doubles order as their bits
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (below(Math.nextUp(Double.longBitsToDouble(mid))) >= count) hi = mid; else lo = mid + 1;
        }
        return Double.longBitsToDouble(lo);
    }

    /** The highest price of a page below {@code price}, or 0. */
    private double highestBelow(double price) {
        double best = 0;
        for (int i = 0; i < min.length; i++) {
            int p = pagesPricedAtLeast(i, price) + 1;
            if (p <= max[i]) best = Math.max(best, price(i, p));
        }
        return best;
    }
}
