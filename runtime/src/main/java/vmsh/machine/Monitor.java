package vmsh.machine;

import vmsh.cpu.CodeMarks;

/**
 * A debugger watching a machine's run at the instructions it marks (vmsh.debug.Hooks is
 * one). The run stops before each marked instruction, asks {@link #before}, executes the
 * instruction and asks {@link #after}; either may end the run ({@link StopReason#BREAK}
 * with its message). A run that starts on a marked instruction asks too: the monitor
 * itself remembers where it stopped the last run, if it does not want to be asked twice.
 */
public interface Monitor extends CodeMarks {
    /** Before the marked instruction at {@code pc}: null to execute it, or why the run stops. */
    String before(int pc);

    /** After the marked instruction at {@code pc} executed (or trapped): null, or why the run stops. */
    String after(int pc);
}
