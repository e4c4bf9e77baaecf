/**
 * The gdb port: a TCP listener on the loopback interface that hands one gdb connection at
 * a time to the runtime's stub ({@link vmsh.gdb.GdbStub}). The protocol is the runtime's;
 * only the socket is here.
 */
package vmsh.shell.gdb;
