package vmsh.asm;

/**
 * How the host stops a long assembly (millions of lines, a huge .rept): the assembler calls
 * {@link #check} every few thousand lines and statements, and whatever it throws ends the
 * assembly and reaches the caller unchanged.
 */
@FunctionalInterface
public interface Cancellation {
    /** Never stops. */
    Cancellation NONE = () -> {};

    /** Lines and statements between two checks. */
    int INTERVAL = 4096;

    /** Throws to stop the assembly (a deadline passed, Ctrl-C). */
    void check();
}
