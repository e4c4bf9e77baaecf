package vmsh.shell;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * Where a command reads and writes: the process's streams in real use, captured ones in
 * tests. {@code terminal} says whether a person is typing (prompt and banner) or not.
 */
public record Io(InputStream in, PrintStream out, PrintStream err, boolean terminal) {}
