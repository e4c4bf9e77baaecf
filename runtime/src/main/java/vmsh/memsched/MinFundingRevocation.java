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
 * max, memory is revoked from the VM with the lowest ρ (it pays least per page) until the
 * targets fit; no VM goes below its min. Each step takes from the lowest-ρ VM just enough
 * pages to raise its ρ to the next-lowest VM's, so the result is exact in pages.
 */
public final class MinFundingRevocation {
    /** One VM as the allocator sees it. */
    public record Client(String name, double shares, int min, int max, double activeFraction) {
        public Client {
            if (shares < 0) throw new IllegalArgumentException("VM '" + name + "': shares " + shares + " must not be negative");
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
        int n = clients.size();
        int[] target = new int[n];
        long excess = -available;
        for (int i = 0; i < n; i++) { target[i] = clients.get(i).max(); excess += target[i]; }
        while (excess > 0) {
            int lowest = -1, second = -1;
            for (int i = 0; i < n; i++) {
                if (target[i] <= clients.get(i).min()) continue;
                if (lowest < 0 || rho(clients, target, i, idleTax) < rho(clients, target, lowest, idleTax)) {
                    second = lowest;
                    lowest = i;
                } else if (second < 0 || rho(clients, target, i, idleTax) < rho(clients, target, second, idleTax)) {
                    second = i;
                }
            }
            if (lowest < 0) break;   // everyone at min
            Client c = clients.get(lowest);
            long take = target[lowest] - c.min();
            if (second >= 0) {
                double rhoNext = rho(clients, target, second, idleTax);
                double pagesAtNext = c.shares() / (rhoNext * cost(c.activeFraction(), idleTax));
                take = Math.min(take, Math.max(1, target[lowest] - (long) Math.floor(pagesAtNext)));
            }
            take = Math.min(take, excess);
            target[lowest] -= (int) take;
            excess -= take;
        }
        return target;
    }

    private static double rho(List<Client> clients, int[] target, int i, double idleTax) {
        Client c = clients.get(i);
        return rho(c.shares(), target[i], c.activeFraction(), idleTax);
    }
}
