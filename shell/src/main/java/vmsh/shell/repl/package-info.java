/**
 * The read-eval-print loop: on a terminal with JLine (prompt, history, multi-line entries,
 * completion, Ctrl-C) or piped (no prompt, no echo), dot-commands, and the QEMU/gdb-style
 * monitor commands, which are clients of the JavaScript API of the current target. It
 * imports {@link vmsh.shell.api.Session} and the values it hands out, {@code vmsh.shell},
 * and the runtime's disassembler; never the command line.
 */
package vmsh.shell.repl;
