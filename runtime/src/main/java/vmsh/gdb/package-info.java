/**
 * A GDB remote stub: gdb (gdb-multiarch, {@code target remote}) debugs a target through
 * the GDB Remote Serial Protocol.
 *
 * <p>Three layers, each a file: {@link vmsh.gdb.PacketChannel} frames packets on a pair of
 * streams ({@code $body#checksum}, acknowledgements, the Ctrl-C byte) with {@link
 * vmsh.gdb.Packets}' encodings; {@link vmsh.gdb.GdbStub} answers the packets (registers
 * with a {@link vmsh.gdb.TargetDescription}, memory, breakpoints and watchpoints, stepping,
 * continuing, reverse execution, {@code monitor}); it knows its target only as a {@link
 * vmsh.gdb.DebugTarget}, which {@link vmsh.gdb.BoardTarget} implements once over the
 * board's {@link vmsh.board.Target}: a bare machine, or a VM's vCPU with the guest's view
 * (guest-virtual addresses, its own CSRs). Sockets are not here: the shell listens and
 * hands the connection's streams to the stub.
 */
package vmsh.gdb;
