package vmsh.shell.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;
import vmsh.shell.ExitCode;

/**
 * Ctrl-C (SIGINT) for a command that ends itself with its own line: the first press calls
 * the command's action (stop the guest, interrupt the script), which then ends with status
 * 130 and says where; a second press, should the first not be heeded, ends the process at
 * once. Without it the JVM would just exit 130, silently.
 */
final class Interrupts implements AutoCloseable {
    private static final Signal INT = new Signal("INT");

    private final SignalHandler previous;
    private volatile boolean pressed;

    private Interrupts(Runnable action) {
        previous = Signal.handle(INT, signal -> {
            if (pressed) Runtime.getRuntime().halt(ExitCode.INTERRUPTED);
            pressed = true;
            action.run();
        });
    }

    /** Calls {@code action} on Ctrl-C until closed. */
    static Interrupts onCtrlC(Runnable action) { return new Interrupts(action); }

    @Override
    public void close() { Signal.handle(INT, previous); }
}
