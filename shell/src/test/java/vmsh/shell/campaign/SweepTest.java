package vmsh.shell.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmsh.shell.ExitCode;
import vmsh.shell.VmshRun;

/** vmsh sweep: runs, records, failures, resuming, and what invalidates a record. */
class SweepTest {
    @TempDir
    Path dir;

    private SweepFixture f;

    @BeforeEach
    void fixture() { f = new SweepFixture(dir); }

    @Test
    void paramsArgsAndSeedReachEachRunAndItsResultIsRecorded() throws Exception {
        f.script("s.js", """
                print('n is', params.n, 'args', args.join(' '));
                result({twice: params.n * 2, seed: seed(), random: Math.random(), kind: typeof params.n});
                """);
        VmshRun r = f.vmsh("sweep", "@s.js", "a", "b", "--param", "n=1..3", "--param", "seed=5,6", "--out", "@out", "--jobs", "2");
        assertEquals(0, r.status(), r.toString());
        assertEquals("", r.out(), "a sweep keeps stdout clean");
        assertTrue(r.err().contains("6 runs over n x seed; 6 to run, 0 done before (2 workers)"), r.err());
        assertEquals(6, f.records("out").size());
        RunRecord rec = f.record("out", "n=2 seed=6");
        assertEquals(0, rec.exit());
        assertNull(rec.error());
        assertEquals(4L, rec.result().get("twice"));
        assertEquals(6L, rec.result().get("seed"));
        assertEquals("number", rec.result().get("kind"));
        assertEquals("n is 2 args a b\n", Files.readString(dir.resolve("out/runs/" + rec.point() + ".out")));
        Path alone = f.script("random.js", "print(Math.random())");
        String expected = VmshRun.of("run", "--seed", "6", alone.toString()).out().strip();
        assertEquals(expected, Values.text(rec.result().get("random")), "the seed parameter seeds the run as vmsh run --seed does");
    }

    @Test
    void aFailingRunIsRecordedWithItsErrorLineAndTheOthersGoOn() throws Exception {
        f.script("s.js", """
                if (params.n === 3)
                    throw new Error('three is not allowed');
                result({n: params.n});
                """);
        VmshRun r = f.vmsh("sweep", "@s.js", "--param", "n=1..5", "--out", "@out", "--jobs", "2");
        assertEquals(ExitCode.ERROR, r.status(), r.toString());
        assertEquals(5, f.records("out").size());
        RunRecord failed = f.record("out", "n=3");
        assertEquals(1, failed.exit());
        assertEquals(dir.resolve("s.js") + ":2:11: Error: three is not allowed", failed.error());
        assertTrue(r.err().contains("n=3: exit 1: " + failed.error()), r.err());
        assertTrue(r.err().contains("1 failed (see vmsh sweep --status)"), r.err());
        VmshRun status = f.vmsh("sweep", "--status", "@out");
        assertEquals(0, status.status());
        assertTrue(status.out().contains("done     4\n  failed   1\n  pending  0\n"), status.out());
        assertTrue(status.out().contains("  n=3: 1: " + failed.error()), status.out());
    }

    @Test
    void rerunningSkipsFinishedRunsAndForceRunsThemAgain() throws Exception {
        f.script("s.js", "result({n: params.n});");
        String[] sweep = {"sweep", "@s.js", "--param", "n=1..4", "--out", "@out", "--jobs", "2"};
        assertEquals(0, f.vmsh(sweep).status());
        VmshRun again = f.vmsh(sweep);
        assertTrue(again.err().contains("0 to run, 4 done before"), again.err());
        assertEquals(4, f.records("out").size());

        Path records = dir.resolve("out/records.jsonl");
        List<String> lines = Files.readAllLines(records);
        Files.write(records, lines.subList(1, lines.size()));   // as if the run of the first line never finished
        VmshRun resumed = f.vmsh(sweep);
        assertTrue(resumed.err().contains("1 to run, 3 done before"), resumed.err());

        VmshRun forced = f.vmsh(append(sweep, "--force"));
        assertTrue(forced.err().contains("4 to run, 0 done before"), forced.err());
        assertEquals(8, f.records("out").size());
        assertEquals(4, f.vmsh("sweep", "--collect", "@out").out().lines().count() - 2, "one row per point, the newest record");
    }

    @Test
    void aChangedFileARunReadOrIncludedMakesItPendingAgain() throws Exception {
        f.script("data.txt", "7");
        f.script("inc.s", "li a0, 1\n");
        f.script("g.s", ".include \"inc.s\"\nspin: j spin\n");
        f.script("s.js", """
                const m = machine({memory: '1M'});
                m.load(asm(readFile('g.s')));
                m.run({insns: 10});
                result({data: Number(readFile('data.txt')) * params.k, a0: m.regs.a0});
                """);
        String[] sweep = {"sweep", "@s.js", "--param", "k=1,2", "--out", "@out", "--jobs", "1"};
        assertEquals(0, f.vmsh(sweep).status());
        RunRecord first = f.record("out", "k=2");
        assertEquals(java.util.Set.of("g.s", "inc.s", "data.txt"),
                first.reads().stream().map(h -> Path.of(h.path()).getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        assertEquals(14L, first.result().get("data"));

        f.script("inc.s", "li a0, 5\n");   // only the included file changes
        VmshRun status = f.vmsh("sweep", "--status", "@out");
        assertTrue(status.out().contains("pending  2"), status.out());
        assertTrue(status.out().contains("k=1 (ran, but " + dir.resolve("inc.s") + " has changed since)"), status.out());
        VmshRun rerun = f.vmsh(sweep);
        assertTrue(rerun.err().contains("2 to run, 0 done before"), rerun.err());
        RunRecord second = latest(f.records("out"), first.point());
        assertEquals(5L, second.result().get("a0"));
        assertFalse(second.key().equals(first.key()), "the run key covers what the run read");
        assertEquals(first.point(), second.point());
    }

    @Test
    void theScriptItselfAndTheBudgetArePartOfThePointKey() throws Exception {
        f.script("s.js", "result({v: 1});");
        assertEquals(0, f.vmsh("sweep", "@s.js", "--out", "@out").status());
        f.script("s.js", "result({v: 2});");
        assertTrue(f.vmsh("sweep", "@s.js", "--out", "@out").err().contains("1 to run, 0 done before"));
        assertTrue(f.vmsh("sweep", "@s.js", "--out", "@out", "--max-insns", "1e6").err().contains("1 to run, 0 done before"));
        assertTrue(f.vmsh("sweep", "@s.js", "--out", "@out", "--max-insns", "1000000", "--timeout", "30").err().contains("0 to run, 1 done before"),
                "the wall-clock timeout is not part of the key");
    }

    @Test
    void aRecordCutShortByACrashIsSkippedAndTheNextStartsItsOwnLine() throws Exception {
        f.script("s.js", "result({n: params.n});");
        String[] sweep = {"sweep", "@s.js", "--param", "n=1..3", "--out", "@out", "--jobs", "1"};
        assertEquals(0, f.vmsh(sweep).status());
        Path records = dir.resolve("out/records.jsonl");
        String text = Files.readString(records);
        Files.writeString(records, text.substring(0, text.length() - 20));   // the last line cut mid-way, no newline
        VmshRun resumed = f.vmsh(sweep);
        assertEquals(0, resumed.status(), resumed.toString());
        assertTrue(resumed.err().contains("1 to run, 2 done before"), resumed.err());
        assertEquals(3, f.records("out").size());
        assertEquals(4, Files.readAllLines(records).size());
        VmshRun status = f.vmsh("sweep", "--status", "@out");
        assertTrue(status.out().contains("done     3"), status.out());
        assertTrue(status.err().contains("records.jsonl:3: not JSON (skipped)"), status.err());
    }

    @Test
    void eachRunWritesIntoItsOwnFolder() throws Exception {
        f.script("s.js", "writeFile('n.txt', String(params.n)); print(params.n); console.error('warn', params.n);");
        assertEquals(0, f.vmsh("sweep", "@s.js", "--param", "n=1,2", "--out", "@out").status());
        for (String n : List.of("1", "2")) {
            RunRecord r = f.record("out", "n=" + n);
            assertEquals(n, f.read("out/runs/" + r.point() + "/n.txt"));
            assertEquals(n + "\n", f.read("out/runs/" + r.point() + ".out"));
            assertEquals("warn " + n + "\n", f.read("out/runs/" + r.point() + ".err"));
        }
    }

    @Test
    void paramFileRowsCombineWithTheAxes() throws Exception {
        f.script("rows.csv", "technique,memory\nhw,16\ntrap,32\n");
        f.script("s.js", "result({label: params.technique + params.memory + '/' + params.seed});");
        assertEquals(0, f.vmsh("sweep", "@s.js", "--param-file", "@rows.csv", "--param", "seed=1..2", "--out", "@out").status());
        VmshRun c = f.vmsh("sweep", "--collect", "@out", "--csv", "@c.csv");
        assertEquals(0, c.status(), c.toString());
        assertEquals("""
                technique,memory,seed,exit,label,insns,error
                hw,16,1,0,hw16/1,0,
                hw,16,2,0,hw16/2,0,
                trap,32,1,0,trap32/1,0,
                trap,32,2,0,trap32/2,0,
                """, f.read("c.csv"));
    }

    @Test
    void mistakesOnTheCommandLineAreUsageErrors() throws Exception {
        f.script("s.js", "result({})");
        assertUsage("--out DIR is needed", "sweep", "@s.js");
        assertUsage("--jobs must be at least 1, got 0", "sweep", "@s.js", "--out", "@o", "--jobs", "0");
        assertUsage("--shard 4/4: need 0 <= I < N", "sweep", "@s.js", "--out", "@o", "--shard", "4/4");
        assertUsage("--shard x: write I/N", "sweep", "@s.js", "--out", "@o", "--shard", "x");
        assertUsage("parameter seed must be a whole number, got 0.5", "sweep", "@s.js", "--out", "@o", "--param", "seed=0.5");
        assertUsage("--csv, --json, --summary and --plot go with --collect", "sweep", "@s.js", "--out", "@o", "--csv", "x.csv");
        assertUsage("give --status or --collect, not both", "sweep", "--status", "--collect", "@o");
        VmshRun missing = f.vmsh("sweep", "@nothere.js", "--out", "@o");
        assertEquals(ExitCode.ERROR, missing.status());
        assertTrue(missing.err().contains("no such file: " + dir.resolve("nothere.js")), missing.err());
    }

    private void assertUsage(String message, String... args) {
        VmshRun r = f.vmsh(args);
        assertEquals(ExitCode.USAGE, r.status(), r.toString());
        assertTrue(r.err().startsWith("vmsh: ") && r.err().contains(message), r.err());
    }

    private static RunRecord latest(List<RunRecord> records, String point) {
        RunRecord best = null;
        for (RunRecord r : records) if (r.point().equals(point) && (best == null || r.finished().compareTo(best.finished()) >= 0)) best = r;
        return best;
    }

    private static String[] append(String[] a, String... more) {
        String[] all = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, all, a.length, more.length);
        return all;
    }

    @Test
    @Tag("slow")   // two runs of the idle-tax experiment
    void theIdleTaxExperimentSweepsOverTau() {
        VmshRun r = f.vmsh("sweep", VmshRun.repo("scripts/esx-idle-tax.js").toString(), "--param", "tau=0,0.75", "--out", "@idle");
        assertEquals(0, r.status(), r.toString());
        Object even = f.record("idle", "tau=0").result().get("activeMiB"), taxed = f.record("idle", "tau=0.75").result().get("activeMiB");
        assertTrue(even instanceof Number && taxed instanceof Number, even + " " + taxed);
        assertTrue(((Number) taxed).doubleValue() > ((Number) even).doubleValue() + 1,
                "the tax moves memory to the active VM: " + even + " MiB untaxed, " + taxed + " MiB at tau 0.75");
    }
}
