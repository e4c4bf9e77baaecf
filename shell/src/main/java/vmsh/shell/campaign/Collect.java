package vmsh.shell.campaign;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import vmsh.shell.ExitCode;
import vmsh.shell.VmshException;

/**
 * {@code vmsh sweep --collect DIR...}: the finished runs of one or more sweep folders as a
 * table on stdout, and as files: {@code --csv} and {@code --json} (one row per run),
 * {@code --summary} (mean and spread per cell, CSV or JSON by its name) and {@code --plot}.
 * With {@code --y}, the table on stdout is the summary. Rows follow the grid, so the output
 * is the same however the runs were split among workers, shards and machines.
 */
final class Collect {
    private Collect() {}

    static int run(Campaigns.CollectSpec spec, PrintStream out, PrintStream err) {
        if (spec.ys().isEmpty() && (spec.x() != null || spec.summary() != null || spec.plot() != null || !spec.groups().isEmpty()))
            throw new VmshException(ExitCode.USAGE, "--x, --group, --summary and --plot need --y NAME (the result field to summarise)");
        Collected c = Collected.of(spec.dirs(), err);
        ResultTable runs = ResultTable.runs(c);
        if (spec.csv() != null) write(spec.csv(), runs.csv());
        if (spec.json() != null) write(spec.json(), runs.json());
        Summary summary = spec.ys().isEmpty() ? null : Summary.of(c, spec.x(), spec.groups(), spec.ys(), over(c, spec.over()));
        if (summary != null) {
            if (spec.summary() != null) write(spec.summary(), isJson(spec.summary()) ? summary.table().json() : summary.table().csv());
            if (spec.plot() != null) write(spec.plot(), SummaryPlot.draw(summary, Path.of(c.script()).getFileName().toString(), spec.plot().toString()));
            if (summary.left() > 0) err.println("collect: " + summary.left() + " runs left out of the summary (failed, or no number for --y)");
        }
        out.print((summary == null ? runs : summary.table()).text());
        long pending = c.count(Collected.Entry::pending);
        if (pending > 0) err.println("collect: " + pending + " of " + c.entries().size() + " runs have no record yet (vmsh sweep --status lists them)");
        return ExitCode.OK;
    }

    /** The replicate parameters: --over, else the seed when the sweep has one. */
    static List<String> over(Collected c, List<String> given) {
        if (!given.isEmpty()) return given;
        return c.parameters().contains(Campaign.SEED) ? List.of(Campaign.SEED) : List.of();
    }

    private static boolean isJson(Path p) { return p.toString().toLowerCase(Locale.ROOT).endsWith(".json"); }

    private static void write(Path file, String text) { write(file, text.getBytes(StandardCharsets.UTF_8)); }

    private static void write(Path file, byte[] bytes) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new VmshException(ExitCode.ERROR, "cannot write " + file + ": " + e.getMessage());
        }
    }
}
