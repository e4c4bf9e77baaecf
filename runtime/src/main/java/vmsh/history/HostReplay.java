package vmsh.history;

import vmsh.hv.Hypervisor;

/**
 * Plays a {@link HostRecording} on a host with the recording's VMs: restores its start, gives
 * each logged change and runs each logged run again as it was asked for (cut where it was),
 * then checks that the host ends with the recorded hash. Consoles print as they did; hooks
 * keep quiet and breakpoints do not stop it. A host keeping history must not watch it (the
 * caller starts that history again afterwards).
 */
public final class HostReplay {
    private HostReplay() {}

    /** Replays {@code r} on {@code hv} (whose state it replaces): what it came to, {@link Replay.Outcome#last} null. */
    public static Replay.Outcome run(Hypervisor hv, HostRecording r) {
        String misfit = hv.misfit(r.start());
        if (misfit != null) throw new IllegalArgumentException("the recording is of another host: " + misfit);
        HostRecorder.Cuts cuts = r.cuts() > 0 ? new HostRecorder.Cuts(hv, r.cuts()) : null;
        hv.restore(r.start());
        long start = HostEvent.position(hv);
        if (cuts != null) hv.addObserver(cuts);
        hv.setReplaying(true, null);
        try {
            for (HostEvent e : r.events()) {
                if (HostEvent.position(hv) != e.at())
                    throw new Replay.DivergedException("the replay is at host instruction " + HostEvent.position(hv)
                            + ", the recording's next entry at " + e.at());
                if (e instanceof HostEvent.Change c) c.apply(hv);
                else if (e instanceof HostEvent.Run run) run.resume(hv, run.end());
            }
        } finally {
            hv.setReplaying(false, null);
            if (cuts != null) hv.removeObserver(cuts);
        }
        String hash = hv.stateHash();
        long end = HostEvent.position(hv);
        return new Replay.Outcome(hash.equals(r.endHash()) && end == r.end(), end - start, hash, r.endHash(), null);
    }
}
