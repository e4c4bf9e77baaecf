package vmsh.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmsh.shell.VmshRun;

/** vmsh boot --record, --replay and --from. */
class BootTimeTravelTest {
    /** Echoes what it receives, upper-cased; 'q' ends it with exit code 0. */
    private static final String ECHO = """
                .text
            _start: li   s1, 0x10000000
            loop:   lbu  t0, 5(s1)
                    andi t0, t0, 1
                    beqz t0, loop
                    lbu  t1, 0(s1)
                    li   t2, 'q'
                    beq  t1, t2, done
                    li   t2, 'a'
                    blt  t1, t2, 1f
                    addi t1, t1, -32
            1:      sb   t1, 0(s1)
                    j    loop
            done:   li   t0, 0x100000
                    li   t1, 0x5555
                    sw   t1, 0(t0)
            2:      j    2b
            """;

    @TempDir
    Path tmp;

    @Test
    void aRecordedRunReplaysToTheSameConsoleAndExit() throws IOException {
        Path echo = Files.writeString(tmp.resolve("echo.s"), ECHO), rec = tmp.resolve("echo.vmrec");
        VmshRun recorded = VmshRun.withInput("hello\nq", "boot", echo.toString(), "--record", rec.toString());
        assertEquals(0, recorded.status(), recorded.toString());
        assertEquals("HELLO\n", recorded.out());
        VmshRun replayed = VmshRun.of("boot", "--replay", rec.toString());
        assertEquals(recorded.out(), replayed.out());
        assertEquals(0, replayed.status(), replayed.toString());
        assertEquals("", replayed.err());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"hw", "trap", "bt"})
    void aRecordedHostReplaysToTheSameConsoleAndExit(String technique) throws IOException {
        Path echo = Files.writeString(tmp.resolve("echo.s"), ECHO), rec = tmp.resolve("echo.vmrec");
        VmshRun recorded = VmshRun.withInput("hello\nq", "boot", echo.toString(), "--technique", technique, "--record", rec.toString());
        assertEquals(0, recorded.status(), recorded.toString());
        assertEquals("HELLO\n", recorded.out());
        VmshRun replayed = VmshRun.of("boot", "--technique", technique, "--replay", rec.toString());
        assertEquals(recorded.out(), replayed.out());
        assertEquals(0, replayed.status(), replayed.toString());
        assertEquals("", replayed.err());
        VmshRun other = VmshRun.of("boot", "--technique", technique.equals("trap") ? "hw" : "trap", "--replay", rec.toString());
        assertEquals(2, other.status(), other.toString());
        assertTrue(other.err().contains("the technique comes from the recording"), other.err());
    }

    @Test
    void aSavedMachineBootsFromWhereItWas() throws IOException {
        Path script = Files.writeString(tmp.resolve("save.js"), """
                const m = machine({memory: '1M'});
                m.load(asm(readFile('%s')));
                m.console.feed('abc');
                m.run({insns: 200});
                print(JSON.stringify(m.console.text));
                m.snapshot().save('echo.vmsnap');
                """.formatted(tmp.resolve("echo.s").toString().replace("\\", "/")));
        Files.writeString(tmp.resolve("echo.s"), ECHO);
        VmshRun saved = VmshRun.of("run", "--out", tmp.toString(), script.toString());
        assertEquals("\"ABC\"\n", saved.out(), saved.toString());
        VmshRun booted = VmshRun.withInput("de q", "boot", "--from", tmp.resolve("echo.vmsnap").toString());
        assertEquals("DE ", booted.out(), booted.toString());
        assertEquals(0, booted.status());
    }

    @Test
    void aSavedHostOfOneVmBootsFromWhereItWas() throws IOException {
        Path kernel = Path.of("..").toAbsolutePath().normalize().resolve("samples/kernel");
        Files.createDirectories(tmp.resolve("kernel"));
        try (var files = Files.list(kernel)) {
            for (Path f : files.toList()) Files.copy(f, tmp.resolve("kernel").resolve(f.getFileName()));
        }
        Path script = Files.writeString(tmp.resolve("host.js"), """
                hv.configure({memory: '32M'});
                const a = hv.create({name: 'a', memory: '8M', technique: 'trap'});
                a.load(asm(readFile('kernel/kernel.s')));
                a.run({insns: 300000});
                const before = a.console.text;
                hv.snapshot().save('host.vmsnap');
                a.snapshot().save('vm.vmsnap');
                a.run();
                writeFile('rest.txt', a.console.text.substring(before.length));
                print(a.state, a.exitCode);
                """);
        VmshRun saved = VmshRun.of("run", "--out", tmp.toString(), script.toString());
        assertEquals("halted 0\n", saved.out(), saved.toString());
        VmshRun booted = VmshRun.of("boot", "--from", tmp.resolve("host.vmsnap").toString());
        assertEquals(Files.readString(tmp.resolve("rest.txt")), booted.out(), booted.toString());
        assertEquals(0, booted.status());
        VmshRun vm = VmshRun.of("boot", "--from", tmp.resolve("vm.vmsnap").toString());
        assertEquals(Files.readString(tmp.resolve("rest.txt")), vm.out(), "a VM's own file: " + vm);
        assertEquals(0, vm.status());
    }

    @Test
    void aBadFileIsOneLineAndAStatusOfOne() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.vmrec"), "not a recording");
        VmshRun r = VmshRun.of("boot", "--replay", bad.toString());
        assertEquals(1, r.status());
        assertEquals("vmsh: " + bad + ": not a vmsh snapshot (it does not start with VMSHSNAP)\n", r.err());
        VmshRun from = VmshRun.of("boot", "--from", tmp.resolve("missing.vmsnap").toString());
        assertEquals(1, from.status());
        assertTrue(from.err().startsWith("vmsh: cannot read ") && from.err().endsWith("missing.vmsnap: no such file\n"), from.err());
    }

    /** A recording's folder and gdb's port are checked before the guest runs: one line, status 2, nothing booted. */
    @Test
    void aRecordingWithNoFolderAndABadPortStopBeforeTheBoot() throws IOException {
        Path echo = Files.writeString(tmp.resolve("echo.s"), ECHO);
        Path nowhere = tmp.resolve("no-such-folder").resolve("run.vmrec");
        for (String[] technique : new String[][] {{}, {"--technique", "hw"}}) {
            VmshRun r = VmshRun.withInput("hi q", concat(new String[] {"boot", echo.toString(), "--record", nowhere.toString()}, technique));
            assertEquals(2, r.status(), r.toString());
            assertEquals("vmsh: --record " + nowhere + ": there is no folder " + nowhere.getParent() + "\n", r.err());
            assertEquals("", r.out(), "the guest did not run");
        }
        VmshRun folder = VmshRun.of("boot", echo.toString(), "--record", tmp.toString());
        assertEquals("vmsh: --record " + tmp + " is a folder\n", folder.err());
        VmshRun port = VmshRun.of("boot", echo.toString(), "--gdb", "-1");
        assertEquals(2, port.status(), port.toString());
        assertEquals("vmsh: --gdb -1 is not a TCP port (1 to 65535, or 0 for any free one)\n", port.err());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void oneSourceAtATime() throws IOException {
        Path echo = Files.writeString(tmp.resolve("echo.s"), ECHO);
        VmshRun r = VmshRun.of("boot", echo.toString(), "--from", echo.toString());
        assertEquals(2, r.status());
        assertEquals("vmsh: give one of GUEST, --from FILE and --replay FILE\n", r.err());
    }
}
