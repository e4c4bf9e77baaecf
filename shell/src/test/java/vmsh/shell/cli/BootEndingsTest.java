package vmsh.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vmsh.shell.Io;
import vmsh.shell.VmshRun;

/**
 * How vmsh boot ends, as a grader reads it: the guest's code never wraps to 0 and can be
 * kept apart from vmsh's own statuses, time limits below a second, Ctrl-C, and vmsh's line
 * on a line of its own.
 */
class BootEndingsTest {
    /** Prints "ready" (no newline after "go"), then loops forever. */
    private static final String SPIN = """
                    .globl _start
            _start: li   t0, 0x10000000
                    li   t1, 'r'
                    sb   t1, 0(t0)
                    li   t1, '\\n'
                    sb   t1, 0(t0)
                    li   t1, 'g'
                    sb   t1, 0(t0)
                    li   t1, 'o'
                    sb   t1, 0(t0)
            spin:   j    spin
            """;

    @TempDir
    Path tmp;

    private Path exiting(int code) throws IOException {
        return Files.writeString(tmp.resolve("exit" + code + ".s"), """
                _start: li t0, 0x100000
                        li t1, (%d << 16) | 0x3333
                        sw t1, 0(t0)
                """.formatted(code));
    }

    @Test
    void aGuestCodeNeverWrapsToZero() throws IOException {
        VmshRun big = VmshRun.of("boot", exiting(256).toString());
        assertEquals(255, big.status(), big.toString());
        assertEquals("vmsh: guest exited with code 256 (exit status 255)\n", big.err());
        VmshRun three = VmshRun.of("boot", exiting(3).toString());
        assertEquals(3, three.status(), three.toString());
        assertEquals("", three.err(), "a guest's exit prints nothing: vmsh's own endings always do");
        assertEquals(254, VmshRun.of("boot", exiting(254).toString()).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bare", "hw", "trap"})
    void exitCodeFromVmshNeverGivesTheGuestsCode(String where) throws IOException {
        for (int code : new int[] {0, 3, 124, 256}) {
            List<String> args = new ArrayList<>(List.of("boot", "--exit-code-from", "vmsh", exiting(code).toString()));
            if (!where.equals("bare")) args.addAll(List.of("--technique", where));
            VmshRun r = VmshRun.of(args.toArray(String[]::new));
            assertEquals(code == 0 ? 0 : 4, r.status(), r.toString());
            assertEquals(code == 0 ? "" : "vmsh: guest exited with code " + code + "\n", r.err());
        }
        VmshRun bad = VmshRun.of("boot", "--exit-code-from", "both", exiting(0).toString());
        assertEquals(2, bad.status(), bad.toString());
        assertTrue(bad.err().contains("'both' must be guest or vmsh"), bad.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bare", "hw", "trap-vtlb"})
    void aTimeoutBelowASecondEndsTheGuestWithOneLine(String where) throws IOException {
        Path spin = Files.writeString(tmp.resolve("spin.s"), SPIN);
        List<String> args = new ArrayList<>(List.of("boot", "--timeout", "300ms", spin.toString()));
        if (!where.equals("bare")) args.addAll(List.of("--technique", where));
        VmshRun r = VmshRun.of(args.toArray(String[]::new));
        assertEquals(124, r.status(), r.toString());
        assertEquals("r\ngo", r.out());
        assertTrue(r.err().matches("vmsh: timeout of 0.3 s (in VM 'guest' )?at guest pc 0x800000[0-9a-f]{2}\n"), r.err());
    }

    @Test
    void aBadTimeoutIsNamedAsADuration() {
        VmshRun r = VmshRun.of("boot", "--timeout", "abc", VmshRun.repo("samples/hello.s").toString());
        assertEquals(2, r.status(), r.toString());
        assertEquals("vmsh: Invalid value for option '--timeout': invalid duration 'abc' (use e.g. 10, 0.5, 500ms or 2m)"
                + " (see 'vmsh boot --help')\n", r.err());
    }

    @Test
    void vmshsLineStartsOnALineOfItsOwnAfterAnUnfinishedGuestLine() throws IOException {
        Path spin = Files.writeString(tmp.resolve("spin.s"), SPIN);
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        PrintStream terminal = new PrintStream(both, true, StandardCharsets.UTF_8);
        int status = Cli.run(new String[] {"boot", "--max-insns", "1000", spin.toString()},
                new Io(new ByteArrayInputStream(new byte[0]), terminal, terminal, false));
        assertEquals(124, status);
        assertTrue(both.toString(StandardCharsets.UTF_8).matches("r\ngo\nvmsh: instruction budget of 1000 exhausted at guest pc 0x800000..\n"),
                both.toString(StandardCharsets.UTF_8));
    }

    @Test
    void ctrlCEndsABootWithItsLineAndStatus130() throws Exception {
        Path spin = Files.writeString(tmp.resolve("spin.s"), SPIN);
        Ended e = interrupted(List.of("boot", spin.toString()), "r\n");
        assertEquals(130, e.status(), e.toString());
        assertTrue(e.err().matches("vmsh: interrupted at guest pc 0x800000..\n"), e.err());
    }

    @Test
    void ctrlCEndsAScriptWithItsPositionAndStatus130() throws Exception {
        Path script = Files.writeString(tmp.resolve("spin.js"), "print('r');\nwhile (true) { }\n");
        Ended e = interrupted(List.of("run", script.toString()), "r\n");
        assertEquals(130, e.status(), e.toString());
        assertEquals(script + ":2:1: interrupted\n", e.err());
    }

    private record Ended(int status, String err) {}

    /** vmsh in a child JVM with SIGINT at its default (a test may run in a background job, where it is ignored), sent SIGINT once it has printed {@code ready}. */
    private static Ended interrupted(List<String> args, String ready) throws Exception {
        assumeTrue(new File("/usr/bin/env").canExecute() && new File("/bin/kill").canExecute(), "needs env and kill");
        List<String> command = new ArrayList<>(List.of("/usr/bin/env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xss16m",
                "-Dpolyglot.engine.WarnInterpreterOnly=false", "-cp", System.getProperty("java.class.path"), "vmsh.shell.cli.Main"));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        InputStream out = p.getInputStream();
        byte[] expected = ready.getBytes(StandardCharsets.UTF_8);
        assertEquals(ready, new String(out.readNBytes(expected.length), StandardCharsets.UTF_8), "the guest or script did not start");
        new ProcessBuilder("/bin/kill", "-INT", Long.toString(p.pid())).start().waitFor();
        out.readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "vmsh did not end");
        return new Ended(p.exitValue(), err.lines().filter(l -> !l.startsWith("WARNING") && !l.isBlank()).map(l -> l + "\n").reduce("", String::concat));
    }
}
