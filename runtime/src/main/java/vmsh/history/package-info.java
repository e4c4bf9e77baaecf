/**
 * Time travel on a machine: recording its outside input, replaying it, and going back.
 *
 * <p>A machine is deterministic; only outside input makes two runs differ: bytes for its
 * console, and whatever a user, a script, a debugger or a hook changes (registers, CSRs,
 * the privilege, pc, memory, a restore). An {@link vmsh.history.InputLog} records that input with the instruction count
 * it arrived at. A {@link vmsh.history.Recording} is a snapshot plus such a log, and
 * {@link vmsh.history.Replay} plays it again to the same state. A {@link
 * vmsh.history.History} keeps checkpoints (snapshots every so many instructions, memory
 * shared copy-on-write) and the log between them, so any earlier instruction can be
 * reached again: restore the checkpoint before it and replay forward. Reverse stepping,
 * reverse continuing to the previous breakpoint or watchpoint hit, and seeking are built on
 * that.
 *
 * <p>A hypervisor host has the same, over its runs: {@link vmsh.history.HostHistory} keeps host
 * snapshots as checkpoints and the host's log ({@link vmsh.history.HostEvent}: the runs as
 * they were asked for, and the state changes between them left), and takes each VM back in
 * its own guest instructions, those of all its vCPUs (both keep their checkpoints in a {@link
 * vmsh.history.Checkpoints}); {@link vmsh.history.HostRecorder} and {@link
 * vmsh.history.HostReplay} record and replay a host; {@link vmsh.history.HostChange} says
 * whether a host changed between two snapshots (a cluster's recording asks it too). A recording being made is a {@link
 * vmsh.history.Tape} either way, and a replay comes to a {@link vmsh.history.Replay.Outcome}.
 * A debugger goes through either history as a {@link vmsh.history.Timeline}.
 *
 * <p>It sits on the machine and the hypervisor: it may import machine, hv, dev, debug
 * (breakpoints and watchpoints end a reverse continue), board and state; nothing below it
 * knows it is there.
 */
package vmsh.history;
