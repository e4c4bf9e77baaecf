package vmsh.shell.repl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.Completer;
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
import vmsh.shell.Version;
import vmsh.shell.api.Session;

/**
 * The interactive REPL on a terminal (JLine): prompt {@code vmsh> }, history in
 * ~/.vmsh_history, an entry continues while the JavaScript is unfinished, Tab completes
 * ({@link Completion}), Ctrl-C stops a running guest or script, Ctrl-D leaves.
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
            io.out().println("vmsh " + Version.text() + ": RISC-V hypervisor lab. .help for help, Ctrl-D to leave.");
            io.out().flush();
            return loop(reader);
        } catch (IOException e) {
            io.err().println("vmsh: cannot open the terminal: " + e.getMessage());
            return ExitCode.ERROR;
        }
    }

    /** Reads and runs entries until Ctrl-D, .exit or exit(code); returns the REPL's exit status. */
    private int loop(LineReader reader) {
        Entries entries = new Entries(session, io, true);
        for (int entryNumber = 1; ; entryNumber++) {
            String entry;
            try {
                entry = reader.readLine(PROMPT);
            } catch (UserInterruptException e) {
                continue; // Ctrl-C at the prompt drops the line being typed
            } catch (EndOfFileException e) {
                return ExitCode.OK;
            }
            if (entry.isBlank()) continue;
            if (entries.handle(entry, "repl" + entryNumber, 1)) return entries.exitStatus();
        }
    }

    private LineReader reader(Terminal terminal) {
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("vmsh")
                .parser(new JsParser())
                .completer(new JsCompleter())
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, false)
                .option(LineReader.Option.AUTO_FRESH_LINE, true);
        Path history = historyFile(System.getenv("HOME") != null ? System.getenv("HOME") : System.getProperty("user.home"));
        if (history != null) builder.variable(LineReader.HISTORY_FILE, history);
        return builder.build();
    }

    /**
     * ~/.vmsh_history when it can be written; null when not (a shared lab machine, a
     * sandbox): the history then stays in memory, without a warning at every entry.
     */
    static Path historyFile(String home) {
        if (home == null) return null;
        Path history = Path.of(home, ".vmsh_history");
        return (Files.exists(history) ? Files.isWritable(history) : Files.isWritable(history.getParent())) ? history : null;
    }

    /** Asks JLine for another line while the entry is unfinished JavaScript; the word is what Tab completes. */
    private final class JsParser implements Parser {
        @Override
        public ParsedLine parse(String line, int cursor, ParseContext context) {
            if (context == ParseContext.ACCEPT_LINE && !line.isBlank() && !Entries.isCommand(session, line)
                    && Continuation.needsMore(session, line)) {
                throw new EOFError(-1, cursor, "unfinished JavaScript");
            }
            Completion c = context == ParseContext.COMPLETE ? Completion.of(session, line.substring(0, cursor), Path.of("").toAbsolutePath()) : null;
            return new Word(line, cursor, c == null ? cursor : c.start, c);
        }
    }

    private final class JsCompleter implements Completer {
        @Override
        public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
            Completion c = line instanceof Word w && w.completion() != null ? w.completion()
                    : Completion.of(session, line.line().substring(0, line.cursor()), Path.of("").toAbsolutePath());
            for (String s : c.candidates) candidates.add(new Candidate(s, c.display(s), null, null, null, null, c.spaceAfter(s)));
        }
    }

    /** The line, with the word that ends at the cursor (from {@code start}) for completion. */
    private record Word(String line, int cursor, int start, Completion completion) implements CompletingParsedLine {
        @Override public String word() { return line.substring(start, cursor); }
        @Override public int wordCursor() { return cursor - start; }
        @Override public int wordIndex() { return 0; }
        @Override public List<String> words() { return List.of(word()); }
        @Override public CharSequence escape(CharSequence candidate, boolean complete) { return candidate; }
        @Override public int rawWordCursor() { return cursor - start; }
        @Override public int rawWordLength() { return cursor - start; }
    }
}
