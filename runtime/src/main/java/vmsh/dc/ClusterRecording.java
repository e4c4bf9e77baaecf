package vmsh.dc;

import java.util.List;

/**
 * A cluster's run as a value: how the cluster was built, everything given to it from outside
 * its runs and the runs themselves ({@link ClusterInput}), each at the cluster time and
 * instruction count (over all hosts) it came at, and where it ended. A recording starts
 * with the cluster as built: the VMs made before {@code dc.record()}, the network's
 * settings and every host's state then are its first entries. Replaying it
 * ({@link ClusterReplay}) on a new cluster of {@code config} gives the same consoles and
 * the same {@link Cluster#stateHash}.
 *
 * @param config  how the cluster was built
 * @param entries the log, oldest first
 * @param end     cluster time at its end
 * @param insns   instructions over all hosts at its end
 * @param endHash the whole cluster's hash there
 */
public record ClusterRecording(ClusterConfig config, List<Entry> entries, long end, long insns, String endHash) {
    public ClusterRecording {
        entries = List.copyOf(entries);
        if (end < 0 || insns < 0) throw new IllegalArgumentException("a recording ends at t = " + end + ", instruction " + insns);
    }

    /** {@code input}, given at cluster time {@code at} when the hosts had executed {@code insns} instructions in all. */
    public record Entry(long at, long insns, ClusterInput input) {}
}
