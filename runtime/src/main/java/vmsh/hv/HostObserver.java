package vmsh.hv;

/**
 * Watches a host's runs for time travel (vmsh.history): told when each run starts and ends,
 * and may cut runs at host instruction counts of its choosing (where it keeps a checkpoint).
 * A cut ends the run's round there and starts the next one, as a run that ended at that
 * count and a run after it would: the same cuts give the same future, so a host keeps them
 * at fixed counts whoever runs it.
 */
public interface HostObserver {
    /**
     * One call of {@link Hypervisor#run} (vm null) or of {@link Hypervisor#runOnly} (one VM):
     * what it was asked for and where it began.
     *
     * @param vm     the VM it runs alone, or null for every VM round robin
     * @param budget its budget (instructions, or cycles with {@code inCycles})
     * @param at     the host's instruction count when it began
     * @param time   host time (cycles) when it began
     */
    record Run(Vm vm, long budget, boolean inCycles, long at, long time) {}

    /** A run is about to start (the host between runs: it may be looked at or changed). */
    default void beforeRun(Run run) { }

    /** The host instruction count the run should be cut at next (at or after now), or Long.MAX_VALUE. */
    default long nextCut() { return Long.MAX_VALUE; }

    /** The run is cut at {@link #nextCut} and goes on: the host is between rounds, as between runs. */
    default void atCut() { }

    /** The run ended at {@code end} host instructions. */
    default void afterRun(Run run, long end) { }
}
