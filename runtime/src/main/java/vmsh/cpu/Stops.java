package vmsh.cpu;

/**
 * Why the engine's current run ends early, as its parts note it (read from outside as one
 * {@link EngineStop}): a device asked to halt, a
 * device store or an idle wfi ends the chunk (so interrupts are looked at again), a
 * breakpoint, a debugger's stop, a trap handler that cannot be fetched, a wfi nothing can
 * wake.
 */
final class Stops {
    /** A device asked the run to end after the current instruction (finisher, tohost). */
    boolean haltRequested;
    /** The current chunk ends after this instruction. */
    boolean endChunk;
    /** The last run stopped before an instruction at a breakpoint. */
    boolean atBreakpoint;
    /** Why the hart cannot go on (a trap handler that cannot be fetched), or null. */
    String fault;
    /** Why a wfi could not wait (no interrupt can ever wake it), or null. */
    String idleStop;
    /** Why the marks' debugger stopped the last run, or null. */
    String markStop;

    /** The stop to report, as one value (null: none), in the order of {@link EngineStop.Kind}. */
    EngineStop reason() {
        if (markStop != null) return new EngineStop(EngineStop.Kind.MARK, markStop);
        if (haltRequested) return EngineStop.HALTED;
        if (fault != null) return new EngineStop(EngineStop.Kind.FAULT, fault);
        if (atBreakpoint) return EngineStop.AT_BREAKPOINT;
        if (idleStop != null) return new EngineStop(EngineStop.Kind.IDLE, idleStop);
        return null;
    }

    /** No stop pending (after a snapshot is restored). */
    void clear() {
        haltRequested = atBreakpoint = endChunk = false;
        fault = idleStop = markStop = null;
    }
}
