package vmsh.history;

/**
 * One target's past as a debugger goes through it, counted in the target's own
 * instructions: a machine's ({@link History}) or a VM's on a host keeping history
 * ({@link HostHistory#timeline}).
 */
public interface Timeline {
    /** The instruction the target is at. */
    long now();

    /** The oldest instruction that can be reached again. */
    long oldest();

    /** Goes back {@code n} instructions. */
    void reverseStep(long n);

    /** Goes to instruction {@code insn}, between the oldest point and the present. */
    void seek(long insn);

    /** Goes back to the last breakpoint or watchpoint hit before now, or to the oldest point. */
    History.Arrival reverseContinue();
}
