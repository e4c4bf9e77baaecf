package vmsh.shell.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vmsh.shell.ExitCode;
import vmsh.shell.VmshException;

/**
 * Every benchmark {@code vmsh bench NAME} runs, by name, the default first. The only code of
 * vmsh that reads a host clock: no simulated result depends on one. A new benchmark is a
 * class here and a row in {@link #ALL}.
 */
public final class Benchmarks {
    private static final Map<String, Benchmark> ALL = new LinkedHashMap<>();

    static {
        ALL.put("cpu", CpuBench::cpu);
        ALL.put("paged", CpuBench::paged);
        ALL.put("hooks", HooksBench::run);
        ALL.put("js-hook", HooksBench::js);
        ALL.put("startup", StartupBench::run);
        ALL.put("hv", HypervisorBench::run);
        ALL.put("sharing", SharingBench::run);
        ALL.put("memory", MemoryBench::run);
        ALL.put("snapshot", SnapshotBench::snapshot);
        ALL.put("clone", SnapshotBench::clone);
        ALL.put("history", HistoryBench::run);
        ALL.put("cluster-history", ClusterHistoryBench::run);
        ALL.put("sweep", SweepBench::run);
        ALL.put("density", DensityBench::run);
    }

    private Benchmarks() {}

    /** The benchmarks' names, the default first. */
    public static List<String> names() { return List.copyOf(ALL.keySet()); }

    /** Runs benchmark {@code name}; see {@link Benchmark#run}. An unknown name is a usage error that lists the known ones. */
    public static int run(String name, Long iterations, long runs, PrintStream out) throws IOException, InterruptedException {
        Benchmark b = ALL.get(name);
        if (b == null)
            throw new VmshException(ExitCode.USAGE, "no benchmark '" + name + "' (known: " + String.join(", ", names()) + ")");
        return b.run(iterations, runs, out);
    }
}
