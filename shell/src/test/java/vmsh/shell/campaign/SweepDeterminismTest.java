package vmsh.shell.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmsh.shell.VmshRun;

/**
 * A sweep's collected output is the same bytes however its runs were split: one worker,
 * several, shards into one folder, shards into separate folders merged, overlapping folders.
 */
@Tag("slow")   // about a hundred runs of scripts/tlb-sweep.js; ./test --quick leaves it out
class SweepDeterminismTest {
    /** A small TLB study: 24 runs of scripts/tlb-sweep.js. */
    static final List<String> GRID = List.of("--param", "entries=8,16", "--param", "pages=8,24", "--param", "policy=lru,random",
                                             "--param", "seed=1..3", "--param", "accesses=300");

    @TempDir
    Path dir;

    @Test
    void collectedOutputDoesNotDependOnJobsOrShards() throws Exception {
        sweep("a", "--jobs", "1");
        sweep("b", "--jobs", "3");
        for (int i = 0; i < 4; i++) sweep("c", "--jobs", "2", "--shard", i + "/4");
        for (int i = 0; i < 3; i++) sweep("d" + i, "--jobs", "1", "--shard", i + "/3");

        String expected = collect("a");
        assertTrue(expected.startsWith("entries  pages  policy  seed  accesses  exit  misses  missRate  walkRefs  insns  error\n"), expected);
        assertEquals(24 + 2, expected.lines().takeWhile(l -> !l.startsWith("entries,")).count(), "a table of every run:\n" + expected);
        assertTrue(expected.contains("entries,policy,pages,runs,missRate_mean,missRate_sd,"), expected);
        assertEquals(expected, collect("b"), "--jobs 3");
        assertEquals(expected, collect("c"), "four shards into one folder");
        assertEquals(expected, collect("d0", "d1", "d2"), "three shards into three folders, merged");
        assertEquals(expected, collect("d2", "a", "d0"), "overlapping folders");
    }

    private void sweep(String out, String... options) {
        List<String> args = new ArrayList<>(List.of("sweep", VmshRun.repo("scripts/tlb-sweep.js").toString(), "--out", dir.resolve(out).toString()));
        args.addAll(GRID);
        args.addAll(List.of(options));
        VmshRun r = VmshRun.of(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.toString());
    }

    private String collect(String... folders) throws Exception {
        List<Path> dirs = new ArrayList<>();
        for (String f : folders) dirs.add(dir.resolve(f));
        return new SweepFixture(dir).collectAll("pages", "missRate,misses", dirs);
    }
}
