package vmsh.shell.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import vmsh.shell.Io;
import vmsh.shell.cli.Cli;
import vmsh.shell.gdb.GdbMultiarch;

/** The REPL's gdb command, and gdb's monitor reaching the REPL's monitor commands. */
class GdbMonitorTest {
    private static final String SESSION = """
            m = machine({memory: '1M'})
            m.load(asm`
            _start: la   s0, counter
            loop:   addi a0, a0, 1
            store:  sw   a0, 0(s0)
                    j    loop
            counter: .word 0
            `)
            gdb 0
            print(m.regs.a0, m.hooks().length)
            """;

    @Test void gdbDrivesTheCurrentMachineAndItsMonitorIsTheRepls() throws Exception {
        assumeTrue(GdbMultiarch.find() != null, GdbMultiarch.MISSING);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GdbMultiarch.PortWatch err = new GdbMultiarch.PortWatch();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> Cli.run(new String[0],
                new Io(new ByteArrayInputStream(SESSION.getBytes(StandardCharsets.UTF_8)), o, err.stream(), false)));
        String gdb = GdbMultiarch.run(null, err.port(), "set breakpoint always-inserted on", "break *0x80000008", "continue", "continue", "continue",
                "monitor info breakpoints", "monitor x/1dw counter", "monitor info registers", "monitor bogus", "detach");
        assertEquals(0, status.get(60, TimeUnit.SECONDS), err.text());
        assertTrue(gdb.matches("(?s).*hook \\d+: break at 0x80000008\n.*"), gdb);
        assertTrue(gdb.contains("0x80000014 <counter>:\t2"), gdb);
        assertTrue(gdb.contains("a0 (x10)  0x00000002"), gdb);
        assertTrue(gdb.contains("not a vmsh monitor command: 'bogus'"), gdb);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.matches("(?s).*gdb detached after \\d+ resumes\n0x80000008 <loop>:.*"), printed);
        assertTrue(printed.contains("2 0\n"), "a0 is 2 and gdb's breakpoint is gone\n" + printed);
    }
}
