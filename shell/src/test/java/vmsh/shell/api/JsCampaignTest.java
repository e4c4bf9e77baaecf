package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vmsh.shell.ExitCode;
import vmsh.shell.VmshRun;

/** campaign(dir): a sweep's results as JavaScript values, in scripts and in the REPL, the same as --collect and --status. */
class JsCampaignTest {
    /** Under the working directory (the module's), where the REPL and stdin scripts may read. */
    private Path dir;

    @BeforeEach
    void sweep() throws Exception {
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "campaign-tests")).toAbsolutePath(), "t");
        Files.writeString(dir.resolve("p.js"), """
                if (params.n === 3 && seed() === 2) throw new Error('three and two');
                result({y: params.n * 10 + seed(), label: 'n' + params.n});
                """);
        VmshRun r = VmshRun.of("sweep", dir.resolve("p.js").toString(), "--param", "n=1..3", "--param", "seed=1,2",
                "--out", dir.resolve("runs").toString(), "--jobs", "2");
        assertEquals(ExitCode.ERROR, r.status(), r.toString());
    }

    @AfterEach
    void remove() throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private VmshRun script(String code) throws Exception {
        Path s = Files.writeString(dir.resolve("read.js"), code);
        return VmshRun.of("run", s.toString());
    }

    @Test
    void runsAreTheRowsCollectPrints() throws Exception {
        VmshRun r = script("""
                const c = campaign('runs');
                print(c, c.script, c.parameters.join(' '));
                print(table(c.runs()));
                const rows = c.runs();
                print(rows.length, rows[2].n, rows[2].seed, rows[2].y, rows[2].label, rows[5].exit, rows[5].error);
                """);
        assertEquals(0, r.status(), r.toString());
        String table = VmshRun.of("sweep", "--collect", dir.resolve("runs").toString()).out();
        assertEquals("campaign(runs) " + dir.resolve("p.js") + " n seed\n" + table
                + "6 2 1 21 n2 1 " + dir.resolve("p.js") + ":1:43: Error: three and two\n", r.out());
    }

    @Test
    void summaryIsMeanAndSpreadOverSeeds() throws Exception {
        VmshRun r = script("""
                const s = campaign('runs').summary({y: 'y', x: 'n'});
                print(s.map(row => row.y_mean).join(' '), s[0].runs, s[0].y_sd.toFixed(4));
                print(JSON.stringify(s));
                """);
        assertEquals(0, r.status(), r.toString());
        VmshRun collect = VmshRun.of("sweep", "--collect", dir.resolve("runs").toString(), "--y", "y", "--x", "n",
                "--summary", dir.resolve("summary.json").toString());
        assertEquals(0, collect.status(), collect.toString());
        String summary = Files.readString(dir.resolve("summary.json")).replace("\n", "").replace("  ", "");
        assertEquals("11.5 21.5 31 2 0.7071\n" + summary + "\n", r.out(), "the rows --summary writes");
    }

    @Test
    void statusCountsAndNamesTheFailures() throws Exception {
        VmshRun r = script("print(JSON.stringify(campaign(['runs', 'runs']).status()))");
        assertEquals(0, r.status(), r.toString());
        assertEquals("{\"script\":\"" + dir.resolve("p.js") + "\",\"runs\":6,\"done\":5,\"failed\":1,\"pending\":0,"
                + "\"failures\":[{\"n\":3,\"seed\":2,\"exit\":1,\"error\":\"" + dir.resolve("p.js") + ":1:43: Error: three and two\"}]}\n", r.out());
    }

    @Test
    void eachCallReadsTheFolderAgain() throws Exception {
        VmshRun r = VmshRun.withInput("""
                const c = campaign('%s');
                print(c.status().done);
                """.formatted(dir.resolve("runs")), "run", "-");
        assertEquals("5\n", r.out(), r.toString());
        VmshRun more = VmshRun.of("sweep", dir.resolve("p.js").toString(), "--param", "n=1..4", "--param", "seed=1,2",
                "--out", dir.resolve("runs").toString(), "--jobs", "1");
        assertEquals(ExitCode.ERROR, more.status(), more.toString());
        assertEquals("7\n", VmshRun.withInput("print(campaign('%s').status().done)".formatted(dir.resolve("runs")), "run", "-").out());
    }

    @Test
    void theReplReadsCampaignsToo() {
        VmshRun r = VmshRun.withInput("""
                const c = campaign('%s')
                print(c.runs().filter(r => r.exit === 0).length)
                help('campaign')
                """.formatted(dir.resolve("runs")));
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().startsWith("5\ncampaign: The results of a sweep"), r.out());
        assertTrue(r.out().contains("c.summary({y, x, group, over})"), r.out());
    }

    @Test
    void theReadmeExampleRuns() throws Exception {
        String readme = Files.readString(VmshRun.repo("README.md"));
        int section = readme.indexOf("### From a script or the REPL");
        int start = readme.indexOf("```js\n", section) + 6;
        String example = readme.substring(start, readme.indexOf("```\n", start));
        VmshRun sweep = VmshRun.of("sweep", VmshRun.repo("scripts/tlb-sweep.js").toString(), "--param", "entries=8,32", "--param", "pages=8,24",
                "--param", "policy=lru", "--param", "seed=1..2", "--param", "accesses=200", "--out", dir.resolve("runs/tlb").toString());
        assertEquals(0, sweep.status(), sweep.toString());
        VmshRun r = VmshRun.of("run", "--out", dir.resolve("out").toString(), Files.writeString(dir.resolve("example.js"), example).toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().startsWith("8 of 8 runs done\nentries  policy  pages  runs  missRate_mean "), r.out());
        assertEquals(4 + 2, r.out().lines().count() - 1, r.out());
        assertTrue(Files.size(dir.resolve("out/tlb-rate.png")) > 1000);
    }

    @Test
    void mistakesAreLocatedErrors() throws Exception {
        VmshRun none = script("campaign('nope')");
        assertEquals(ExitCode.ERROR, none.status());
        assertTrue(none.err().contains("read.js:1:1: Error: campaign: 'nope' is no sweep folder"), none.err());
        VmshRun outside = script("campaign('/etc')");
        assertTrue(outside.err().contains("Error: campaign: '/etc' is no sweep folder"), outside.err());
        VmshRun notAParameter = script("campaign('runs').summary({y: 'y', x: 'tau'})");
        assertTrue(notAParameter.err().contains("read.js:1:1: Error: c.summary(): campaign: 'tau' is not a parameter of this sweep (its parameters: n, seed)"),
                notAParameter.err());
        VmshRun noY = script("campaign('runs').summary({x: 'n'})");
        assertTrue(noY.err().contains("TypeError: c.summary({y}) needs y"), noY.err());
        VmshRun notAFolder = script("campaign(42)");
        assertTrue(notAFolder.err().contains("TypeError"), notAFolder.err());
        assertTrue(!none.err().contains("Exception") && !noY.err().contains("Exception"), none.err() + noY.err());
    }
}
