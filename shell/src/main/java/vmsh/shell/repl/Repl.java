package vmsh.shell.repl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.graalvm.polyglot.Value;
import vmsh.shell.ExitCode;
import vmsh.shell.Io;
import vmsh.shell.api.ScriptError;
import vmsh.shell.api.Session;
import vmsh.shell.api.ValueFormat;

/**
 * The read-eval-print loop. On a terminal: a prompt, line editing, history, multi-line
 * entries and echoed results ({@link TerminalRepl}). Piped: no prompt, no banner, no
 * echo; stdin is read line by line and each complete statement runs as soon as it is
 * whole, so the output is exactly what the input prints.
 */
public final class Repl {
    /** Source name of piped input in error messages: {@code stdin:LINE:COL}. */
    static final String STDIN = "stdin";

    private final Io io;

    public Repl(Io io) { this.io = io; }

    public int run() {
        try (Session session = new Session(io.out(), io.err(), Path.of("").toAbsolutePath(), List.of())) {
            return io.terminal() ? new TerminalRepl(session, io).run() : piped(session);
        }
    }

    /** Evaluates stdin entry by entry; exits 1 if any entry failed, after running them all. */
    private int piped(Session session) {
        BufferedReader in = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8));
        StringBuilder entry = new StringBuilder();
        int lineNumber = 0;
        int firstLine = 1;
        boolean failed = false;
        try {
            for (String line; (line = in.readLine()) != null; ) {
                lineNumber++;
                if (entry.isEmpty()) {
                    if (line.isBlank()) continue;
                    DotCommand dot = DotCommand.parse(line);
                    if (dot != null) {
                        if (dot.run(session, io.out(), io.err())) break;
                        continue;
                    }
                    firstLine = lineNumber;
                }
                entry.append(line).append('\n');
                if (session.isIncomplete(entry.toString())) continue;
                failed |= !evaluate(session, entry.toString(), STDIN, firstLine, false, io);
                entry.setLength(0);
            }
        } catch (IOException e) {
            io.err().println("vmsh: cannot read stdin: " + e.getMessage());
            return ExitCode.ERROR;
        }
        if (!entry.isEmpty()) failed |= !evaluate(session, entry.toString(), STDIN, firstLine, false, io);
        return failed ? ExitCode.ERROR : ExitCode.OK;
    }

    /**
     * Runs one entry; prints its value when {@code echo} (and it is not undefined), or its
     * error as one line on stderr. True when it ran without error.
     */
    static boolean evaluate(Session session, String code, String name, int firstLine, boolean echo, Io io) {
        PrintStream out = io.out();
        try {
            Value v = session.eval(code, name, firstLine);
            if (echo && !ValueFormat.isUndefined(v)) out.println(ValueFormat.inspect(v));
            return true;
        } catch (ScriptError e) {
            out.flush();
            io.err().println(e.getMessage());
            return false;
        } finally {
            out.flush();
        }
    }
}
