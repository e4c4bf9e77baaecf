package vmsh.shell.limits;

import vmsh.dc.Cluster;
import vmsh.dc.ClusterRecording;
import vmsh.dc.ClusterReplay;
import vmsh.dc.Times;
import vmsh.history.History;
import vmsh.history.Replay;

/**
 * A cluster's recording played again on a new cluster ({@link ClusterReplay}) as {@link
 * RunLimits} drives it: Ctrl-C and the deadline stop it on the way (then it returns null),
 * and the session's instruction budget is not charged (those instructions ran once already).
 */
public final class ClusterReplayRunner implements Runner<Replay.Outcome> {
    private final Cluster cluster;
    private final ClusterRecording recording;

    public ClusterReplayRunner(Cluster cluster, ClusterRecording recording) {
        this.cluster = cluster;
        this.recording = recording;
    }

    @Override
    public Replay.Outcome run(long insnLimit) {
        try {
            return ClusterReplay.run(cluster, recording);
        } catch (History.Interrupted e) {
            return null;
        }
    }

    @Override public long insns(Replay.Outcome o) { return 0; }

    @Override public boolean unfinished(Replay.Outcome o) { return false; }

    @Override public void requestStop() { cluster.requestStop(); }

    @Override public void clearStopRequest() { cluster.clearStopRequest(); }

    @Override public String where() { return "in the cluster at t = " + Times.format(cluster.now()); }

    @Override public long progress() { return cluster.now(); }

    @Override public long budget() { return recording.end(); }

    @Override public String unit() { return "cycles"; }
}
