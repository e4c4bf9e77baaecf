package vmsh.dc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import vmsh.dev.Nic;
import vmsh.history.History;
import vmsh.hv.HvSnapshot;
import vmsh.hv.Hypervisor;
import vmsh.hv.Vm;

/**
 * The whole cluster at one place of its history ({@link ClusterHistory}), to be put back:
 * every host's snapshot with the VMs it holds, every object of the cluster's with its fields
 * as they were ({@link Memento}), and each VM's wiring. {@code start}: taken as run
 * {@code place.run()} began (after the input before it); {@code counts}: each VM's guest
 * instructions by port; {@code bytes}: host memory it holds that the checkpoint before
 * does not share.
 */
record ClusterCheckpoint(ClusterHistory.Place place, boolean start, List<HostState> hosts, List<Memento> objects,
                         List<Wiring> wiring, Map<VmPort, Long> counts, long bytes) {

    /** A host then: its snapshot, its VMs in order, and which of them have a NIC. */
    record HostState(Host host, HvSnapshot snapshot, List<Vm> vms, List<Nic> nics) {}

    /** A VM's wiring then: its controller's stop, its post-copy fetcher, its NIC's wire. */
    record Wiring(Vm vm, long stopAt, Runnable atStop, IntConsumer missing, Nic nic, Nic.Wire wire) {}

    /** The cluster now; {@code before} is the newest checkpoint kept (null: none), for what this one adds to it. */
    static ClusterCheckpoint take(Cluster cluster, ClusterHistory.Place place, boolean start, Map<VmPort, Long> counts,
                                  ClusterCheckpoint before) {
        List<HostState> hosts = new ArrayList<>();
        List<Wiring> wiring = new ArrayList<>();
        for (Host h : cluster.hosts()) {
            Hypervisor hv = h.hypervisor();
            HvSnapshot s = hv.snapshot();
            List<Nic> nics = new ArrayList<>();
            for (Vm v : hv.vms()) {
                Nic nic = nicOf(v);
                nics.add(nic);
                wiring.add(new Wiring(v, v.stopAtInstruction(), v.stopAction(), v.missingPageFetcher(), nic, nic == null ? null : nic.wire()));
            }
            hosts.add(new HostState(h, s, List.copyOf(hv.vms()), nics));
        }
        List<Memento> objects = new ArrayList<>();
        for (Object o : cluster.parts()) objects.add(Memento.of(o));
        ClusterCheckpoint c = new ClusterCheckpoint(place, start, hosts, objects, wiring, counts, 0);
        return c.costing(before);
    }

    /** This checkpoint, its bytes counted against {@code before} (null: all it holds, as the oldest). */
    ClusterCheckpoint costing(ClusterCheckpoint before) {
        long b = 64L * objects.size() + 48L * wiring.size();
        for (int i = 0; i < hosts.size(); i++) {
            HvSnapshot s = hosts.get(i).snapshot(), p = before == null ? null : before.hosts().get(i).snapshot();
            b += s.state().bytesNotIn(p == null ? null : p.state()) + History.newFrameBytes(s.ram(), p == null ? null : p.ram())
                    + History.newFrameBytes(s.swap(), p == null ? null : p.swap());
        }
        return new ClusterCheckpoint(place, start, hosts, objects, wiring, counts, b);
    }

    /** Puts the whole cluster back as it was; a VM a host let go since is made again and stands for the one saved. */
    void restore(Incarnations incarnations) {
        for (HostState hs : hosts) restore(hs, incarnations);
        for (Memento m : objects) m.restore(incarnations::current);
        for (Wiring w : wiring) {
            Vm vm = (Vm) incarnations.current(w.vm());
            vm.stopAt(-1, null);
            if (w.stopAt() >= 0) vm.stopAt(w.stopAt(), w.atStop());
            vm.travelStopAt(-1, null);
            vm.onMissingPage(w.missing());
            if (w.nic() != null) ((Nic) incarnations.current(w.nic())).setWire(w.wire());
        }
    }

    private static void restore(HostState hs, Incarnations incarnations) {
        Hypervisor hv = hs.host().hypervisor();
        List<Vm> have = hv.vms();
        int same = 0;
        while (same < have.size() && same < hs.vms().size() && have.get(same) == incarnations.current(hs.vms().get(same))) same++;
        for (int i = have.size() - 1; i >= same; i--) hv.remove(have.get(i));
        for (int i = same; i < hs.vms().size(); i++) {
            HvSnapshot.VmSpec v = hs.snapshot().vms().get(i);
            Vm made = hv.create(v.name(), v.memoryBytes(), v.technique(), v.shares(), v.minBytes(), v.maxBytes(), v.options());
            incarnations.madeAgain(hs.vms().get(i), made);
            if (hs.nics().get(i) != null) incarnations.madeAgain(hs.nics().get(i), Cluster.plugNic(made));
        }
        hv.restore(hs.snapshot());
    }

    private static Nic nicOf(Vm vm) {
        for (var w : vm.devices().windows()) if (w.device() instanceof Nic n) return n;
        return null;
    }
}
