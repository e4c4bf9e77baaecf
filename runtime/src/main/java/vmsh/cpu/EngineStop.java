package vmsh.cpu;

/**
 * Why the engine's last run ended before its budget, as one value: what the machine or the
 * hypervisor running it reads after each chunk ({@link Engine#stop}), instead of a flag per
 * reason.
 *
 * @param kind    what stopped it
 * @param message the monitor's message (MARK), the fault (FAULT) or why a wfi cannot wait (IDLE); else null
 */
public record EngineStop(Kind kind, String message) {
    /** The kinds, in the order a run reports them when several came at once. */
    public enum Kind {
        /** the marks' debugger (hooks) stopped the run before or after an instruction */
        MARK,
        /** a device asked the run to end (test finisher, HTIF tohost) */
        HALT,
        /** a trap whose handler cannot be fetched: the hart cannot go on */
        FAULT,
        /** the run stopped before an instruction at a breakpoint */
        BREAKPOINT,
        /** a wfi that nothing can ever wake */
        IDLE
    }

    static final EngineStop HALTED = new EngineStop(Kind.HALT, null), AT_BREAKPOINT = new EngineStop(Kind.BREAKPOINT, null);

    public boolean is(Kind k) { return kind == k; }
}
