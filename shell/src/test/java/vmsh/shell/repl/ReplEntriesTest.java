package vmsh.shell.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vmsh.shell.Io;
import vmsh.shell.VmshRun;
import vmsh.shell.api.Session;

/** Entries as the terminal REPL handles them: what it echoes, what .save keeps, dot-commands, exit(). */
class ReplEntriesTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    private final PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8), e = new PrintStream(err, true, StandardCharsets.UTF_8);
    private final Session session = new Session(o, e, Path.of(""), List.of());
    private final Entries entries = new Entries(session, new Io(new ByteArrayInputStream(new byte[0]), o, e, true), true);

    @AfterEach void close() { session.close(); }

    private String run(String... lines) {
        for (String line : lines) entries.handle(line, "repl", 1);
        String s = out.toString(StandardCharsets.UTF_8);
        out.reset();
        return s;
    }

    @Test void callsThatReturnNothingEchoNothing() {
        assertEquals("x\n", run("print('x')", "help", "m = machine({memory: '1M'})", "m.on('insn', c => {}).remove()").substring(0, 2));
        String echoed = run("print('y')", "writeFile('target/vmsh-echo-test.txt', 'z')", "hv.create({name: 'q'}).on('exit', e => {})");
        assertFalse(echoed.contains("null") || echoed.contains("undefined"), echoed);
        assertTrue(echoed.startsWith("y\nexit hook of VM 'q'"), echoed);
    }

    @Test void saveKeepsOnlyTheJavaScriptThatRan() throws Exception {
        Path file = Path.of("target/vmsh-save-entries.js");
        Files.deleteIfExists(file);
        run("let n = 1", "n +", "oops(", "throw new Error('no')", "info registers", "n = n + 1", ".save " + file);
        assertEquals("let n = 1\nn = n + 1\n", Files.readString(file));
        VmshRun again = VmshRun.withInput(".load " + file + "\nprint(n)\n");
        assertEquals("2\n", again.out(), again.err());
    }

    @Test void anUnknownDotCommandSaysSo() {
        run(".frobnicate now");
        assertEquals("unknown command .frobnicate (.help lists the commands)\n", err.toString(StandardCharsets.UTF_8));
        assertTrue(Entries.isCommand(session, ".frobnicate"));
        assertFalse(Entries.isCommand(session, ".5 + 1"));
    }

    @Test void exitEndsTheReplWithItsStatus() {
        assertFalse(entries.handle("print('before')", "repl", 1));
        assertTrue(entries.handle("exit(4)", "repl", 2));
        assertEquals(4, entries.exitStatus());
        VmshRun piped = VmshRun.withInput("print(1)\nexit(5)\nprint(2)\n");
        assertEquals(5, piped.status());
        assertEquals("1\n", piped.out());
    }
}
