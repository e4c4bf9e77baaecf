package vmsh.memsched;

/**
 * Hypervisor swapping: pages taken from a VM behind its back, as a last resort, the pages
 * the victim chooser picks. Counts what it swapped.
 */
final class HypervisorSwap implements vmsh.state.Stateful {
    private final VictimChooser victims;
    private long swappedOut;

    HypervisorSwap(VictimChooser victims) { this.victims = victims; }

    VictimChooser victims() { return victims; }

    /** Swaps out up to {@code count} of the VM's pages; returns how many went. */
    int swapOut(VmMemory vm, int count) {
        int done = 0;
        while (done < count) {
            int g = victims.page(vm);
            if (g < 0 || !vm.pmap().swapOut(g)) break;
            done++;
        }
        swappedOut += done;
        return done;
    }

    long swappedOut() { return swappedOut; }

    @Override
    public void save(vmsh.state.StateOut out) { out.putLong(swappedOut).section("victims", victims); }

    @Override
    public void restore(vmsh.state.StateIn in) {
        swappedOut = in.getLong();
        in.section("victims", victims);
    }
}
