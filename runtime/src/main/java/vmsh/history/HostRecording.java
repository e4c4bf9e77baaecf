package vmsh.history;

import java.util.List;
import vmsh.hv.HvSnapshot;

/**
 * A host's run as a value: where it started, its log on the way ({@link HostEvent}: the
 * runs as they were asked for and the changes between them), and where it ended. Replaying
 * it ({@link HostReplay}) gives the same consoles and the same state hash.
 *
 * @param start   the host the recording began with
 * @param events  the log, oldest first
 * @param end     the host instruction count it ended at
 * @param endHash the hash of the whole host there ({@link HvSnapshot#hash})
 * @param cuts    the host instructions its runs were cut at every multiple of (a host keeping
 *                history cuts them where it keeps checkpoints), or 0 for none
 */
public record HostRecording(HvSnapshot start, List<HostEvent> events, long end, String endHash, long cuts) {
    public HostRecording {
        events = List.copyOf(events);
        if (cuts < 0) throw new IllegalArgumentException("recorded cut interval " + cuts + " is negative");
    }

    /** Host instructions from the start to the end. */
    public long length() { return end - startPosition(); }

    /** The host instruction count it began at. */
    public long startPosition() { return events.isEmpty() ? end : events.get(0).at(); }
}
