package vmsh.shell.campaign;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code vmsh sweep --status DIR}: how far a campaign is: runs done, failed (each with its
 * error line) and pending (those whose files changed since they ran say which file).
 */
final class Status {
    /** At most this many runs of one kind are listed. */
    private static final int LISTED = 20;

    private Status() {}

    static void print(List<Path> dirs, PrintStream out, PrintStream err) {
        Collected c = Collected.of(dirs, err);
        List<Collected.Entry> failed = c.entries().stream().filter(Collected.Entry::failed).toList();
        List<Collected.Entry> pending = c.entries().stream().filter(Collected.Entry::pending).toList();
        String grid = c.parameters().isEmpty() ? "" : " over " + String.join(" x ", c.parameters());
        out.printf("%s: %s, %d runs%s%n", String.join(" ", dirs.stream().map(Path::toString).toList()), c.script(), c.entries().size(), grid);
        out.printf("  done     %d%n  failed   %d%n  pending  %d%n", c.count(Collected.Entry::done), failed.size(), pending.size());
        if (!failed.isEmpty()) {
            out.println("failed (exit status: error):");
            list(out, failed, e -> e.point().label() + ": " + e.record().exit() + ": " + firstLine(e.record().error()));
        }
        if (!pending.isEmpty()) {
            out.println("pending:");
            list(out, pending, e -> e.point().label() + (e.changed() == null ? "" : " (ran, but " + e.changed() + " has changed since)"));
        }
    }

    /** The first line of an error (an assembly error also shows the line and a caret). */
    static String firstLine(String error) { return error == null ? "" : error.lines().findFirst().orElse(""); }

    private static void list(PrintStream out, List<Collected.Entry> entries, java.util.function.Function<Collected.Entry, String> line) {
        for (int i = 0; i < Math.min(entries.size(), LISTED); i++) out.println("  " + line.apply(entries.get(i)));
        if (entries.size() > LISTED) out.println("  ... " + (entries.size() - LISTED) + " more");
    }
}
