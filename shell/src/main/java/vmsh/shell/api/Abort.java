package vmsh.shell.api;

/**
 * Ends a whole script from inside the API (an instruction budget or time limit ran out):
 * it passes through the API's guard and becomes a {@link ScriptError} with this exit code.
 */
final class Abort extends RuntimeException {
    final int exitCode;

    Abort(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }
}
