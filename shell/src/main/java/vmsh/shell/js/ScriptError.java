package vmsh.shell.js;

/**
 * A script failed; the message is one clean line naming the script position,
 * {@code file.js:3:5: TypeError: ...}, with no Java frames.
 */
public final class ScriptError extends RuntimeException {
    private final boolean interrupted;

    public ScriptError(String message, boolean interrupted) {
        super(message);
        this.interrupted = interrupted;
    }

    /** True when the user stopped the evaluation (Ctrl-C) rather than the script failing. */
    public boolean interrupted() { return interrupted; }
}
