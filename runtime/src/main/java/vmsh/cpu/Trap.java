package vmsh.cpu;

/**
 * A synchronous exception raised while executing an instruction. It unwinds to the
 * engine, which enters the trap handler; it carries no stack trace, so guests that trap
 * often stay fast.
 */
public final class Trap extends RuntimeException {
    public final int cause;
    public final int tval;

    public Trap(int cause, int tval) {
        super(null, null, false, false);
        this.cause = cause;
        this.tval = tval;
    }

    @Override public String getMessage() {
        return Cause.name(cause) + String.format(" (tval 0x%08x)", tval);
    }
}
