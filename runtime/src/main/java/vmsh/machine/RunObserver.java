package vmsh.machine;

/**
 * Pauses a machine's runs at instruction counts of its choosing, between instructions:
 * where a checkpoint is due, or recorded input is to be given again. A run that reaches
 * {@link #nextStop} calls {@link #atStop} and goes on (the observer may have changed the
 * machine in between, as input does).
 */
public interface RunObserver {
    /** The next instruction count (at or after the machine's count now) to pause at, or Long.MAX_VALUE. */
    long nextStop();

    /** The run is at {@link #nextStop}, between instructions. */
    void atStop();
}
