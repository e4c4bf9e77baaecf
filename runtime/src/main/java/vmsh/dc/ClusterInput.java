package vmsh.dc;

import java.util.Set;
import java.util.TreeSet;
import vmsh.hv.HvSnapshot;
import vmsh.hv.Technique;
import vmsh.hv.VmOptions;

/**
 * What a script gives a cluster from outside its runs, as data a recording keeps and a
 * replay gives again ({@link ClusterRecorder}, {@link ClusterReplay}): the cluster's own
 * calls with their arguments (VMs, clients, hosts and network named by number or
 * address), whatever else changed a host between runs as the host's state, and the runs
 * as they were asked for.
 */
public sealed interface ClusterInput {
    /** Gives this input to {@code dc} again. */
    void apply(Cluster dc);

    /** What this input is, as a script gives it. */
    default String what() {
        return switch (this) {
            case Create c -> "h.create()";
            case Client c -> "dc.client()";
            case Migrate m -> "dc.migrate()";
            case Replicate r -> "dc.replicate()";
            case Fail f -> "h.fail()";
            case FailAt f -> "h.failAt()";
            case Configure c -> "the network's settings";
            case Partition p -> "network.partition()";
            case Heal h -> "network.heal()";
            case StopClient c -> "c.stop()";
            case Witness w -> "dc.witnessSite()";
            case HostState h -> "host h" + h.host() + "'s state changed between runs";
            case Run r -> "dc.run()";
        };
    }

    /** A VM made on host number {@code host} (its NIC and address come with it). */
    record Create(int host, String name, long memoryBytes, Technique technique, VmOptions options) implements ClusterInput {
        @Override public void apply(Cluster dc) { dc.hosts().get(host).create(name, memoryBytes, technique, options); }
    }

    /** A client sending to the VM at address {@code target}. */
    record Client(int target, double rate, long timeout, boolean poisson) implements ClusterInput {
        @Override public void apply(Cluster dc) { dc.client(vmAt(dc, target), rate, timeout, poisson); }
    }

    /** A migration of the VM at address {@code vm} to host number {@code host}. */
    record Migrate(int vm, int host, Migration.Options options) implements ClusterInput {
        @Override public void apply(Cluster dc) { dc.migrate(vmAt(dc, vm), dc.hosts().get(host), options); }
    }

    /** A replication of the VM at address {@code vm} with its backup on host number {@code host}. */
    record Replicate(int vm, int host, long epoch, long detection, long heartbeat) implements ClusterInput {
        @Override public void apply(Cluster dc) { dc.replicate(vmAt(dc, vm), dc.hosts().get(host), epoch, detection, heartbeat); }
    }

    /** Host number {@code host} fails now. */
    record Fail(int host) implements ClusterInput {
        @Override public void apply(Cluster dc) { dc.hosts().get(host).fail(); }
    }

    /** Host number {@code host} is to fail at its hart's instruction {@code at}. */
    record FailAt(int host, long at) implements ClusterInput {
        @Override public void apply(Cluster dc) { dc.hosts().get(host).failAt(at); }
    }

    /** The network's bandwidth, latency and loss from now on. */
    record Configure(NetworkConfig config) implements ClusterInput {
        @Override public void apply(Cluster dc) { dc.network().configure(config); }
    }

    /** A partition between two sets of sites (by number). */
    record Partition(Set<Integer> a, Set<Integer> b) implements ClusterInput {
        public Partition {
            a = java.util.Collections.unmodifiableSet(new TreeSet<>(a));
            b = java.util.Collections.unmodifiableSet(new TreeSet<>(b));
        }

        @Override public void apply(Cluster dc) { dc.network().partition(a, b); }
    }

    /** Every partition ends. */
    record Heal() implements ClusterInput {
        @Override public void apply(Cluster dc) { dc.network().heal(); }
    }

    /** Client number {@code client} generates no more requests. */
    record StopClient(int client) implements ClusterInput {
        @Override public void apply(Cluster dc) { dc.clients().get(client).stop(); }
    }

    /** The witness's site was asked for (it is made on first use). */
    record Witness() implements ClusterInput {
        @Override public void apply(Cluster dc) { dc.witnessSite(); }
    }

    /** Host number {@code host} as whatever changed it between runs left it (console input, memory, registers, images). */
    record HostState(int host, HvSnapshot state) implements ClusterInput {
        @Override public void apply(Cluster dc) { dc.hosts().get(host).hypervisor().restoreWithVms(state); }
    }

    /** A run as it was asked for: {@code cycles} of cluster time, at most {@code insnLimit} instructions. */
    record Run(long cycles, long insnLimit) implements ClusterInput {
        /** Runs again; a run stopped from outside (Ctrl-C, a time limit: never recorded) interrupts a replay. */
        @Override public void apply(Cluster dc) {
            if (dc.run(cycles, insnLimit).reason().equals("stopped"))
                throw new vmsh.history.History.Interrupted("the replay was stopped at t = " + Times.format(dc.now()));
        }
    }

    /** The VM whose address is {@code address} now. */
    private static vmsh.hv.Vm vmAt(Cluster dc, int address) {
        for (VmPort p : dc.ports()) if (p.address() == address) return p.vm();
        throw new IllegalArgumentException("no VM has address " + Address.format(address));
    }

}
