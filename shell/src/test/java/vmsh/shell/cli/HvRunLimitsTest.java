package vmsh.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmsh.shell.VmshRun;
import vmsh.shell.api.ScriptError;
import vmsh.shell.api.Session;

/** hv.run and vm.run under the session's limits: --max-insns, --timeout and Ctrl-C; and vmsh bench hv. */
class HvRunLimitsTest {
    /** A VM 'a' (technique args[0]) that never stops, run by hv.run() or, with args[1] = 'vm', a.run(). */
    static final String RUNAWAY = """
            const a = hv.create({ name: 'a', memory: '4M', technique: args[0] });
            a.load(asm`
                .text
                .globl _start
            _start:
            1:  addi t0, t0, 1
                j 1b
            `);
            print(JSON.stringify(args[1] === 'vm' ? a.run() : hv.run()));
            """;

    @TempDir Path dir;

    private String runaway() throws IOException {
        Path script = dir.resolve("runaway.js");
        Files.writeString(script, RUNAWAY);
        return script.toString();
    }

    @Test void aRunawayGuestExhaustsTheInstructionBudget() throws IOException {
        for (String technique : List.of("hw", "trap")) {
            for (String how : List.of("hv", "vm")) {
                VmshRun r = VmshRun.of("run", "--max-insns", "100000", runaway(), technique, how);
                assertEquals(124, r.status(), r.toString());
                assertEquals("", r.out());
                assertTrue(r.err().matches(".*runaway\\.js:9:\\d+: instruction budget of 100000 exhausted in VM 'a' at guest pc 0x8000000[04]\n"),
                        r.err());
            }
        }
    }

    @Test void aRunawayGuestRunsIntoTheTimeout() throws IOException {
        VmshRun r = VmshRun.of("run", "--timeout", "1", runaway(), "hw", "hv");
        assertEquals(124, r.status(), r.toString());
        assertTrue(r.err().matches(".*runaway\\.js:9:\\d+: timeout of 1 s in VM 'a' at guest pc 0x8000000[04]\n"), r.err());
    }

    @Test void runsWithinTheBudgetEndNormallyAndUseIt() throws IOException {
        Path script = dir.resolve("two.js");
        Files.writeString(script, """
                const g = asm`
                    .text
                    .globl _start
                _start:
                    li t0, 1000
                1:  addi t0, t0, -1
                    bnez t0, 1b
                    li a7, 0x53525354
                    li a6, 0
                    li a0, 0
                    li a1, 0
                    ecall
                `;
                const a = hv.create({ name: 'a', technique: 'hw' });
                a.load(g);
                const r = hv.run({ insns: 1e6 });
                print(r[0].state, r[0].insns);
                const b = hv.create({ name: 'b', technique: 'trap' });
                b.load(g);
                print(b.run().state);
                """);
        VmshRun ok = VmshRun.of("run", "--max-insns", "5000", script.toString());
        assertEquals(0, ok.status(), ok.toString());
        assertEquals("halted 2008\nhalted\n", ok.out());   // 2007 and the fetch that faulted the code page in
        VmshRun over = VmshRun.of("run", "--max-insns", "3000", script.toString());   // b needs over 2000 more
        assertEquals(124, over.status(), over.toString());
        assertTrue(over.err().contains("instruction budget of 3000 exhausted in VM 'b' at guest pc"), over.err());
    }

    @Test void ctrlCStopsTheHypervisorsRunLoop() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Session session = new Session(out, out, dir, List.of("trap"))) {
            session.eval(RUNAWAY.replace("print(JSON.stringify(args[1] === 'vm' ? a.run() : hv.run()));", ""), "t.js", 1);
            CompletableFuture<Object> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return session.eval("hv.run()[0].state", "t.js", 1).asString();
                } catch (ScriptError e) {
                    return e;
                }
            });
            Thread.sleep(300);
            session.interrupt();
            Object outcome = run.get(20, TimeUnit.SECONDS);
            // the run returned with the VM still ready, or the evaluation was interrupted just after it
            assertTrue("ready".equals(outcome) || outcome instanceof ScriptError e && e.interrupted(), String.valueOf(outcome));
            assertEquals("ready", evalAfterInterrupt(session, "a.run({insns: 10}).state"));   // still usable
        }
    }

    /** Evaluates {@code code}, again if the interrupt of the run before reached it instead (it may come late). */
    private static String evalAfterInterrupt(Session session, String code) {
        try {
            return session.eval(code, "t.js", 1).asString();
        } catch (ScriptError e) {
            if (!e.interrupted()) throw e;
            return session.eval(code, "t.js", 1).asString();
        }
    }

    @Test void benchHvPrintsBothFiguresAgainstTheirTargets() {
        VmshRun r = VmshRun.of("bench", "hv", "--iterations", "20");
        assertEquals(0, r.status(), r.toString());
        String[] lines = r.out().split("\n");
        assertEquals(2, lines.length, r.out());
        assertTrue(lines[0].matches("trap-and-emulate: \\d+\\.\\d\\d M exit round trips/s on a csrr loop \\(target 5 M/s: (met|NOT met)\\)"), lines[0]);
        assertTrue(lines[1].matches("hw: \\d+ MIPS against \\d+ MIPS on the bare machine = \\d+% \\(target 80%: (met|NOT met)\\)"), lines[1]);
    }
}
