package vmsh.shell.campaign;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vmsh.shell.ExitCode;
import vmsh.shell.VmshException;

/** The campaign commands as the command line calls them: sweep, status and collect. */
public final class Campaigns {
    private Campaigns() {}

    /**
     * A sweep as {@code vmsh sweep} describes it.
     *
     * @param script         the script, as the user named it
     * @param args           the script's arguments (the global args of every run)
     * @param params         --param NAME=VALUES, in order
     * @param paramFile      --param-file rows.json or rows.csv, or null
     * @param seed           the seed of runs without a seed parameter
     * @param maxInsns       each run's instruction budget, Long.MAX_VALUE for none
     * @param timeout        each run's wall-clock limit, or null
     * @param jobs           worker threads
     * @param out            the results folder
     * @param force          run finished points again
     * @param shard          --shard I/N, or null for all
     * @param version        vmsh's version (part of every run key)
     */
    public record SweepSpec(String script, List<String> args, List<String> params, Path paramFile, long seed, long maxInsns,
                            Duration timeout, int jobs, Path out, boolean force, String shard, String version) {}

    /**
     * What {@code vmsh sweep --collect} writes.
     *
     * @param dirs    the sweep folders to merge
     * @param csv     per-run CSV, or null
     * @param json    per-run JSON, or null
     * @param summary the summary as CSV or JSON, or null
     * @param plot    the summary as a PNG or SVG chart, or null
     * @param x       the parameter along x, or null
     * @param ys      the result fields to summarise
     * @param groups  the parameters that make series
     * @param over    the replicate parameters (default: seed)
     */
    public record CollectSpec(List<Path> dirs, Path csv, Path json, Path summary, Path plot, String x, List<String> ys,
                              List<String> groups, List<String> over) {}

    /** Runs the sweep's pending points; 0 when every run of the slice succeeded, 1 when some failed. */
    public static int sweep(SweepSpec s, ScriptLauncher launcher, PrintStream err, boolean terminal) {
        if (s.jobs() < 1) throw new VmshException(ExitCode.USAGE, "--jobs must be at least 1, got " + s.jobs());
        List<ParamAxis> axes = new ArrayList<>();
        for (String p : s.params()) axes.add(ParamAxis.parse(p));
        List<Map<String, Object>> rows = s.paramFile() == null ? List.of() : ParamFile.read(s.paramFile());
        Grid grid = Grid.of(rows, axes);
        Campaign campaign = Campaign.load(s.script(), s.args(), s.seed(), s.maxInsns(), grid, s.version());
        Shard shard = s.shard() == null ? Shard.ALL : Shard.parse(s.shard());
        Sweep.Options options = new Sweep.Options(s.jobs(), shard, s.force(), s.timeout());
        return new Sweep(campaign, launcher, s.out(), options, err, terminal).run();
    }

    /**
     * The parameters of one run ({@code vmsh run --param NAME=VALUE}): one value each, read as
     * a sweep reads them (numbers, true and false, text).
     */
    public static Map<String, Object> params(List<String> specs) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (String spec : specs) {
            ParamAxis a = ParamAxis.parse(spec);
            if (a.values().size() != 1)
                throw new VmshException(ExitCode.USAGE, "--param " + spec + ": one run takes one value (vmsh sweep takes lists and ranges)");
            if (params.put(a.name(), a.values().get(0)) != null)
                throw new VmshException(ExitCode.USAGE, "--param " + a.name() + " is given twice");
        }
        return params;
    }

    /** The seed a run with these parameters gets: its {@code seed} parameter, else {@code seed}. */
    public static long seed(Map<String, Object> params, long seed) {
        Object s = params.get(Campaign.SEED);
        if (s == null) return seed;
        if (s instanceof Long n) return n;
        throw new VmshException(ExitCode.USAGE, "parameter seed must be a whole number, got " + Values.text(s));
    }

    public static int status(List<Path> dirs, PrintStream out, PrintStream err) {
        Status.print(dirs, out, err);
        return ExitCode.OK;
    }

    public static int collect(CollectSpec spec, PrintStream out, PrintStream err) {
        return Collect.run(spec, out, err);
    }
}
