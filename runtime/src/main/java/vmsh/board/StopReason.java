package vmsh.board;

/** Why a run returned. */
public enum StopReason {
    /** the guest ended itself (test finisher, HTIF tohost, SBI shutdown) */
    HALT("halt"),
    /** the instruction budget ran out */
    BUDGET("budget"),
    /** a breakpoint or a hook stopped the run */
    BREAK("break"),
    /** the guest cannot go on: a trap whose handler cannot even be fetched */
    FAULT("fault"),
    /** the user asked it to stop (Ctrl-C, timeout, a trap hook) */
    STOPPED("stopped"),
    /** the hart waits (wfi) for an interrupt nothing can raise: no timer armed (console input may wake it) */
    IDLE("idle");

    public final String label;

    StopReason(String label) { this.label = label; }

    @Override public String toString() { return label; }
}
