package vmsh.history;

import vmsh.hv.HvSnapshot;
import vmsh.hv.Hypervisor;
import vmsh.hv.Vm;

/**
 * One entry of a host's log, at the host instruction count {@link #at} where it began. A
 * host's runs are logged as they were asked for (a run of every VM round robin or of one
 * VM alone, with its budget): the same runs of the same state give the same future, and a
 * run cut short elsewhere would schedule the VMs differently. Whatever changed the host
 * between runs (console input typed into a VM, a packet injected, a register or memory
 * written, an image loaded) is logged as the state it left.
 */
public sealed interface HostEvent {
    long at();

    /**
     * A run from {@code at} to {@code end} host instructions.
     *
     * @param vm       the index of the VM it ran alone, or -1 for every VM round robin
     * @param budget   its budget: instructions, or cycles with {@code inCycles}
     * @param time     host time (cycles) when it began
     */
    record Run(long at, long end, int vm, long budget, boolean inCycles, long time) implements HostEvent {
        /**
         * Runs the rest of this run on {@code hv}, which is at an instruction count in
         * [at, end], to {@code to} at most: the run as it went, cut there.
         */
        void resume(Hypervisor hv, long to) {
            long now = position(hv), limit = Math.min(end, to) - now;
            if (limit <= 0) return;
            if (vm < 0) {
                long left = inCycles ? budget - (hv.now() - time) : budget - (now - at);
                hv.run(Math.max(0, left), inCycles, limit);
            } else {
                hv.vms().get(vm).run(limit);
            }
        }
    }

    /** The host's state after changes made between runs. */
    record Change(long at, HvSnapshot state) implements HostEvent {
        void apply(Hypervisor hv) { hv.restoreWithVms(state); }
    }

    /** The host's instruction count: instructions its hart executed, over all VMs (a binary translator's own left out). */
    static long position(Hypervisor hv) { return hv.executed(); }

    /** The index of {@code vm} on its host. */
    static int indexOf(Vm vm) { return vm.hypervisor().vms().indexOf(vm); }
}
