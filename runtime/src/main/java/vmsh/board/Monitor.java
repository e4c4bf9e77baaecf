package vmsh.board;

import vmsh.cpu.CodeMarks;

/**
 * A debugger watching a machine's run at the instructions it marks (vmsh.debug.Hooks is
 * one). Before each marked instruction the engine asks {@link #before}, executes the
 * instruction and asks {@link #after}; either may end the run ({@link StopReason#BREAK}
 * with its message). A run that starts on a marked instruction asks too: the monitor
 * itself remembers where it stopped the last run, if it does not want to be asked twice.
 * The calls come from inside the engine's run (see {@link CodeMarks} for what the machine
 * looks like then).
 */
public interface Monitor extends CodeMarks {
    /** The instructions {@link #marked} marks now, as a value (a binary translator keeps it with the VM's state). */
    MarkSet markSet();

    /** The machine's state was replaced (a restore): forget where the last run stopped. */
    default void rewound() { }
}
