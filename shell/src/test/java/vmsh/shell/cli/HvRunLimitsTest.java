package vmsh.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
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
        assertTrue(r.err().matches(".*runaway\\.js:9:\\d+: timeout of 1 s( in VM 'a' at guest pc 0x8000000[04])?\n"), r.err());   // where, once the guest runs
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

    /** Ctrl-C while hv.run runs a VM: the run stops, the entry ends as interrupted, the VM stays usable. No sleeps. */
    @Test void ctrlCStopsTheHypervisorsRunLoop() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        PrintStream out = new PrintStream(new OutputStream() {
            @Override public void write(int b) { if (b == '!') running.countDown(); }
        }, true, StandardCharsets.UTF_8);
        try (Session session = new Session(out, out, dir, List.of())) {
            session.eval("""
                    const a = hv.create({ name: 'a', memory: '4M', technique: 'trap' });
                    a.load(asm`
                    _start: csrr t1, sstatus     # an exit each time round under trap-and-emulate
                            addi t0, t0, 1
                            j _start
                    `);
                    let exits = 0;
                    a.on('exit', e => { if (++exits === 100) print('!') });
                    """, "t.js", 1);
            CompletableFuture<Object> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return session.eval("hv.run()[0].state", "t.js", 1).asString();
                } catch (ScriptError e) {
                    return e;
                }
            });
            assertTrue(running.await(60, TimeUnit.SECONDS), () -> "the guest never ran: " + run.getNow("the run has not ended"));
            session.interrupt();
            Object outcome = run.get(20, TimeUnit.SECONDS);
            assertTrue(outcome instanceof ScriptError e && e.interrupted(), String.valueOf(outcome));
            assertEquals("ready", session.eval("a.run({insns: 10}).state", "t.js", 1).asString());   // still usable
        }
    }

    @Tag("slow")   // a benchmark
    @Test void benchHvPrintsItsFiguresAgainstTheirTargets() {
        VmshRun r = VmshRun.of("bench", "hv", "--iterations", "20");
        assertEquals(0, r.status(), r.toString());
        String[] lines = r.out().split("\n");
        assertEquals(6, lines.length, r.out());
        assertTrue(lines[0].matches("trap-and-emulate: \\d+\\.\\d\\d M exit round trips/s on a csrr loop \\(target 5 M/s: (met|NOT met)\\)"), lines[0]);
        assertTrue(lines[1].matches("bt: \\d+\\.\\d\\d M callouts/s on the same loop, translated \\(each csrr a callout, no exit\\)"), lines[1]);
        assertTrue(lines[2].matches("pv: \\d+\\.\\d\\d M hypercall round trips/s on a loop of EXT_VMSH irq calls"), lines[2]);
        assertTrue(lines[3].matches("hw: \\d+ MIPS against \\d+ MIPS on the bare machine = \\d+% \\(target 80%: (met|NOT met)\\)"), lines[3]);
        assertTrue(lines[4].matches("hw, translated: \\d+ MIPS against \\d+ MIPS on the bare machine, translated = \\d+% \\(target 90%: (met|NOT met)\\)"), lines[4]);
        assertTrue(lines[5].matches("the kernel's boot, guest MIPS: trap \\d+ trap-vtlb \\d+ bt \\d+ pv \\d+ hw-shadow \\d+ hw \\d+"), lines[5]);
    }
}
