package vmsh.shell.limits;

import vmsh.history.History;
import vmsh.board.Target;

/**
 * A trip through a machine's or a VM's history (a reverse step, a reverse continue, a seek,
 * a replay) as {@link RunLimits} drives it: Ctrl-C and the deadline stop the
 * re-execution on the way, and the session's instruction budget is not charged (those
 * instructions ran once already).
 */
public final class TravelRunner implements Runner<Boolean> {
    private final Target target;
    private final Runnable trip, stop, clearStop;
    private final long start;

    /** {@code trip} moves {@code target} (a machine, a VM's vCPU) in time; it throws {@link History.Interrupted} when stopped. */
    public TravelRunner(Target target, Runnable trip) { this(target, trip, target::requestStop, target::clearStopRequest); }

    /** The same, where {@code stop} asks what runs the past again to stop (a cluster's run: all of it) and {@code clearStop} forgets it. */
    public TravelRunner(Target target, Runnable trip, Runnable stop, Runnable clearStop) {
        this.target = target;
        this.trip = trip;
        this.stop = stop;
        this.clearStop = clearStop;
        this.start = target.instructions();
    }

    /** Makes the trip; false when a stop (Ctrl-C, the deadline) interrupted it on the way. */
    @Override
    public Boolean run(long insnLimit) {
        try {
            trip.run();
            return true;
        } catch (History.Interrupted e) {
            return false;
        }
    }

    @Override
    public long insns(Boolean arrived) { return 0; }

    @Override
    public boolean unfinished(Boolean arrived) { return false; }

    @Override
    public void requestStop() { stop.run(); }

    @Override
    public void clearStopRequest() { clearStop.run(); }

    @Override
    public String where() { return String.format("at guest pc 0x%08x", target.pc()); }

    @Override
    public long progress() { return Math.abs(target.instructions() - start); }

    @Override
    public long budget() { return Long.MAX_VALUE; }
}
