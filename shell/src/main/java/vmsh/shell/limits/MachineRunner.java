package vmsh.shell.limits;

import java.util.function.LongFunction;
import vmsh.machine.Machine;
import vmsh.machine.RunResult;
import vmsh.machine.StopReason;

/** A run of a bare machine for at most its own budget of instructions ({@link RunLimits#UNLIMITED}: until it stops). */
public final class MachineRunner implements Runner<RunResult> {
    private final Machine machine;
    private final LongFunction<RunResult> run;
    private final long budget;
    private volatile long startInsns;

    /** {@code run} is how the machine runs: {@link Machine#run}, or through its hooks. */
    public MachineRunner(Machine machine, LongFunction<RunResult> run, long budget) {
        this.machine = machine;
        this.run = run;
        this.budget = budget;
    }

    /** A plain run of {@code machine}, without hooks. */
    public MachineRunner(Machine machine, long budget) {
        this(machine, machine::run, budget);
    }

    @Override
    public RunResult run(long insnLimit) {
        startInsns = machine.instructions();
        return run.apply(Math.min(budget, insnLimit));
    }

    @Override
    public long insns(RunResult r) { return r.insns(); }

    @Override
    public boolean unfinished(RunResult r) { return r.reason() == StopReason.BUDGET && r.insns() < budget; }

    @Override
    public void requestStop() { machine.requestStop(); }

    @Override
    public void clearStopRequest() { machine.clearStopRequest(); }

    @Override
    public String where() { return String.format("at guest pc 0x%08x", machine.pc()); }

    @Override
    public long progress() { return machine.instructions() - startInsns; }

    @Override
    public long budget() { return budget; }
}
