package vmsh.cpu;

/**
 * The engine's run, paused inside {@link CodeMarks#before} of a marked instruction, for a
 * debugger that steps on by itself: a hook on every instruction whose caller is cheaper to
 * call into than out of (compiled JavaScript) loops "hook, step" without returning to the
 * engine between instructions. Each step is exactly what the engine would do next: it
 * executes the instruction and, where the engine would call the same debugger for the next
 * one, stops before it; where the engine would do anything else (a breakpoint, the end of
 * the chunk, a trap, a machine the hook changed), the step hands over and the engine goes on
 * from there once {@code before} returns.
 */
public interface MarkedRun {
    /**
     * Executes the instruction {@code before} was last called for (at {@link #pc}), unless
     * the debugger changed the machine beyond registers and RAM since, and moves to the next
     * one if it is marked for the same debugger and the chunk goes on. True: that one is now
     * the instruction (its pc and word here, the hart's pc and clock brought up to date), and
     * the debugger does its {@code before} work for it. False: the debugger returns from
     * {@code before} (the instruction may or may not have executed: the engine knows).
     */
    boolean stepOn();

    /** The instruction's address. */
    int pc();

    /** The instruction word at {@link #pc}. */
    int word();
}
