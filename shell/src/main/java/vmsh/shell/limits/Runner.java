package vmsh.shell.limits;

/**
 * One guest run as {@link RunLimits} drives it: a bare machine, one VM, or every VM of
 * the host. The runner carries the run's own budget (what the user asked for); the limits
 * add the instructions left of the whole session's budget and the stops from outside.
 *
 * @param <R> what a run returns
 */
public interface Runner<R> {
    /**
     * Runs until the guest stops by its own measure (halt, fault, breakpoint, its budget
     * spent), or {@code insnLimit} instructions have run, or a stop is requested.
     */
    R run(long insnLimit);

    /** Instructions {@code result} executed. */
    long insns(R result);

    /** True when {@code result} ended before the guest's own ending: it would have gone on. */
    boolean unfinished(R result);

    /** Asks the run in progress (or the next one, if none is) to return soon; any thread. */
    void requestStop();

    /** Forgets a stop asked for after the last run ended. */
    void clearStopRequest();

    /** Where the guest is, for a message: "at guest pc 0x80000010", "in VM 'a' at guest pc ...". */
    String where();

    /** How far the run in progress is, in {@link #unit}s; read by the progress bar from another thread. */
    long progress();

    /** The run's own budget in {@link #unit}s, Long.MAX_VALUE when it has none. */
    long budget();

    /** "instructions" or "cycles". */
    default String unit() { return "instructions"; }

    /** The most instructions this run may execute by its own budget (none: Long.MAX_VALUE). */
    default long maxInsns() { return unit().equals("instructions") ? budget() : Long.MAX_VALUE; }
}
