/**
 * The shell's common vocabulary, the bottom layer of the shell: exit codes, the streams a
 * command uses ({@link vmsh.shell.Io}), one-line failures, sizes, the version, and reading a
 * guest from a file. It imports only the runtime; every other shell package may import it.
 */
package vmsh.shell;
