package vmsh.shell.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmsh.shell.VmshRun;

/**
 * A sweep's collected output is the same bytes however its runs were split: one worker,
 * several, shards into one folder, shards into separate folders merged, overlapping folders.
 */
class SweepDeterminismTest {
    @TempDir
    Path dir;

    private static final String[] GRID = {"--param", "entries=8,16", "--param", "pages=8,24", "--param", "policy=lru,random",
                                          "--param", "seed=1..3", "--param", "accesses=300"};

    @Test
    void collectedOutputDoesNotDependOnJobsOrShards() {
        String script = VmshRun.repo("scripts/tlb-sweep.js").toString();
        sweep(script, "a", "--jobs", "1");
        sweep(script, "b", "--jobs", "3");
        for (int i = 0; i < 4; i++) sweep(script, "c", "--jobs", "2", "--shard", i + "/4");
        for (int i = 0; i < 3; i++) sweep(script, "d" + i, "--jobs", "1", "--shard", i + "/3");

        List<String> expected = collect("a");
        assertEquals(24 + 2, expected.get(0).lines().count(), "a table of every run:\n" + expected.get(0));
        assertTrue(expected.get(2).startsWith("entries,policy,pages,runs,missRate_mean,missRate_sd,"), expected.get(2));
        assertEquals(expected, collect("b"), "--jobs 3");
        assertEquals(expected, collect("c"), "four shards into one folder");
        assertEquals(expected, collect("d0", "d1", "d2"), "three shards into three folders, merged");
        assertEquals(expected, collect("d2", "a", "d0"), "overlapping folders");
    }

    private void sweep(String script, String out, String... options) {
        List<String> args = new ArrayList<>(List.of("sweep", script, "--out", dir.resolve(out).toString()));
        args.addAll(List.of(GRID));
        args.addAll(List.of(options));
        VmshRun r = VmshRun.of(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.toString());
    }

    /** The table, the per-run CSV and JSON, the summary as CSV, JSON and a table: everything --collect writes but the plot. */
    private List<String> collect(String... folders) {
        List<String> outputs = new ArrayList<>();
        List<String> dirs = new ArrayList<>();
        for (String f : folders) dirs.add(dir.resolve(f).toString());
        VmshRun table = VmshRun.of(concat(List.of("sweep", "--collect"), dirs, List.of("--csv", file("runs.csv"), "--json", file("runs.json"))));
        assertEquals(0, table.status(), table.toString());
        outputs.add(table.out());
        outputs.add(read("runs.csv") + read("runs.json"));
        VmshRun summary = VmshRun.of(concat(List.of("sweep", "--collect"), dirs, List.of("--x", "pages", "--y", "missRate,misses",
                "--group", "entries,policy", "--summary", file("s.csv"))));
        assertEquals(0, summary.status(), summary.toString());
        VmshRun json = VmshRun.of(concat(List.of("sweep", "--collect"), dirs, List.of("--x", "pages", "--y", "missRate,misses",
                "--summary", file("s.json"))));
        assertEquals(0, json.status(), json.toString());
        outputs.add(read("s.csv") + read("s.json") + summary.out() + json.out());
        return outputs;
    }

    private String file(String name) { return dir.resolve(name).toString(); }

    private String read(String name) {
        try {
            return java.nio.file.Files.readString(dir.resolve(name));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @SafeVarargs
    private static String[] concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) all.addAll(p);
        return all.toArray(String[]::new);
    }
}
