/**
 * The debuggable target: what a bare machine and a VM's vCPU both are to a debugger
 * ({@link vmsh.board.Target}), with the values a run and a debugger exchange: why a run
 * stopped ({@link vmsh.board.StopReason}, {@link vmsh.board.RunResult}), a trap taken
 * ({@link vmsh.board.TrapEvent}) and the monitor that watches marked instructions
 * ({@link vmsh.board.Monitor}), which instructions it marks as a value ({@link vmsh.board.MarkSet}). vmsh.machine and vmsh.hv implement it; vmsh.debug's
 * hooks and the shell's hook API are written against it, once.
 */
package vmsh.board;
