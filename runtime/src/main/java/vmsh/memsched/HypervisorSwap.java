package vmsh.memsched;

import java.util.random.RandomGenerator;
import vmsh.hostmem.PageState;
import vmsh.hostmem.Pmap;

/**
 * Hypervisor swapping: pages taken from a VM behind its back, as a last resort. ESX picks
 * victims at random among the VM's pages (it cannot know which the guest values); so does
 * this, seeded: up to {@link #PROBES} random guesses, then the next private page after a
 * random start, which keeps it fast on sparsely backed VMs.
 */
final class HypervisorSwap {
    static final int PROBES = 32;
    private final RandomGenerator random;
    private long swappedOut;

    HypervisorSwap(RandomGenerator random) { this.random = random; }

    /** A random PRIVATE page of the VM, or -1 when it has none. */
    int victim(Pmap p) {
        if (p.count(PageState.PRIVATE) == 0) return -1;
        for (int i = 0; i < PROBES; i++) {
            int g = random.nextInt(p.pages());
            if (p.state(g) == PageState.PRIVATE) return g;
        }
        int g = p.next(PageState.PRIVATE, random.nextInt(p.pages()));
        return g >= 0 ? g : p.next(PageState.PRIVATE, 0);
    }

    /** Swaps out up to {@code count} random private pages; returns how many went. */
    int swapOut(Pmap p, int count) {
        int done = 0;
        while (done < count) {
            int g = victim(p);
            if (g < 0 || !p.swapOut(g)) break;
            done++;
        }
        swappedOut += done;
        return done;
    }

    long swappedOut() { return swappedOut; }
}
