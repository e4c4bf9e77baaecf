/**
 * The limits of a session over all its guest runs, in one place: an instruction budget
 * across every run, a wall-clock deadline, Ctrl-C and the progress bar ({@link
 * vmsh.shell.limits.RunLimits}), and one {@link vmsh.shell.limits.Runner} per kind of run
 * (a bare machine, one VM, every VM of the host). Scripts, the REPL and {@code vmsh boot}
 * all run guests through it. It imports the runtime and {@code vmsh.shell}, nothing of
 * JavaScript, so that it can move down into the runtime's board.
 */
package vmsh.shell.limits;
