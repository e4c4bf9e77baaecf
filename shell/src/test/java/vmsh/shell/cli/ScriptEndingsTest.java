package vmsh.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmsh.shell.VmshRun;

/**
 * How a graded script ends: limits no catch can swallow, exit(code), a result that sets
 * the exit status, what an uncaught non-Error says, and a clock that does not move with
 * the wall.
 */
class ScriptEndingsTest {
    /** A machine that never stops, run inside try/catch/finally that would report success. */
    private static final String SWALLOWER = """
            const m = machine({memory: '1M'});
            m.load(asm`_start: addi a0, a0, 1
                       j _start`);
            try {
                m.run();
            } catch (e) {
                print('caught', e);
            } finally {
                print('finally');
            }
            print('after');
            """;

    @TempDir Path dir;

    private String script(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p.toString();
    }

    @Test void anInstructionBudgetEndsTheScriptWhateverItCatches() throws IOException {
        VmshRun r = VmshRun.of("run", "--max-insns", "1000", script("grade.js", SWALLOWER));
        assertEquals(124, r.status(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().matches(".*grade\\.js:5:\\d+: instruction budget of 1000 exhausted at guest pc 0x8000000[04]\n"), r.err());
    }

    @Test void aBudgetRunningOutUnderTheHypervisorEndsTheScriptToo() throws IOException {
        VmshRun r = VmshRun.of("run", "--max-insns", "5000", script("grade.js", """
                const a = hv.create({name: 'a', memory: '4M'});
                a.load(asm`_start: j _start`);
                try { hv.run(); } catch (e) { print('caught'); }
                print('after');
                """));
        assertEquals(124, r.status(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().contains("grade.js:3:"), r.err());
        assertTrue(r.err().contains("instruction budget of 5000 exhausted in VM 'a' at guest pc"), r.err());
    }

    @Test void aTimeoutEndsTheScriptWhateverItCatches() throws IOException {
        VmshRun r = VmshRun.of("run", "--timeout", "2", script("grade.js", SWALLOWER));
        assertEquals(124, r.status(), r.toString());
        assertEquals("", r.out());
        // where the guest was, when the deadline finds it running (on a very busy machine it may not be yet)
        assertTrue(r.err().matches(".*grade\\.js:\\d+:\\d+: timeout of 2 s( at guest pc 0x8000000[04])?\n"), r.err());
    }

    @Test void aTimeoutStopsALongAssembly() throws IOException {
        VmshRun r = VmshRun.of("run", "--timeout", "1", script("big.js", """
                try {
                    asm('nop\\n'.repeat(3_000_000));
                } catch (e) {
                    print('caught');
                }
                print('after');
                """));
        assertEquals(124, r.status(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().matches(".*big\\.js:2:\\d+: timeout of 1 s\n"), r.err());
    }

    @Test void exitEndsTheScriptWithItsStatusAndKeepsWhatItPrinted() throws IOException {
        VmshRun r = VmshRun.of("run", script("exit.js", """
                print('score 3/5');
                try { exit(7); } catch (e) { print('caught'); } finally { print('finally'); }
                print('after');
                """));
        assertEquals(7, r.status(), r.toString());
        assertEquals("score 3/5\n", r.out());
        assertEquals("", r.err());
        assertEquals(0, VmshRun.of("run", script("zero.js", "exit()")).status());
        VmshRun bad = VmshRun.of("run", script("bad.js", "exit(256)"));
        assertEquals(1, bad.status());
        assertTrue(bad.err().contains("RangeError: exit(code): code 256 is not an exit status (0 to 255)"), bad.err());
    }

    @Test void aJsonResultWithAnExitCodeSetsTheStatus() throws IOException {
        VmshRun failing = VmshRun.of("run", "--json", script("r.js", "({score: 2, max: 5, exitCode: 1})"));
        assertEquals(1, failing.status(), failing.toString());
        assertEquals("{\"score\":2,\"max\":5,\"exitCode\":1}", failing.out().replaceAll("\\s", ""));
        assertEquals(0, VmshRun.of("run", "--json", script("ok.js", "({score: 5, exitCode: 0})")).status());
        assertEquals(0, VmshRun.of("run", script("plain.js", "({exitCode: 1})")).status());   // only with --json
        VmshRun wraps = VmshRun.of("run", "--json", script("big.js", "({exitCode: 256})"));
        assertEquals(1, wraps.status(), wraps.toString());
        assertEquals("vmsh: --json: the result's exitCode 256 is not an exit status (a whole number from 0 to 255)\n", wraps.err());
        assertEquals(1, VmshRun.of("run", "--json", script("half.js", "({exitCode: 0.5})")).status());
    }

    @Test void anUncaughtValueThatIsNotAnErrorSaysWhatItWas() throws IOException {
        VmshRun r = VmshRun.of("run", script("t.js", "throw {code: 5, why: 'bad'}"));
        assertEquals(1, r.status());
        assertTrue(r.err().matches(".*t\\.js:1:1: uncaught \\{ code: 5, why: 'bad' \\}\n"), r.err());
        VmshRun s = VmshRun.of("run", script("s.js", "throw 'oops'"));
        assertTrue(s.err().endsWith("s.js:1:1: uncaught 'oops'\n"), s.err());
    }

    @Test void dateReadsASimulatedClockUnlessRealTimeIsAsked() throws IOException {
        String clock = script("clock.js", """
                const t0 = Date.now();
                const d = new Date();
                print(`${t0} ${d.toISOString()} ${Date.now() - t0} ${new Date(0).toISOString()} ${typeof Date()} ${d instanceof Date}`);
                """);
        VmshRun r = VmshRun.of("run", clock);
        assertEquals("946684800000 2000-01-01T00:00:00.001Z 2 1970-01-01T00:00:00.000Z string true\n", r.out(), r.toString());
        assertEquals(r.out(), VmshRun.of("run", clock).out());   // the same every time
        VmshRun real = VmshRun.of("run", "--real-time", script("real.js", "print(Date.now() > 1.7e12)"));
        assertEquals("true\n", real.out(), real.toString());
    }

    @Test void limitEndsOnePieceOfWorkAndTheScriptGoesOn() throws IOException {
        VmshRun r = VmshRun.of("run", "--max-insns", "1e12", script("class.js", """
                const runaway = asm`_start: j _start`;
                for (const limits of [{insns: 5000}, {seconds: 0.3}]) {
                    try {
                        limit(limits, () => { const m = machine({memory: '1M'}); m.load(runaway); m.run(); });
                    } catch (e) {
                        print(e.name, e.message);
                    }
                }
                try {
                    limit({seconds: 0.3}, () => asm('nop\\n'.repeat(3_000_000)));
                } catch (e) {
                    print(e.name, e.message);
                }
                print(limit({insns: 10}, () => 'fn returns ' + 42));
                """));
        assertEquals(0, r.status(), r.toString());
        assertEquals("""
                LimitError instruction budget of 5000 exhausted at guest pc 0x80000000
                LimitError time limit of 0.3 s at guest pc 0x80000000
                LimitError time limit of 0.3 s
                fn returns 42
                """, r.out());
    }

    @Test void theSessionsBudgetStillEndsTheScriptInsideALimit() throws IOException {
        VmshRun r = VmshRun.of("run", "--max-insns", "1000", script("inside.js", """
                try {
                    limit({insns: 1e6}, () => { const m = machine({memory: '1M'}); m.load(asm`_start: j _start`); m.run(); });
                } catch (e) {
                    print('caught', e);
                }
                """));
        assertEquals(124, r.status(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().contains("instruction budget of 1000 exhausted"), r.err());
    }
}
