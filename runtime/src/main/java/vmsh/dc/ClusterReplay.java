package vmsh.dc;

import vmsh.history.History;
import vmsh.history.Replay;

/**
 * Plays a {@link ClusterRecording} on a new cluster built as the recorded one was: gives
 * each entry again at the cluster time and instruction count it was logged at (a replay
 * that is elsewhere then has diverged), then checks that the cluster ends with the
 * recorded {@link Cluster#stateHash}. Consoles fill as they did.
 */
public final class ClusterReplay {
    private ClusterReplay() {}

    /** Replays {@code r} on {@code dc} (new: built from {@code r.config()}, nothing made on it yet); what it came to. */
    public static Replay.Outcome run(Cluster dc, ClusterRecording r) {
        if (!dc.config().equals(r.config())) throw new IllegalArgumentException("the recording is of a cluster built otherwise (" + r.config() + ")");
        String why = dc.unrecordable();
        if (why != null || !dc.ports().isEmpty()) throw new IllegalArgumentException("a recording replays on a new cluster: " + (why == null ? "this one has VMs" : why));
        for (ClusterRecording.Entry e : r.entries()) {
            if (dc.now() != e.at() || dc.instructions() != e.insns())
                throw new Replay.DivergedException("the replay is at t = " + Times.format(dc.now()) + ", instruction " + dc.instructions()
                        + "; the recording's next entry (" + e.input().what() + ") at t = " + Times.format(e.at()) + ", instruction " + e.insns());
            give(dc, e);
        }
        String hash = dc.stateHash();
        boolean there = dc.now() == r.end() && dc.instructions() == r.insns();
        return new Replay.Outcome(there && hash.equals(r.endHash()), dc.instructions(), hash, r.endHash(), null);
    }

    /** Gives entry {@code e} again; what cannot be given has diverged (a run stopped on the way ends the replay as it is). */
    private static void give(Cluster dc, ClusterRecording.Entry e) {
        try {
            e.input().apply(dc);
        } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException x) {
            if (x instanceof Replay.DivergedException || x instanceof History.Interrupted) throw x;
            throw new Replay.DivergedException("the recording's " + e.input().what() + " at t = " + Times.format(e.at()) + " cannot be given again: " + x.getMessage());
        }
    }
}
