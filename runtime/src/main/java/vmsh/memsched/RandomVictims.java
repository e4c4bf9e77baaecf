package vmsh.memsched;

import java.util.List;
import vmsh.state.SeededRandom;
import vmsh.hostmem.PageState;
import vmsh.hostmem.Pmap;

/**
 * ESX's victims: the VMs furthest above their target first, and random pages of theirs,
 * because the hypervisor cannot know which pages the guest values. Seeded: up to
 * {@link #PROBES} random guesses, then the next private page after a random start, which
 * keeps it fast on sparsely backed VMs.
 */
final class RandomVictims implements VictimChooser {
    static final int PROBES = 32;
    private final SeededRandom random;

    RandomVictims(SeededRandom random) { this.random = random; }

    @Override public void save(vmsh.state.StateOut out) { random.save(out); }

    @Override public void restore(vmsh.state.StateIn in) { random.restore(in); }

    @Override public List<VmMemory> order(List<VmMemory> vms) { return VictimChooser.byExcess(vms); }

    @Override public int page(VmMemory vm) { return page(vm.pmap()); }

    /** A random PRIVATE page of the pmap, or -1 when it has none. */
    int page(Pmap p) {
        if (p.count(PageState.PRIVATE) == 0) return -1;
        for (int i = 0; i < PROBES; i++) {
            int g = random.nextInt(p.pages());
            if (p.state(g) == PageState.PRIVATE) return g;
        }
        int g = p.next(PageState.PRIVATE, random.nextInt(p.pages()));
        return g >= 0 ? g : p.next(PageState.PRIVATE, 0);
    }
}
