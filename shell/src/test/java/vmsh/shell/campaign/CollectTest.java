package vmsh.shell.campaign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmsh.shell.ExitCode;
import vmsh.shell.VmshRun;

/** vmsh sweep --collect: the per-run table, CSV and JSON, the summary and its plot. */
class CollectTest {
    @TempDir
    Path dir;

    private SweepFixture f;

    @BeforeEach
    void sweep() throws Exception {
        f = new SweepFixture(dir);
        f.script("s.js", """
                if (params.k === 'b' && params.seed === 3) throw new RangeError('no b at seed 3');
                result({y: params.x * 10 + params.seed, k: params.k, note: params.seed === 1 ? 'a, "quoted" note' : null});
                """);
        VmshRun r = f.vmsh("sweep", "@s.js", "--param", "k=a,b", "--param", "x=1,2", "--param", "seed=1..3", "--out", "@out", "--jobs", "2");
        assertEquals(ExitCode.ERROR, r.status(), r.toString());
    }

    @Test
    void runsAsCsvJsonAndATableInGridOrder() throws Exception {
        VmshRun c = f.vmsh("sweep", "--collect", "@out", "--csv", "@runs.csv", "--json", "@runs.json");
        assertEquals(0, c.status(), c.toString());
        String error = dir.resolve("s.js") + ":1:50: RangeError: no b at seed 3";
        assertEquals("""
                k,x,seed,exit,y,result.k,note,insns,error
                a,1,1,0,11,a,"a, ""quoted"" note",0,
                a,1,2,0,12,a,,0,
                a,1,3,0,13,a,,0,
                a,2,1,0,21,a,"a, ""quoted"" note",0,
                a,2,2,0,22,a,,0,
                a,2,3,0,23,a,,0,
                b,1,1,0,11,b,"a, ""quoted"" note",0,
                b,1,2,0,12,b,,0,
                b,1,3,1,,,,0,ERR
                b,2,1,0,21,b,"a, ""quoted"" note",0,
                b,2,2,0,22,b,,0,
                b,2,3,1,,,,0,ERR
                """.replace("ERR", error), f.read("runs.csv"));
        assertTrue(f.read("runs.json").startsWith("""
                [
                  {"k":"a","x":1,"seed":1,"exit":0,"y":11,"result.k":"a","note":"a, \\"quoted\\" note","insns":0,"error":null},
                """), f.read("runs.json"));
        assertEquals(12, Records.MAPPER.readValue(f.read("runs.json"), java.util.List.class).size());
        assertTrue(c.out().startsWith("k  x  seed  exit   y  result.k  note              insns  error\n"), c.out());
    }

    @Test
    void theSummaryIsMeanAndSpreadOverSeedsPerSeriesAndX() throws Exception {
        VmshRun c = f.vmsh("sweep", "--collect", "@out", "--x", "x", "--y", "y", "--group", "k", "--summary", "@s.csv");
        assertEquals(0, c.status(), c.toString());
        assertEquals("""
                k,x,runs,y_mean,y_sd,y_min,y_max
                a,1,3,12,1,11,13
                a,2,3,22,1,21,23
                b,1,2,11.5,0.7071067811865476,11,12
                b,2,2,21.5,0.7071067811865476,21,22
                """, f.read("s.csv"));
        assertEquals("""
                k  x  runs  y_mean    y_sd  y_min  y_max
                -  -  ----  ------  ------  -----  -----
                a  1     3      12       1     11     13
                a  2     3      22       1     21     23
                b  1     2    11.5  0.7071     11     12
                b  2     2    21.5  0.7071     21     22
                """, c.out());
        assertTrue(c.err().contains("collect: 2 runs left out of the summary (failed, or no number for --y)"), c.err());
    }

    @Test
    void thePlotIsAPngOrAnSvg() throws Exception {
        assertEquals(0, f.vmsh("sweep", "--collect", "@out", "--x", "x", "--y", "y", "--plot", "@p.png").status());
        byte[] png = Files.readAllBytes(dir.resolve("p.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        assertEquals(0, f.vmsh("sweep", "--collect", "@out", "--x", "x", "--y", "y", "--plot", "@plots/p.svg").status());
        assertTrue(f.read("plots/p.svg").contains("<svg"), "an SVG, in a folder made for it");
    }

    @Test
    void summaryMistakesAreExplained() {
        assertUsage("'z' is not a parameter of this sweep (its parameters: k, x, seed)", "--x", "z", "--y", "y");
        assertUsage("parameter 'k' varies too: name it in --group or --over", "--x", "x", "--y", "y", "--group", "seed", "--over", "x");
        assertUsage("--x, --group, --summary and --plot need --y NAME", "--x", "x");
        assertUsage("--plot needs --x NAME", "--y", "y", "--plot", "@p.png");
        assertUsage("--x k: its values are not all numbers (a); plot it as --group", "--x", "k", "--y", "y", "--plot", "@p.png");
        VmshRun none = f.vmsh("sweep", "--collect", "@nothing");
        assertEquals(ExitCode.ERROR, none.status());
        assertTrue(none.err().contains("holds no sweep (no sweep.json"), none.err());
    }

    @Test
    void pendingRunsAreCountedNotCollected() throws Exception {
        f.script("t.js", "result({v: params.n});");
        assertEquals(0, f.vmsh("sweep", "@t.js", "--param", "n=1..4", "--out", "@half", "--shard", "1/2").status());
        VmshRun c = f.vmsh("sweep", "--collect", "@half");
        assertEquals("n  exit  v  insns  error\n-  ----  -  -----  -----\n2     0  2      0\n4     0  4      0\n", c.out());
        assertTrue(c.err().contains("collect: 2 of 4 runs have no record yet"), c.err());
        VmshRun status = f.vmsh("sweep", "--status", "@half");
        assertTrue(status.out().contains("pending  2\n") && status.out().contains("pending:\n  n=1\n  n=3\n"), status.out());
    }

    private void assertUsage(String message, String... options) {
        String[] args = new String[options.length + 3];
        args[0] = "sweep";
        args[1] = "--collect";
        args[2] = "@out";
        System.arraycopy(options, 0, args, 3, options.length);
        VmshRun r = f.vmsh(args);
        assertEquals(ExitCode.USAGE, r.status(), r.toString());
        assertTrue(r.err().contains(message), r.err());
    }
}
