package vmsh.cpu;

/**
 * The process's warm-up before translating: the guest instructions that engines waiting to
 * translate have run, counted across every engine in the process. A process that runs few
 * guest instructions (a short script, a boot to a prompt, a script of many short guest runs)
 * never translates: translating and HotSpot compiling the blocks would cost it more CPU than
 * the blocks save. Translation starts once the process has run about as many instructions
 * as it takes translated code to pay for itself in a fresh process (see README, "The
 * translator").
 *
 * <p>Not synchronized on purpose: engines on several threads may lose a count now and then,
 * which only delays translation; no result depends on when it starts.
 */
final class WarmUp {
    private static long instructions;

    private WarmUp() {}

    /** Counts {@code n} instructions run by an engine waiting to translate; returns the process's count. */
    static long count(int n) { return instructions += n; }

    /** The instructions counted so far. */
    static long instructions() { return instructions; }
}
