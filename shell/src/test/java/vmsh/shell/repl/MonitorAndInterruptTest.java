package vmsh.shell.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import vmsh.shell.VmshRun;
import vmsh.shell.api.ScriptError;
import vmsh.shell.api.Session;

class MonitorAndInterruptTest {
    private static final String GUEST = """
            m = machine({memory: '1M'})
            m.load(asm`
            _start: li t0, 3
            loop:   addi t0, t0, -1
                    bnez t0, loop
                    la a0, msg
            spin:   j spin
            msg:    .string "hi"
            `)
            """;

    @Test
    void monitorCommandsMapOntoTheCurrentMachine() {
        VmshRun r = VmshRun.withInput(GUEST + """
                x/2wx 0x80000000
                xp/2i _start
                x/s msg
                x/4bx $pc
                x/2dw 0x80000000
                break spin
                continue
                info registers
                step 2
                info breakpoints
                delete
                info tlb
                info mem
                info pmap
                """);
        String[] out = r.out().split("\n");
        assertEquals("0x80000000 <_start>:\t0x00300293\t0xfff28293", out[0]);
        assertEquals("=> 0x80000000 <_start>:\t00300293  li t0, 3", out[1]);
        assertEquals("   0x80000004 <loop>:\tfff28293  addi t0, t0, -1", out[2]);
        assertEquals("0x80000018 <msg>:\t\"hi\"", out[3]);
        assertEquals("0x80000000 <_start>:\t0x93\t0x02\t0x30\t0x00", out[4]);
        assertEquals("0x80000000 <_start>:\t3146387\t-884077", out[5]);
        assertEquals("hook 1: break at 0x80000014", out[6]);
        assertEquals("break: breakpoint 1 at 0x80000014 (9 instructions)", out[7]);
        assertTrue(out[8].startsWith("pc        0x80000014"), out[8]);
        assertTrue(r.out().contains("a0 (x10)  0x80000018"), r.out() + r.err());
        assertTrue(r.out().contains("break: breakpoint 1 at 0x80000014\n0x80000014 <spin>:\t0000006f  j 0x80000014"), r.out());
        assertTrue(r.out().contains("hook 1: break at 0x80000014\n1 hook removed\nTLB: 32 entries"), r.out());
        assertTrue(r.out().contains("no mappings (satp is Bare: paging is off)"), r.out());
        assertTrue(r.out().contains("info pmap: the current machine is a bare machine"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void monitorCommandsWithoutAMachineSaySo() {
        VmshRun r = VmshRun.withInput("info registers\n");
        assertEquals(1, r.status());
        assertEquals("Error: no machine yet: create one with m = machine() (or select one with use(m))\n", r.err());
    }

    @Test
    void useSelectsTheMachineOfTheMonitorCommands() {
        VmshRun r = VmshRun.withInput("a = machine({memory: '1M'}); a.pc = 0x80000100\nb = machine({memory: '1M'})\nuse(a)\nx/1i $pc\n");
        assertTrue(r.out().startsWith("=> 0x80000100:"), r.out());
    }

    /**
     * Ctrl-C while a guest runs: the guest stops, the entry ends as interrupted (always: the
     * session does not race the JavaScript to the next statement), the machine keeps its
     * state and stays usable. The hook says (through the output) when the guest is running,
     * so the test needs no sleep.
     */
    @Test
    void ctrlCStopsARunningGuestAndKeepsTheMachine() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        PrintStream out = new PrintStream(new OutputStream() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public void write(int b) {
                if (b != '\n') line.append((char) b);
                else if (line.toString().equals("running")) running.countDown();
                else line.setLength(0);
            }
        }, true, StandardCharsets.UTF_8);
        try (Session session = new Session(out, out, Path.of(""), List.of())) {
            session.eval("m = machine({memory: '1M'}); m.load(asm`_start: addi a0, a0, 1\n j _start`)\n"
                    + "m.on('insn', {from: 0x80000000}, c => { if (c.regs.a0 === 1000) print('running') })", "t", 1);
            CompletableFuture<Object> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return session.eval("r = m.run(); print('after the run'); r.reason", "t", 1).asString();
                } catch (ScriptError e) {
                    return e;
                }
            });
            assertTrue(running.await(60, TimeUnit.SECONDS), () -> "the guest never ran: " + run.getNow("the run has not ended"));
            session.interrupt();
            Object outcome = run.get(20, TimeUnit.SECONDS);
            assertTrue(outcome instanceof ScriptError e && e.interrupted() && e.getMessage().endsWith("interrupted"), String.valueOf(outcome));
            long a0 = session.eval("m.regs.a0", "t", 1).asLong();
            assertTrue(a0 >= 1000, "the guest ran: a0 = " + a0);
            assertEquals("budget", session.eval("m.run({insns: 10}).reason", "t", 1).asString());   // still usable
            assertEquals(a0 + 5, session.eval("m.regs.a0", "t", 1).asLong());                        // from where it was
        }
    }

    /** Ctrl-C when nothing runs stops nothing: it never lands on the next command. */
    @Test
    void ctrlCBetweenCommandsStopsNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Session session = new Session(out, out, Path.of(""), List.of())) {
            session.eval("m = machine({memory: '1M'}); m.load(asm`_start: addi a0, a0, 1\n j _start`)", "t", 1);
            session.interrupt();
            assertEquals("budget", session.eval("m.run({insns: 1000}).reason", "t", 1).asString());
            assertEquals(1000, session.eval("let n = 0; for (let i = 0; i < 1000; i++) n++; n", "t", 1).asInt());
            assertEquals("", bytes.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void dotSaveWritesTheSessionsInputAndDotLoadRunsAFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path lib = Path.of("target/vmsh-load-test.js");   // .load reads under the working directory, as readFile
        java.nio.file.Files.writeString(lib, "function twice(x) { return 2 * x }\n");
        Path saved = Path.of("target/vmsh-save-test.js");   // the output folder is the working directory (--out .)
        java.nio.file.Files.deleteIfExists(saved);
        VmshRun r = VmshRun.withInput(".load " + lib + "\nprint(twice(21))\n.save " + saved + "\n.save /tmp/elsewhere.js\n", "--out", ".");
        assertTrue(r.out().startsWith("42\nsaved 1 entries to "), r.out());
        assertEquals("print(twice(21))\n", java.nio.file.Files.readString(saved));
        assertTrue(r.err().contains("'/tmp/elsewhere.js' is outside the output folder"), r.err());
    }
}
