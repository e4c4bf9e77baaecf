package vmsh.debug;

import vmsh.cpu.MarkedRun;

/**
 * What a {@link SteppingHook} steps the run with: {@link #next} executes the instruction
 * its function was just called for and moves the context to the next one, when the engine
 * would have called the hook for that one next; otherwise it returns false and the engine
 * goes on by itself (the function returns then).
 */
public final class InstructionSteps {
    private final HookContext ctx;
    /** The engine's paused run and the hook stepping, while it steps; null outside its call. */
    private MarkedRun run;
    private Hook hook;

    InstructionSteps(HookContext ctx) { this.ctx = ctx; }

    void begin(MarkedRun run, Hook hook) {
        this.run = run;
        this.hook = hook;
    }

    void end() {
        run = null;
        hook = null;
    }

    /**
     * True: the instruction executed, and the context describes the next one, for which the
     * function is to be called now. False: the function is not called again in this turn
     * (the hook asked to stop, was removed, or the engine has something else to do).
     */
    public boolean next() {
        MarkedRun r = run;
        if (r == null || ctx.stopped() || hook.removed() || !r.stepOn()) return false;
        ctx.at(hook, r.pc()).word(r.word());
        return true;
    }
}
