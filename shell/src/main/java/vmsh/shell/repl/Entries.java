package vmsh.shell.repl;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.Value;
import vmsh.shell.ExitCode;
import vmsh.shell.Io;
import vmsh.shell.api.MonitorHelp;
import vmsh.shell.api.ScriptError;
import vmsh.shell.api.Session;
import vmsh.shell.api.ValueFormat;

/**
 * What the REPL does with one complete entry, on a terminal or piped: a dot-command, a
 * monitor command (info registers, x/4wx, step, ...) or JavaScript. Keeps the JavaScript
 * entries that ran without an error, for .save (so that .load of the file runs again).
 */
final class Entries {
    private final Session session;
    private final Io io;
    private final boolean echo;
    private final List<String> saved = new ArrayList<>();
    private boolean failed;
    /** The status exit(code) asked for, once a script called it. */
    private Integer exitStatus;

    Entries(Session session, Io io, boolean echo) {
        this.session = session;
        this.io = io;
        this.echo = echo;
    }

    /** A dot-command or monitor command: one line, never JavaScript to continue. */
    static boolean isCommand(Session session, String line) {
        return DotCommand.isDotCommand(line) || MonitorCommands.matches(session, line);
    }

    /** What exit(code) asked for, else 0 (a terminal REPL's exit status). */
    int exitStatus() { return exitStatus != null ? exitStatus : ExitCode.OK; }

    /** The piped REPL's exit status: what exit(code) asked for, else 1 if some entry failed, else 0. */
    int status() {
        if (exitStatus != null) return exitStatus;
        return failed ? ExitCode.ERROR : ExitCode.OK;
    }

    /** Handles one entry named {@code name} starting at line {@code firstLine}; true when the REPL should end. */
    boolean handle(String entry, String name, int firstLine) {
        if (DotCommand.isDotCommand(entry)) return dot(entry);
        if (MonitorCommands.matches(session, entry)) {
            try {
                print(MonitorCommands.run(session, entry));
            } catch (ScriptError e) {
                return error(e);
            }
            return false;
        }
        if (!evaluate(entry, name, firstLine)) {
            String forms = exitStatus == null ? MonitorHelp.hint(entry) : null;   // rstep x: the command's forms
            if (forms != null) io.err().println(forms);
            return exitStatus != null;
        }
        saved.add(entry.endsWith("\n") ? entry : entry + "\n");
        return false;
    }

    private boolean dot(String line) {
        DotCommand dot = DotCommand.parse(line);
        String argument = DotCommand.argument(line);
        if (dot == null) {
            io.err().println("unknown command " + line.strip().split("\\s+")[0] + " (.help lists the commands)");
            failed = true;
            return false;
        }
        switch (dot) {
            case EXIT -> {
                return true;
            }
            case HELP -> print(help());
            case LOAD -> {
                if (argument.isEmpty()) return usage(".load FILE");
                try {
                    String code = session.readScript(argument);
                    if (!evaluate(code, argument, 1)) return exitStatus != null;
                } catch (ScriptError e) {
                    return error(e);
                }
            }
            case SAVE -> {
                if (argument.isEmpty()) return usage(".save FILE");
                try {
                    String where = session.writeOutput(argument, String.join("", saved).getBytes(StandardCharsets.UTF_8));
                    print("saved " + saved.size() + " entries to " + where);
                } catch (ScriptError e) {
                    return error(e);
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
        b.append("Monitor commands, on the current target (the last machine or VM created, or use(m)):\n");
        b.append(MonitorHelp.all());
        b.append(session.helpText()).append('\n');
        b.append(session.helpText("machine")).append('\n');
        b.append("Tab completes names, members (m.<Tab>) and file names; Ctrl-C stops a running guest or script.");
        return b.toString();
    }

    /** Runs JavaScript and echoes its value on a terminal; false when it failed (or called exit). */
    private boolean evaluate(String code, String name, int firstLine) {
        PrintStream out = io.out();
        try {
            Value v = session.eval(code, name, firstLine);
            if (echo && !ValueFormat.isUndefined(v)) out.println(ValueFormat.inspect(v));
            return true;
        } catch (ScriptError e) {
            error(e);
            return false;
        } finally {
            out.flush();
        }
    }

    private void print(String text) {
        io.out().println(text);
        io.out().flush();
    }

    /** Reports a failed entry; true when it ended the session (exit(code)). */
    private boolean error(ScriptError e) {
        io.out().flush();
        if (e.exited()) {
            exitStatus = e.exitCode();
            return true;
        }
        io.err().println(e.getMessage());
        failed = true;
        return false;
    }
}
