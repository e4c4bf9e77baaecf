package vmsh.shell.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import vmsh.shell.ExitCode;
import vmsh.shell.Version;
import vmsh.shell.VmshException;
import vmsh.shell.api.Session;
import vmsh.shell.api.SessionLauncher;
import vmsh.shell.campaign.Campaigns;
import vmsh.shell.limits.Progress;

/**
 * {@code vmsh sweep}: runs a script over a grid of parameters on every core (or one slice of
 * it, for a cluster), shows how far a campaign is, and collects its results.
 */
@Command(name = "sweep",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpWidth = 100,
        description = {
            "Run SCRIPT once per parameter setting, in parallel, recording one JSON line per run in DIR.",
            "  vmsh sweep SCRIPT.js [ARGS...] --param NAME=VALUES... --out DIR [--jobs N] [--shard I/N]",
            "  vmsh sweep --status DIR               runs done, failed (with their error line), pending",
            "  vmsh sweep --collect DIR... [--csv F] [--json F] [--y NAME [--x NAME] [--group NAME]",
            "                                        [--summary F] [--plot F.png]]",
            "The script reads its parameters as `params` (params.tau) and reports with result({...}).",
            "Rerunning skips finished runs (resume after a crash or Ctrl-C); --force runs them again.",
            "Exits 0 when every run succeeded, 1 when some failed (all are recorded), 130 when interrupted."
        })
final class SweepCommand implements Callable<Integer> {
    @ParentCommand
    private VmshCommand parent;

    @Parameters(paramLabel = "SCRIPT.js [ARGS] | DIR", description = "the script and its arguments; with --status or --collect, sweep folders")
    private List<String> positional = new ArrayList<>();

    @Option(names = "--param", paramLabel = "NAME=VALUES",
            description = "a swept parameter: a list (tau=0,0.25,0.5; technique=hw,trap), a range (seed=1..20), a range with a step (x=0..1:0.25); repeat for a grid")
    private List<String> params = new ArrayList<>();

    @Option(names = "--param-file", paramLabel = "ROWS", description = "rows of parameters: a JSON array of objects, or a CSV file with a header line")
    private Path paramFile;

    @Option(names = "--out", paramLabel = "DIR", description = "the results folder (made if missing)")
    private Path out;

    @Option(names = "--jobs", paramLabel = "N", description = "runs at a time, on threads of this process (default: the cores, ${DEFAULT-VALUE})")
    private int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = "--seed", paramLabel = "N", description = "the seed of runs without a seed parameter (default 1)")
    private long seed = Session.Options.DEFAULT_SEED;

    @Option(names = "--max-insns", paramLabel = "N", converter = Converters.InstructionCount.class,
            description = "each run's instruction budget (exit 124 when it runs out)")
    private long maxInsns = Long.MAX_VALUE;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Converters.TimeLimit.class,
            description = "each run's wall-clock limit (exit 124): 10 (seconds), 0.5, 500ms, 2m")
    private Duration timeout;

    @Option(names = "--force", description = "run every point again, even those with a record")
    private boolean force;

    @Option(names = "--shard", paramLabel = "I/N", description = "run only slice I of N (runs whose grid index is I modulo N; I counts from 0)")
    private String shard;

    @Option(names = "--status", description = "report on the sweep folders DIR...: done, failed, pending")
    private boolean status;

    @Option(names = "--collect", description = "merge the sweep folders DIR... and write their results")
    private boolean collect;

    @Option(names = "--csv", paramLabel = "FILE", description = "collect: one row per run as CSV")
    private Path csv;

    @Option(names = "--json", paramLabel = "FILE", description = "collect: one object per run as JSON")
    private Path json;

    @Option(names = "--summary", paramLabel = "FILE", description = "collect: the summary (mean, sd, min, max of each --y) as CSV or JSON (by the name)")
    private Path summary;

    @Option(names = "--plot", paramLabel = "FILE", description = "collect: the summary as a chart (.png or .svg): --y against --x, a line per --group, error bars of one sd")
    private Path plot;

    @Option(names = "--x", paramLabel = "NAME", description = "collect: the parameter along the x axis")
    private String x;

    @Option(names = "--y", paramLabel = "NAME", split = ",", description = "collect: result fields to summarise (comma-separated)")
    private List<String> ys = new ArrayList<>();

    @Option(names = "--group", paramLabel = "NAME", split = ",", description = "collect: parameters that make separate series")
    private List<String> groups = new ArrayList<>();

    @Option(names = "--over", paramLabel = "NAME", split = ",", description = "collect: the replicate parameters averaged over (default: seed)")
    private List<String> over = new ArrayList<>();

    @Mixin
    private JsCompileOption jsCompile = new JsCompileOption();

    @Override
    public Integer call() {
        if (status && collect) throw usage("give --status or --collect, not both");
        if (status || collect) {
            if (positional.isEmpty()) throw usage("--" + (status ? "status" : "collect") + " needs the sweep folders: vmsh sweep --"
                    + (status ? "status" : "collect") + " DIR");
            List<Path> dirs = positional.stream().map(Path::of).toList();
            if (status) return Campaigns.status(dirs, parent.io.out(), parent.io.err());
            return Campaigns.collect(new Campaigns.CollectSpec(dirs, csv, json, summary, plot, x, ys, groups, over),
                    parent.io.out(), parent.io.err());
        }
        jsCompile.check(parent.io.err());
        if (positional.isEmpty()) throw usage("which script? vmsh sweep SCRIPT.js --param NAME=VALUES --out DIR");
        if (out == null) throw usage("--out DIR is needed: the folder that keeps the runs' records");
        for (Path p : Arrays.asList(csv, json, summary, plot))
            if (p != null) throw usage("--csv, --json, --summary and --plot go with --collect");
        String script = positional.get(0);
        if (script.equals("-")) throw usage("a sweep needs a script file (it is hashed and run many times), not stdin");
        checkCompileHeader(script);
        return Campaigns.sweep(new Campaigns.SweepSpec(script, positional.subList(1, positional.size()), params, paramFile, seed,
                maxInsns, timeout, jobs, out, force, shard, Version.text()), new SessionLauncher(), parent.io.err(),
                Progress.stderrIsTerminal());
    }

    /** A script that asks for compiled JavaScript in its leading comments, in a JVM that cannot: why not (a missing file is reported later). */
    private void checkCompileHeader(String script) {
        try {
            jsCompile.checkHeader(script, Files.readString(Path.of(script)), parent.io.err());
        } catch (IOException e) {
            // the sweep reports an unreadable script itself
        }
    }

    private static VmshException usage(String message) {
        return new VmshException(ExitCode.USAGE, message + " (see 'vmsh sweep --help')");
    }
}
