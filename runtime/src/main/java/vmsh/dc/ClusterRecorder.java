package vmsh.dc;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import vmsh.history.HostChange;
import vmsh.history.Tape;
import vmsh.hv.HvSnapshot;
import vmsh.hv.Hypervisor;

/**
 * Records a cluster from before its first run until {@link #stop}, into a {@link
 * ClusterRecording}: first the cluster as it is (its VMs as made, the network's settings,
 * every host's state), then each call the cluster gets from outside its runs, each run as
 * it was asked for, and, before each of them, the state of every host that something
 * else changed (console input, memory or registers written, an image loaded). What cannot
 * be given again gives the recording up, saying why: a run stopped from outside (Ctrl-C,
 * a time limit), a host run alone, a call made from inside a run.
 */
public final class ClusterRecorder implements Tape<ClusterRecording> {
    private final Cluster cluster;
    private final List<ClusterRecording.Entry> entries = new ArrayList<>();
    /** Each host after the last entry: a change since is input. */
    private final HvSnapshot[] last;
    /** Each host's instruction count after the last entry: more is a run outside the cluster's. */
    private final long[] executed;
    private String givenUp;
    private ClusterRecording result;

    /** Starts recording {@code cluster}, which has not run yet (see {@link Cluster#record}). */
    ClusterRecorder(Cluster cluster) {
        this.cluster = cluster;
        int n = cluster.hosts().size();
        last = new HvSnapshot[n];
        executed = new long[n];
        for (VmPort p : cluster.ports()) entries.add(new ClusterRecording.Entry(0, 0, made(p)));
        entries.add(new ClusterRecording.Entry(0, 0, new ClusterInput.Configure(cluster.network().config())));
        for (int[] cut : cluster.network().cuts())
            entries.add(new ClusterRecording.Entry(0, 0, new ClusterInput.Partition(Set.of(cut[0]), Set.of(cut[1]))));
        long insns = 0;   // where a replay is as it gives each host its state: the hosts before it have theirs
        for (int i = 0; i < n; i++) {
            Hypervisor hv = cluster.hosts().get(i).hypervisor();
            last[i] = hv.snapshot();
            executed[i] = hv.executed();
            entries.add(new ClusterRecording.Entry(0, insns, new ClusterInput.HostState(i, last[i])));
            insns += executed[i];
        }
    }

    /** How {@code p}'s VM was made. */
    private ClusterInput made(VmPort p) {
        Hypervisor hv = p.host().hypervisor();
        HvSnapshot.VmSpec s = hv.snapshot().vms().get(hv.vms().indexOf(p.vm()));
        return new ClusterInput.Create(cluster.hosts().indexOf(p.host()), s.name(), s.memoryBytes(), s.technique(), s.options());
    }

    @Override public boolean recording() { return result == null && givenUp == null; }

    @Override public long length() { return result == null ? cluster.instructions() : result.insns(); }

    @Override public int events() { return entries.size(); }

    /** Why the recording was given up, or null. */
    public String givenUp() { return givenUp; }

    /** Gives {@code in} (by {@code op}) and logs it, after the hosts' changes before it. */
    <T> T input(ClusterInput in, Supplier<T> op) {
        flush();
        long at = cluster.now(), insns = cluster.instructions();
        T t = op.get();
        entries.add(new ClusterRecording.Entry(at, insns, in));
        synced();
        return t;
    }

    /** The recording cannot go on: it ends, and says {@code why} when asked for. */
    void giveUp(String why) {
        if (givenUp == null && result == null) givenUp = why;
        cluster.recordingEnded(this);
    }

    /** Logs the state of each host something changed since the last entry. */
    private void flush() {
        List<Host> hosts = cluster.hosts();
        for (int i = 0; i < hosts.size(); i++) {
            Hypervisor hv = hosts.get(i).hypervisor();
            if (hv.executed() != executed[i]) {
                giveUp("host " + hosts.get(i).name() + " ran outside dc.run() (a VM or host run alone): its VMs' packets went out "
                        + "at no cluster time, which a replay cannot give again");
                return;
            }
            HvSnapshot now = hv.snapshot();
            if (HostChange.between(last[i], now))
                entries.add(new ClusterRecording.Entry(cluster.now(), cluster.instructions(), new ClusterInput.HostState(i, now)));
            last[i] = now;
        }
    }

    /** The hosts as they are now are what the log leads to. */
    private void synced() {
        List<Host> hosts = cluster.hosts();
        for (int i = 0; i < hosts.size(); i++) {
            last[i] = hosts.get(i).hypervisor().snapshot();
            executed[i] = hosts.get(i).hypervisor().executed();
        }
    }

    /** Ends the recording (again: the same one); a recording given up says why. */
    @Override
    public ClusterRecording stop() {
        if (givenUp != null) throw new IllegalStateException("the recording was given up: " + givenUp);
        if (result != null) return result;
        flush();
        if (givenUp != null) throw new IllegalStateException("the recording was given up: " + givenUp);
        cluster.recordingEnded(this);
        result = new ClusterRecording(cluster.config(), entries, cluster.now(), cluster.instructions(), cluster.stateHash());
        return result;
    }

}
