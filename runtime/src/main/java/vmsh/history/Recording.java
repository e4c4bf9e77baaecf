package vmsh.history;

import java.util.List;
import vmsh.machine.MachineSnapshot;

/**
 * A machine's run as a value: where it started, the outside input it got on the way, and
 * where it ended. Replaying it ({@link Replay}) gives the same console and the same state.
 *
 * @param start   the state the recording began in
 * @param events  the outside input, oldest first
 * @param end     the instruction count it ended at
 * @param endHash the hash of the whole state there ({@link MachineSnapshot#hash})
 */
public record Recording(MachineSnapshot start, List<InputEvent> events, long end, String endHash) {
    public Recording {
        events = List.copyOf(events);
        long last = start.insns();
        for (InputEvent e : events) {
            if (e.at() < last || e.at() > end)
                throw new IllegalArgumentException("recorded input at instruction " + e.at() + " is out of order (after " + last
                        + ", before the end at " + end + ")");
            last = e.at();
        }
    }

    /** Instructions from the start to the end. */
    public long length() { return end - start.insns(); }
}
