package vmsh.shell.repl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import vmsh.shell.ExitCode;
import vmsh.shell.Io;
import vmsh.shell.cli.VersionProvider;
import vmsh.shell.api.Session;

/**
 * The interactive REPL on a terminal (JLine): prompt {@code vmsh> }, history in
 * ~/.vmsh_history, an entry continues while the JavaScript is unfinished, Ctrl-C stops a
 * running guest or script, Ctrl-D leaves.
 */
final class TerminalRepl {
    private static final String PROMPT = "vmsh> ";
    private static final String CONTINUATION = "  ... ";

    private final Session session;
    private final Io io;

    TerminalRepl(Session session, Io io) {
        this.session = session;
        this.io = io;
    }

    int run() {
        try (Terminal terminal = TerminalBuilder.builder().system(true).name("vmsh").build()) {
            LineReader reader = reader(terminal);
            terminal.handle(Terminal.Signal.INT, signal -> session.interrupt());
            io.out().println("vmsh " + VersionProvider.version() + ": RISC-V hypervisor lab. .help for help, Ctrl-D to leave.");
            io.out().flush();
            loop(reader);
            return ExitCode.OK;
        } catch (IOException e) {
            io.err().println("vmsh: cannot open the terminal: " + e.getMessage());
            return ExitCode.ERROR;
        }
    }

    private void loop(LineReader reader) {
        for (int entryNumber = 1; ; entryNumber++) {
            String entry;
            try {
                entry = reader.readLine(PROMPT);
            } catch (UserInterruptException e) {
                continue; // Ctrl-C at the prompt drops the line being typed
            } catch (EndOfFileException e) {
                return;
            }
            if (entry.isBlank()) continue;
            DotCommand dot = DotCommand.parse(entry);
            if (dot != null) {
                if (dot.run(session, io.out(), io.err())) return;
                continue;
            }
            Repl.evaluate(session, entry, "repl" + entryNumber, 1, true, io);
        }
    }

    private LineReader reader(Terminal terminal) {
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("vmsh")
                .parser(new JsParser())
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, false);
        String home = System.getenv("HOME") != null ? System.getenv("HOME") : System.getProperty("user.home");
        if (home != null) builder.variable(LineReader.HISTORY_FILE, Path.of(home, ".vmsh_history"));
        return builder.build();
    }

    /** Asks JLine for another line while the entry is unfinished JavaScript. */
    private final class JsParser implements Parser {
        @Override
        public ParsedLine parse(String line, int cursor, ParseContext context) {
            if (context == ParseContext.ACCEPT_LINE && !line.isBlank() && DotCommand.parse(line) == null
                    && session.isIncomplete(line)) {
                throw new EOFError(-1, cursor, "unfinished JavaScript");
            }
            return new WholeLine(line, cursor);
        }
    }

    /** The entry as one word: completion comes later. */
    private record WholeLine(String line, int cursor) implements CompletingParsedLine {
        @Override public String word() { return line; }
        @Override public int wordCursor() { return cursor; }
        @Override public int wordIndex() { return 0; }
        @Override public List<String> words() { return List.of(line); }
        @Override public CharSequence escape(CharSequence candidate, boolean complete) { return candidate; }
        @Override public int rawWordCursor() { return cursor; }
        @Override public int rawWordLength() { return line.length(); }
    }
}
