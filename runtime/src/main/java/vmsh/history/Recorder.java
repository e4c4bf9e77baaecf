package vmsh.history;

import vmsh.machine.Machine;
import vmsh.machine.MachineSnapshot;

/** Records a machine's outside input from now until {@link #stop}, into a {@link Recording}. */
public final class Recorder {
    private final Machine machine;
    private final MachineSnapshot start;
    private final InputLog log;
    private Recording result;

    /** Starts recording {@code machine} (between runs). */
    public Recorder(Machine machine) {
        this.machine = machine;
        this.start = machine.snapshot();
        this.log = new InputLog(machine);
        machine.addInputObserver(log);
    }

    public boolean recording() { return result == null; }

    /** Instructions recorded so far. */
    public long length() { return (result == null ? machine.instructions() : result.end()) - start.insns(); }

    /** Events recorded so far. */
    public int events() { return result == null ? log.events().size() : result.events().size(); }

    /** Ends the recording (again: the same recording). */
    public Recording stop() {
        if (result != null) return result;
        log.flush();   // changes since the last run belong to the end state
        machine.removeInputObserver(log);
        result = new Recording(start, log.events(), machine.instructions(), machine.snapshot().hash());
        return result;
    }
}
