package vmsh.history;

import java.util.ArrayList;
import java.util.List;
import vmsh.hv.HostObserver;
import vmsh.hv.HvSnapshot;
import vmsh.hv.Hypervisor;

/**
 * A host's log: its runs as they were asked for, and the state whatever changed it between
 * runs left, each numbered in order (see {@link HostEvent}). A change is found by comparing
 * the host before a run with the host after the last one: the same saved parts and the
 * same frames (a write to a frame shared with a snapshot copies it first), so anything a
 * script, the REPL or a device's feeder did is caught, whatever it was.
 */
final class HostLog implements HostObserver {
    private final Hypervisor hv;
    private final List<HostEvent> events = new ArrayList<>();
    /** The sequence number of events.get(0). */
    private long first;
    /** The host after the last run (or when the log began, or was told so). */
    private HvSnapshot last;
    private final java.util.function.BooleanSupplier admit;

    /** A log of {@code hv} from now on, taking events while {@code admit} says so. */
    HostLog(Hypervisor hv, java.util.function.BooleanSupplier admit) {
        this.hv = hv;
        this.admit = admit;
        this.last = hv.snapshot();
    }

    List<HostEvent> events() { return List.copyOf(events); }

    int size() { return events.size(); }

    /** The sequence number the next event will have. */
    long end() { return first + events.size(); }

    /** The event numbered {@code seq}, or null. */
    HostEvent get(long seq) {
        long i = seq - first;
        return i >= 0 && i < events.size() ? events.get((int) i) : null;
    }

    /** Forgets the events numbered below {@code seq}. */
    void dropBefore(long seq) {
        int n = (int) Math.min(events.size(), Math.max(0, seq - first));
        events.subList(0, n).clear();
        first += n;
    }

    /** Forgets the events numbered {@code seq} and above. */
    void dropFrom(long seq) {
        int keep = (int) Math.min(events.size(), Math.max(0, seq - first));
        events.subList(keep, events.size()).clear();
    }

    /** Replaces event {@code seq}. */
    void set(long seq, HostEvent e) { events.set((int) (seq - first), e); }

    void clear() {
        first += events.size();
        events.clear();
    }

    /** The host after the last run (or when the log began, or was told so). */
    HvSnapshot last() { return last; }

    /** The host as it is now is what the log has led to (after a trip through time). */
    void synced() { last = hv.snapshot(); }

    /** Logs the changes since the last run, if any, as the state they left. */
    void flush() {
        HvSnapshot now = hv.snapshot();
        if (HostChange.between(last, now)) events.add(new HostEvent.Change(HostEvent.position(hv), now));
        last = now;
    }

    @Override
    public void beforeRun(Run run) {
        if (admit.getAsBoolean()) flush();
    }

    @Override
    public void afterRun(Run run, long end) {
        if (!admit.getAsBoolean()) return;
        int vm = run.vm() == null ? -1 : HostEvent.indexOf(run.vm());
        events.add(new HostEvent.Run(run.at(), end, vm, run.budget(), run.inCycles(), run.time()));
        last = hv.snapshot();
    }
}
