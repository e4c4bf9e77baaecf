package vmsh.shell.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmsh.shell.VmshRun;

/**
 * The cluster recipes of the README, for real: a Slurm job array of scripts/slurm/sweep.sbatch
 * on a one-node Slurm started here, and GNU parallel running shards; each collects to the
 * same bytes as one local worker. Skipped, with the reason, where Slurm or parallel cannot run.
 */
@Tag("slow")
@Tag("cluster")
class ClusterSweepTest {
    private static final Duration LIMIT = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    @Test
    void aSlurmJobArrayCollectsTheSameAsOneLocalWorker() throws Exception {
        skipIf(OneNodeSlurm.unavailable());
        OneNodeSlurm slurm;
        try {
            slurm = OneNodeSlurm.start(dir.resolve("slurm"));
        } catch (IllegalStateException e) {
            skipIf("the one-node Slurm did not start: " + e.getMessage());
            return;
        }
        Tools.Outcome o;
        try (slurm) {
            List<String> sbatch = new ArrayList<>(List.of(Tools.find("sbatch"), "--wait", "--array=0-3", "--cpus-per-task=1",
                    "--output=" + dir.resolve("slurm-%A_%a.out"), VmshRun.repo("scripts/slurm/sweep.sbatch").toString(), script()));
            sbatch.addAll(SweepDeterminismTest.GRID);
            sbatch.addAll(List.of("--out", dir.resolve("cluster").toString()));
            Map<String, String> env = new java.util.HashMap<>(slurm.environment());
            env.put("VMSH", String.join(" ", vmsh()));
            o = Tools.run(sbatch, VmshRun.repo(""), env, LIMIT);
            report("sbatch --wait --array=0-3 scripts/slurm/sweep.sbatch ...", o.output() + taskLogs());
            assertEquals(0, o.status(), "sbatch failed:\n" + o.output() + taskLogs() + slurm.logs());
        }
        for (int i = 0; i < 4; i++)
            assertTrue(Files.exists(dir.resolve("cluster/records-" + i + "of4.jsonl")), "task " + i + " kept its own records file");
        sameAsOneLocalWorker(List.of(dir.resolve("cluster")));
    }

    @Test
    void gnuParallelShardsCollectTheSameAsOneLocalWorker() throws Exception {
        String parallel = Tools.find("parallel");
        skipIf(parallel == null ? "GNU parallel is not installed (Debian: apt-get install parallel)" : null);
        for (String out : List.of("shared", "apart-{}")) {
            List<String> command = new ArrayList<>(List.of(parallel, "--will-cite", "--jobs", "2", "--halt", "now,fail=1"));
            command.addAll(vmsh());
            command.addAll(List.of("sweep", script()));
            command.addAll(SweepDeterminismTest.GRID);
            command.addAll(List.of("--out", dir.resolve(out).toString(), "--jobs", "1", "--shard", "{}/4", ":::", "0", "1", "2", "3"));
            Tools.Outcome o = Tools.run(command, VmshRun.repo(""), Map.of(), LIMIT);
            report("parallel ... vmsh sweep ... --out " + out + " --shard {}/4 ::: 0 1 2 3", o.output());
            assertEquals(0, o.status(), "parallel failed:\n" + o.output());
        }
        sameAsOneLocalWorker(List.of(dir.resolve("shared")));
        sameAsOneLocalWorker(List.of(dir.resolve("apart-0"), dir.resolve("apart-1"), dir.resolve("apart-2"), dir.resolve("apart-3")));
    }

    /** Collects {@code folders} and a local --jobs 1 sweep of the same grid, and compares every output byte for byte. */
    private void sameAsOneLocalWorker(List<Path> folders) throws Exception {
        Path local = dir.resolve("local");
        if (!Files.exists(local)) {
            List<String> args = new ArrayList<>(List.of("sweep", script()));
            args.addAll(SweepDeterminismTest.GRID);
            args.addAll(List.of("--out", local.toString(), "--jobs", "1"));
            VmshRun r = VmshRun.of(args.toArray(String[]::new));
            assertEquals(0, r.status(), r.toString());
        }
        SweepFixture f = new SweepFixture(dir);
        String expected = f.collectAll("pages", "missRate,misses", List.of(local));
        String actual = f.collectAll("pages", "missRate,misses", folders);
        report("vmsh sweep --collect " + String.join(" ", folders.stream().map(p -> p.getFileName().toString()).toList()) + " (first lines)",
                String.join("\n", actual.lines().limit(6).toList()) + "\n");
        assertEquals(expected, actual, "collected from " + folders + " against one local worker");
    }

    private static String script() { return VmshRun.repo("scripts/tlb-sweep.js").toString(); }

    private static List<String> vmsh() { return SweepFixture.childVmsh(); }

    private String taskLogs() throws java.io.IOException {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path log : s.filter(p -> p.getFileName().toString().startsWith("slurm-")).sorted().toList())
                b.append("--- ").append(log.getFileName()).append('\n').append(Files.readString(log));
        }
        return b.toString();
    }

    /** The test's own account on stdout (surefire shows it): what ran and what it said. */
    private static void report(String what, String output) {
        System.out.println("[cluster] $ " + what + "\n" + output.strip().indent(2).stripTrailing());
    }

    private static void skipIf(String reason) {
        if (reason == null) return;
        System.err.println("ClusterSweepTest skipped: " + reason);
        Assumptions.abort(reason);
    }
}
