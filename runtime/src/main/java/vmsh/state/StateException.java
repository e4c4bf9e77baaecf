package vmsh.state;

/** Saved state that cannot be read back: truncated, from another layout, or out of range. */
public final class StateException extends IllegalArgumentException {
    public StateException(String message) { super(message); }
}
