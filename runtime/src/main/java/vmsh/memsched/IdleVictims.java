package vmsh.memsched;

import java.util.List;
import vmsh.state.SeededRandom;

/**
 * Victims by sampled idleness: the VMs furthest above their target first, as ESX, but of a
 * VM's pages first those its activity sampler found idle, pages it watched for a whole
 * sampling period that the guest has not touched since (see
 * {@link ActivitySampler#nextIdlePage()}); random ones only when those run out. The sampler
 * watches {@code samplePages} pages per {@code samplePeriod}, so those two knobs set how many
 * idle pages are known and how long "idle" is.
 */
final class IdleVictims implements VictimChooser {
    private final RandomVictims fallback;

    IdleVictims(SeededRandom random) { this.fallback = new RandomVictims(random); }

    @Override public void save(vmsh.state.StateOut out) { fallback.save(out); }

    @Override public void restore(vmsh.state.StateIn in) { fallback.restore(in); }

    @Override public List<VmMemory> order(List<VmMemory> vms) { return VictimChooser.byExcess(vms); }

    @Override public int page(VmMemory vm) {
        int g = vm.sampler().nextIdlePage();
        return g >= 0 ? g : fallback.page(vm.pmap());
    }
}
