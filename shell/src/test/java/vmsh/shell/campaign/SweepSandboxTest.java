package vmsh.shell.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmsh.shell.ExitCode;
import vmsh.shell.VmshRun;

/**
 * A sweep's run is sandboxed and limited exactly as vmsh run is: each script here ends the
 * same way (exit status and error line) under both, with the same options.
 */
class SweepSandboxTest {
    @TempDir
    Path dir;

    private SweepFixture f;

    @BeforeEach
    void fixture() { f = new SweepFixture(dir); }

    @Test
    void theInstructionBudgetEndsTheRunAsUnderVmshRun() throws Exception {
        sameEnding(ExitCode.BUDGET, "const m = machine({memory: '1M'});\nm.load(asm`x: j x`);\nm.run();\n", "--max-insns", "1000");
    }

    @Test
    void theTimeoutEndsTheRunAsUnderVmshRun() throws Exception {
        sameEnding(ExitCode.BUDGET, "let i = 0;\nwhile (true) i++;\n", "--timeout", "1");
    }

    @Test
    void readsOutsideTheScriptsFolderAreRefusedAsUnderVmshRun() throws Exception {
        sameEnding(ExitCode.ERROR, "readFile('/etc/hostname');\n");
    }

    @Test
    void javaIsOutOfReachAsUnderVmshRun() throws Exception {
        sameEnding(ExitCode.ERROR, "Java.type('java.lang.System').exit(0);\n");
    }

    @Test
    void anUncaughtGuestFaultEndsTheRunAsUnderVmshRun() throws Exception {
        sameEnding(ExitCode.GUEST_FAULT, "const m = machine({memory: '1M'});\nm.load(asm`lw a0, 0(zero)`);\nm.run({insns: 100});\n");
    }

    @Test
    void exitEndsTheRunWithItsStatusAndNoErrorLine() throws Exception {
        Path script = f.script("s.js", "print('before');\nexit(4);\nprint('after');\n");
        assertEquals(4, VmshRun.of("run", script.toString()).status());
        f.vmsh("sweep", "@s.js", "--out", "@out");
        RunRecord r = f.records("out").get(0);
        assertEquals(4, r.exit());
        assertEquals(null, r.error());
        assertEquals("before\n", f.read("out/runs/" + r.point() + ".out"));
    }

    @Test
    void writesStayInsideTheRunsOutputFolder() throws Exception {
        f.script("s.js", "writeFile('../escape.txt', 'x');\n");
        f.vmsh("sweep", "@s.js", "--out", "@out");
        RunRecord r = f.records("out").get(0);
        assertEquals(ExitCode.ERROR, r.exit());
        assertTrue(r.error().contains("Error: writeFile(): '../escape.txt' is outside the output folder"), r.error());
        assertTrue(Files.notExists(dir.resolve("out/runs/escape.txt")) && Files.notExists(dir.resolve("out/escape.txt")));
    }

    @Test
    void theSweepsSeedSeedsMathRandomAsVmshRunsSeedDoes() throws Exception {
        Path s = f.script("s.js", "print(Math.random(), seed());\nresult({r: Math.random()});\n");
        f.vmsh("sweep", "@s.js", "--out", "@out", "--seed", "9");
        RunRecord r = f.records("out").get(0);
        assertEquals(VmshRun.of("run", "--seed", "9", s.toString()).out(), f.read("out/runs/" + r.point() + ".out"));
    }

    /** The script ends with {@code status} and the same one-line error under vmsh run and vmsh sweep, given {@code options}. */
    private void sameEnding(int status, String code, String... options) throws Exception {
        Path script = f.script("s.js", code);
        String[] run = new String[options.length + 2];
        run[0] = "run";
        System.arraycopy(options, 0, run, 1, options.length);
        run[run.length - 1] = script.toString();
        VmshRun alone = VmshRun.of(run);
        assertEquals(status, alone.status(), alone.toString());

        String[] sweep = new String[options.length + 4];
        sweep[0] = "sweep";
        sweep[1] = script.toString();
        sweep[2] = "--out";
        sweep[3] = dir.resolve("out").toString();
        System.arraycopy(options, 0, sweep, 4, options.length);
        VmshRun swept = VmshRun.of(sweep);
        assertEquals(ExitCode.ERROR, swept.status(), "a sweep with a failed run exits 1: " + swept);
        RunRecord r = f.records("out").get(0);
        assertEquals(status, r.exit());
        assertEquals(alone.err().strip(), r.error());
    }
}
