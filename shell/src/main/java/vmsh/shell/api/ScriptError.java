package vmsh.shell.api;

import vmsh.shell.ExitCode;

/**
 * A script failed or was stopped; the message is one clean line naming the script position,
 * {@code file.js:3:5: TypeError: ...}, with no Java frames, and the exit code says which
 * kind of ending it was ({@link ExitCode}).
 */
public final class ScriptError extends RuntimeException {
    private final int exitCode;
    private final boolean exited;

    public ScriptError(String message, int exitCode) {
        this(message, exitCode, false);
    }

    /** {@code exited}: the script called exit(code); the message is then empty. */
    public ScriptError(String message, int exitCode, boolean exited) {
        super(message);
        this.exitCode = exitCode;
        this.exited = exited;
    }

    public int exitCode() { return exitCode; }

    /** True when the script ended itself with exit(code): nothing to report, the session is over. */
    public boolean exited() { return exited; }

    /** True when the user stopped the evaluation (Ctrl-C) rather than the script failing. */
    public boolean interrupted() { return exitCode == ExitCode.INTERRUPTED; }
}
