package vmsh.shell.repl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import vmsh.shell.ExitCode;
import vmsh.shell.Io;
import vmsh.shell.api.Session;

/**
 * The read-eval-print loop. On a terminal: a prompt, line editing, completion, history,
 * multi-line entries and echoed results ({@link TerminalRepl}). Piped: no prompt, no
 * banner, no echo; stdin is read line by line and each complete statement runs as soon as
 * it is whole, so the output is exactly what the input prints.
 */
public final class Repl {
    /** Source name of piped input in error messages: {@code stdin:LINE:COL}. */
    static final String STDIN = "stdin";

    private final Io io;
    private final UnaryOperator<Session.Options> settings;

    public Repl(Io io) { this(io, UnaryOperator.identity()); }

    /** A REPL whose session the command line sets up further ({@code vmsh --out DIR --seed N}). */
    public Repl(Io io, UnaryOperator<Session.Options> settings) {
        this.io = io;
        this.settings = settings;
    }

    public int run() {
        Session.Options options = settings.apply(Session.Options.of(io.out(), io.err(), Path.of("").toAbsolutePath(), List.of())
                .terminal(io.terminal(), io.terminal()));
        try (Session session = new Session(options)) {
            MonitorCommands.install(session);
            return io.terminal() ? new TerminalRepl(session, io).run() : piped(session);
        }
    }

    /** Evaluates stdin entry by entry; exits 1 if any entry failed, after running them all. */
    private int piped(Session session) {
        Entries entries = new Entries(session, io, false);
        BufferedReader in = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8));
        StringBuilder entry = new StringBuilder();
        int lineNumber = 0;
        int firstLine = 1;
        try {
            for (String line; (line = in.readLine()) != null; ) {
                lineNumber++;
                if (entry.isEmpty()) {
                    if (line.isBlank()) continue;
                    firstLine = lineNumber;
                    if (Entries.isCommand(session, line)) {
                        if (entries.handle(line, STDIN, firstLine)) break;
                        continue;
                    }
                }
                entry.append(line).append('\n');
                if (Continuation.needsMore(session, entry.toString())) continue;
                boolean end = entries.handle(entry.toString(), STDIN, firstLine);
                entry.setLength(0);
                if (end) break;
            }
        } catch (IOException e) {
            io.err().println("vmsh: cannot read stdin: " + e.getMessage());
            return ExitCode.ERROR;
        }
        if (!entry.isEmpty()) entries.handle(entry.toString(), STDIN, firstLine);
        return entries.status();
    }
}
