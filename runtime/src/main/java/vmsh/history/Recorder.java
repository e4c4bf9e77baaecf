package vmsh.history;

import vmsh.machine.Machine;
import vmsh.machine.MachineSnapshot;

/** Records a machine's outside input from now until {@link #stop}, into a {@link Recording}. */
public final class Recorder implements Tape<Recording> {
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

    @Override
    public boolean recording() { return result == null; }

    @Override
    public long length() { return (result == null ? machine.instructions() : result.end()) - start.insns(); }

    @Override
    public int events() { return result == null ? log.events().size() : result.events().size(); }

    @Override
    public Recording stop() {
        if (result != null) return result;
        log.flush();   // changes since the last run belong to the end state
        machine.removeInputObserver(log);
        result = new Recording(start, log.events(), machine.instructions(), machine.snapshot().hash());
        return result;
    }
}
