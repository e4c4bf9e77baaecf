package vmsh.shell.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmsh.shell.ExitCode;
import vmsh.shell.VmshRun;

/** Ctrl-C (SIGINT) in the middle of a sweep keeps every finished run whole; the same command resumes it. */
@Tag("slow")   // a sweep in its own JVM, interrupted and resumed
class SweepInterruptTest {
    private static final int RUNS = 30;

    @TempDir
    Path dir;

    @Test
    void ctrlCKeepsFinishedRunsAndTheSameCommandResumes() throws Exception {
        SweepFixture f = new SweepFixture(dir);
        Path script = f.script("s.js", """
                const m = machine({memory: '1M'});
                m.load(asm`x: addi a0, a0, 1
                           j x`);
                m.run({insns: 5e7});
                result({n: params.n, a0: m.regs.a0});
                """);
        String[] sweep = {"sweep", script.toString(), "--param", "n=1.." + RUNS, "--out", dir.resolve("out").toString(), "--jobs", "2"};
        Process p = new ProcessBuilder(vmshCommand(sweep)).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(dir.resolve("err.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        Path records = dir.resolve("out/records.jsonl");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (lines(records) < 3) {
            assertTrue(p.isAlive() && System.nanoTime() < deadline, "the sweep ended or stalled before three runs: " + Files.readString(dir.resolve("err.txt")));
            Thread.sleep(50);
        }
        new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
        assertTrue(p.waitFor(1, TimeUnit.MINUTES), "the sweep did not stop on SIGINT");
        String err = Files.readString(dir.resolve("err.txt"));
        assertEquals(ExitCode.INTERRUPTED, p.exitValue(), err);
        assertTrue(err.contains("vmsh: sweep interrupted; the same command resumes it"), err);

        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        List<RunRecord> kept = new SweepFolder(dir.resolve("out")).records(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        assertEquals("", warnings.toString(StandardCharsets.UTF_8), "no record was cut short");
        assertEquals(lines(records), kept.size());
        assertTrue(kept.size() < RUNS, "interrupted before the end: " + kept.size());
        for (RunRecord r : kept) assertEquals(50_000_000L, r.insns(), "a kept run ran to its end: " + r.line());

        VmshRun resumed = VmshRun.of(sweep);
        assertEquals(0, resumed.status(), resumed.toString());
        assertTrue(resumed.err().contains((RUNS - kept.size()) + " to run, " + kept.size() + " done before"), resumed.err());
        String[] fresh = sweep.clone();
        fresh[5] = dir.resolve("fresh").toString();
        assertEquals(0, VmshRun.of(fresh).status());
        assertEquals(f.collectAll("n", "a0", List.of(dir.resolve("fresh"))), f.collectAll("n", "a0", List.of(dir.resolve("out"))));
    }

    private static long lines(Path file) throws java.io.IOException {
        if (!Files.exists(file)) return 0;
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
    }

    private static List<String> vmshCommand(String... args) {
        List<String> command = new java.util.ArrayList<>(SweepFixture.childVmsh());
        command.add(command.indexOf("-cp"), "-Dvmsh.jit=false");   // interpreted: its runs last long enough to be interrupted
        command.addAll(List.of(args));
        return command;
    }
}
