/**
 * The command line, the top layer: {@link vmsh.shell.cli.Main}, the picocli commands
 * ({@code vmsh boot}, {@code asm}, {@code disasm}, {@code run}, {@code sweep}, {@code bench}, {@code docs}),
 * and the REPL when no command is given. It may import every other shell package and the
 * runtime; nothing imports it.
 */
package vmsh.shell.cli;
