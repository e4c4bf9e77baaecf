package vmsh.history;

import vmsh.hv.HostObserver;
import vmsh.hv.HvSnapshot;
import vmsh.hv.Hypervisor;

/** Records a host's runs and outside input from now until {@link #stop}, into a {@link HostRecording}. */
public final class HostRecorder implements Tape<HostRecording> {
    private final Hypervisor hv;
    private final HvSnapshot start;
    private final long startAt;
    private final long cuts;
    private final HostLog log;
    private HostRecording result;

    /** Starts recording {@code hv} (between runs), whose runs are cut every {@code cuts} host instructions (0: never). */
    public HostRecorder(Hypervisor hv, long cuts) {
        this.hv = hv;
        this.cuts = cuts;
        this.start = hv.snapshot();
        this.startAt = HostEvent.position(hv);
        this.log = new HostLog(hv, () -> !hv.replaying());
        hv.addObserver(log);
    }

    @Override
    public boolean recording() { return result == null; }

    @Override
    public long length() { return (result == null ? HostEvent.position(hv) : result.end()) - startAt; }

    @Override
    public int events() { return result == null ? log.size() : result.events().size(); }

    @Override
    public HostRecording stop() {
        if (result != null) return result;
        log.flush();   // changes since the last run belong to the end state
        hv.removeObserver(log);
        HvSnapshot end = hv.snapshot();
        result = new HostRecording(start, log.events(), HostEvent.position(hv), end.hash(), cuts);
        return result;
    }

    /** The cuts of a host keeping history ({@link HostHistory#interval}), as a recording's. */
    static final class Cuts implements HostObserver {
        private final Hypervisor hv;
        private final long interval;

        Cuts(Hypervisor hv, long interval) {
            this.hv = hv;
            this.interval = interval;
        }

        @Override public long nextCut() { return (HostEvent.position(hv) / interval + 1) * interval; }
    }
}
