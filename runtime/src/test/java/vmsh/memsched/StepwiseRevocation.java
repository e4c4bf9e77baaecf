package vmsh.memsched;

import java.util.List;
import vmsh.memsched.MinFundingRevocation.Client;

/**
 * The first min-funding revocation, kept as the test oracle of {@link MinFundingRevocation}:
 * each step scans every VM for the lowest and second-lowest ρ and takes from the lowest just
 * enough pages to raise its ρ to the second's (at least one). O(n) per step, and with many
 * equal VMs one page per step.
 */
final class StepwiseRevocation {
    private StepwiseRevocation() {}

    static int[] targets(List<Client> clients, long available, double idleTax) {
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
                double pagesAtNext = c.shares() / (rhoNext * MinFundingRevocation.cost(c.activeFraction(), idleTax));
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
        return MinFundingRevocation.rho(c.shares(), target[i], c.activeFraction(), idleTax);
    }
}
