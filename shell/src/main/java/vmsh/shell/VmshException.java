package vmsh.shell;

/** A failure that ends a command with a one-line message on stderr and an exit status. */
public final class VmshException extends RuntimeException {
    private final int exitCode;

    public VmshException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() { return exitCode; }
}
