package vmsh.debug;

import java.util.function.Consumer;

/**
 * A hook function that can go on by itself from instruction to instruction: called before
 * one, it calls its function for it and then, while {@link InstructionSteps#next} steps
 * the run to the next instruction, for that one too, without the engine's loop calling it
 * each time. For functions cheaper to call from than into (compiled JavaScript: leaving it
 * for a Java call costs a few nanoseconds, entering it ten or more). The calls, stops and
 * counts are the ones of {@link #accept} called by the engine; {@link Hooks} calls a hook
 * so only when it is the lone instruction hook on the whole address space.
 */
public interface SteppingHook extends Consumer<HookContext> {
    /** Calls the function with {@code ctx}, then again after each {@code steps.next()} that returned true. */
    void callStepping(HookContext ctx, InstructionSteps steps);
}
