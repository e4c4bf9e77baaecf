package vmsh.shell.repl;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.Value;
import vmsh.shell.Io;
import vmsh.shell.api.ScriptError;
import vmsh.shell.api.Session;
import vmsh.shell.api.ValueFormat;

/**
 * What the REPL does with one complete entry, on a terminal or piped: a dot-command, a
 * monitor command (info registers, x/4wx, step, ...) or JavaScript. Keeps the session's
 * input for .save.
 */
final class Entries {
    private final Session session;
    private final Io io;
    private final boolean echo;
    private final List<String> typed = new ArrayList<>();
    private boolean failed;

    Entries(Session session, Io io, boolean echo) {
        this.session = session;
        this.io = io;
        this.echo = echo;
    }

    /** A dot-command or monitor command: one line, never JavaScript to continue. */
    static boolean isCommand(String line) {
        return DotCommand.parse(line) != null || MonitorCommands.matches(line);
    }

    /** True when some entry failed (the piped REPL's exit status). */
    boolean failed() { return failed; }

    /** Handles one entry named {@code name} starting at line {@code firstLine}; true when the REPL should end. */
    boolean handle(String entry, String name, int firstLine) {
        DotCommand dot = DotCommand.parse(entry);
        if (dot != null) return dot(dot, DotCommand.argument(entry));
        typed.add(entry.endsWith("\n") ? entry : entry + "\n");
        if (MonitorCommands.matches(entry)) {
            try {
                print(MonitorCommands.run(session, entry));
            } catch (ScriptError e) {
                error(e);
            }
            return false;
        }
        evaluate(entry, name, firstLine);
        return false;
    }

    private boolean dot(DotCommand dot, String argument) {
        switch (dot) {
            case EXIT -> {
                return true;
            }
            case HELP -> print(help());
            case LOAD -> {
                if (argument.isEmpty()) return usage(".load FILE");
                try {
                    String code = session.readScript(argument);
                    evaluate(code, argument, 1);
                } catch (ScriptError e) {
                    error(e);
                }
            }
            case SAVE -> {
                if (argument.isEmpty()) return usage(".save FILE");
                try {
                    String where = session.writeOutput(argument, String.join("", typed).getBytes(StandardCharsets.UTF_8));
                    print("saved " + typed.size() + " entries to " + where);
                } catch (ScriptError e) {
                    error(e);
                }
            }
        }
        return false;
    }

    private boolean usage(String form) {
        io.err().println("usage: " + form);
        failed = true;
        return false;
    }

    String help() {
        StringBuilder b = new StringBuilder("Commands:\n");
        for (DotCommand c : DotCommand.values())
            b.append(String.format("  %-22s %s%n", c.word + c.argument, c.help));
        b.append("""
                Monitor commands, on the current machine (the last created, or use(m)):
                  info registers | info tlb | info mem | info pmap | info breakpoints
                  x/NFU ADDR (virtual), xp/NFU ADDR (physical): N count, F x d u i s c, U b h w
                  step [N] | continue | break ADDR | watch ADDR | delete [N]    (ADDR: 0x..., symbol, $pc, $sp)
                """);
        b.append(session.helpText()).append('\n');
        b.append(session.helpText("machine")).append('\n');
        b.append("Tab completes names, members (m.<Tab>) and file names; Ctrl-C stops a running guest or script.");
        return b.toString();
    }

    private void evaluate(String code, String name, int firstLine) {
        PrintStream out = io.out();
        try {
            Value v = session.eval(code, name, firstLine);
            if (echo && !ValueFormat.isUndefined(v)) out.println(ValueFormat.inspect(v));
        } catch (ScriptError e) {
            error(e);
        } finally {
            out.flush();
        }
    }

    private void print(String text) {
        io.out().println(text);
        io.out().flush();
    }

    private void error(ScriptError e) {
        io.out().flush();
        io.err().println(e.getMessage());
        failed = true;
    }
}
