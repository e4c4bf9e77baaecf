package vmsh.shell.repl;

import java.io.PrintStream;
import vmsh.shell.api.Session;

/** The REPL's own commands, which start with a dot: .help and .exit. */
enum DotCommand {
    HELP(".help", "show this help"),
    EXIT(".exit", "leave the REPL (so does Ctrl-D)");

    final String word;
    final String help;

    DotCommand(String word, String help) {
        this.word = word;
        this.help = help;
    }

    /** The command on {@code line}, or null when the line is JavaScript. */
    static DotCommand parse(String line) {
        String s = line.strip();
        for (DotCommand c : values()) if (s.equals(c.word)) return c;
        return null;
    }

    /** Runs the command; true when the REPL should end. */
    boolean run(Session session, PrintStream out, PrintStream err) {
        switch (this) {
            case EXIT -> {
                return true;
            }
            case HELP -> {
                out.println("Commands:");
                for (DotCommand c : values()) out.printf("  %-22s %s%n", c.word, c.help);
                out.println(session.helpText());
                out.println(session.helpText("machine"));
                out.println("Ctrl-C stops a running guest or script; state stays as it was.");
                out.flush();
            }
        }
        return false;
    }
}
