package vmsh.memsched;

import java.util.List;

/**
 * Target allocations by min-funding revocation with an idle memory tax (Waldspurger, OSDI
 * 2002, §5). A VM with S shares holding P pages, a fraction f of them active, pays
 *
 * <pre>
 *   ρ = S / (P · (f + k·(1 − f)))      k = 1 / (1 − τ), τ the tax rate
 * </pre>
 *
 * shares per page: an idle page costs k times an active one. Starting from every VM at its
 * max, memory is revoked from the VM with the lowest ρ (it pays least per page; the first in
 * order among equals) until the targets fit; no VM goes below its min. Each step takes from
 * the lowest-ρ VM just enough pages to raise its ρ to the second-lowest VM's (at least one),
 * so the result is exact in pages.
 *
 * <p>The VMs wait in a {@link PriceQueue} ordered by (ρ, order), so a step costs a queue
 * operation, not a scan of every VM. Many equal VMs (clones) share one ρ and give up a page
 * each in turn; they sit in one bucket of the queue and a round of them moves as one array.
 * VMs mostly unlike each other start where a {@link RevocationShortcut} finds the revocation
 * sure to pass, near its end. The targets are the same, page for page, as the first
 * implementation's scan of every VM at every step (kept as the tests' oracle).
 */
public final class MinFundingRevocation {
    /** One VM as the allocator sees it. */
    public record Client(String name, double shares, int min, int max, double activeFraction) {
        public Client {
            if (!(shares >= 0 && shares < Double.POSITIVE_INFINITY))
                throw new IllegalArgumentException("VM '" + name + "': shares " + shares + " must be a non-negative number");
            if (min < 0 || min > max)
                throw new IllegalArgumentException("VM '" + name + "': min " + min + " pages must be in 0..max " + max);
            if (!(activeFraction >= 0 && activeFraction <= 1))
                throw new IllegalArgumentException("VM '" + name + "': active fraction " + activeFraction + " outside [0, 1]");
        }
    }

    private MinFundingRevocation() {}

    /** The adjusted shares-per-page ratio ρ; infinite for an empty allocation. */
    public static double rho(double shares, int pages, double activeFraction, double idleTax) {
        if (pages <= 0) return Double.POSITIVE_INFINITY;
        return shares / (pages * cost(activeFraction, idleTax));
    }

    /** f + k·(1 − f): the price of a page, averaged over active and idle ones. */
    static double cost(double f, double idleTax) { return f + (1 - f) / (1 - idleTax); }

    /** Targets in pages, in the clients' order, summing to at most {@code available} (unless the mins do not fit). */
    public static int[] targets(List<Client> clients, long available, double idleTax) {
        if (!(idleTax >= 0 && idleTax < 1)) throw new IllegalArgumentException("idle tax " + idleTax + " must be in [0, 1)");
        int n = clients.size();
        int[] target = new int[n], min = new int[n];
        double[] shares = new double[n], cost = new double[n];
        long excess = -available;
        for (int i = 0; i < n; i++) {
            Client c = clients.get(i);
            target[i] = c.max();
            min[i] = c.min();
            shares[i] = c.shares();
            cost[i] = cost(c.activeFraction(), idleTax);
            excess += target[i];
        }
        if (excess <= 0) return target;
        int[] kind = kinds(shares, cost);
        if (excess > 8L * n && java.util.Arrays.stream(kind).max().orElse(0) >= n / 4)   // many pages and few VMs alike
            excess = RevocationShortcut.apply(shares, cost, min, target, excess);
        PriceQueue queue = new PriceQueue();
        for (int i = 0; i < n; i++) if (target[i] > min[i]) queue.add(i, price(shares, cost, target, i));
        while (excess > 0 && !queue.isEmpty()) {
            PriceQueue.Bucket front = queue.front();
            if (front.size() > 1) {
                int moved = givePageEach(queue, front, (int) Math.min(front.size() - 1, excess), shares, cost, target, min, kind);
                if (moved > 0) { excess -= moved; continue; }
            }
            int lowest = queue.poll(), second = queue.peek();
            long take = target[lowest] - min[lowest];
            if (second >= 0) {
                double rhoNext = price(shares, cost, target, second);
                double pagesAtNext = shares[lowest] / (rhoNext * cost[lowest]);
                take = Math.min(take, Math.max(1, target[lowest] - (long) Math.floor(pagesAtNext)));
            }
            take = Math.min(take, excess);
            target[lowest] -= (int) take;
            excess -= take;
            if (target[lowest] > min[lowest]) queue.add(lowest, price(shares, cost, target, lowest));
        }
        return target;
    }

    private static double price(double[] shares, double[] cost, int[] target, int i) { return shares[i] / (target[i] * cost[i]); }

    /**
     * A round of equal VMs (clones): the VMs of the front bucket are the lowest in turn, each
     * with the next as second (same ρ), and each gives up one page when one page raises its ρ
     * past theirs. The first VMs of the bucket that are alike (same shares, page cost and
     * pages: {@code kind} and target), at most {@code most} of them, do so at once; returns how
     * many did (0: take the round step by step).
     */
    private static int givePageEach(PriceQueue queue, PriceQueue.Bucket front, int most, double[] shares, double[] cost,
                                    int[] target, int[] min, int[] kind) {
        int[] vms = front.vms();
        int head = front.head(), first = vms[head], pages = target[first];
        double rho = price(shares, cost, target, first);
        double pagesAtNext = shares[first] / (rho * cost[first]);
        if (Math.max(1, pages - (long) Math.floor(pagesAtNext)) != 1) return 0;
        double after = pages > 1 ? shares[first] / ((pages - 1) * cost[first]) : Double.POSITIVE_INFINITY;
        if (!(after > rho)) return 0;
        int count = 0;
        while (count < most && kind[vms[head + count]] == kind[first] && target[vms[head + count]] == pages) count++;
        int[] stay = new int[count];
        int kept = 0;
        for (int k = head; k < head + count; k++) {
            int vm = vms[k];
            target[vm] = pages - 1;
            if (pages - 1 > min[vm]) stay[kept++] = vm;
        }
        queue.skip(count);
        queue.addAll(stay, 0, kept, after);
        return count;
    }

    /** A number per distinct (shares, page cost): VMs of one number price their pages alike. */
    private static int[] kinds(double[] shares, double[] cost) {
        java.util.Map<java.util.List<Long>, Integer> numbers = new java.util.HashMap<>();
        int[] kind = new int[shares.length];
        for (int i = 0; i < shares.length; i++)
            kind[i] = numbers.computeIfAbsent(java.util.List.of(Double.doubleToLongBits(shares[i] + 0.0), Double.doubleToLongBits(cost[i])),
                    k -> numbers.size());
        return kind;
    }
}
