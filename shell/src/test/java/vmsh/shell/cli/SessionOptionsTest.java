package vmsh.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmsh.shell.VmshRun;

/** --out, --seed and --allow-read: the same for vmsh run and the REPL. */
class SessionOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void allowReadLetsAGraderReadSubmissionsElsewhere() throws IOException {
        Path submissions = Files.createDirectories(tmp.resolve("submissions"));
        Files.writeString(submissions.resolve("alice.s"), ".include \"lib.s\"\n_start: li a0, ANSWER\n");
        Files.writeString(submissions.resolve("lib.s"), ".equ ANSWER, 42\n");
        Path grader = Files.createDirectories(tmp.resolve("grader"));
        Path script = Files.writeString(grader.resolve("grade.js"), """
                const m = machine();
                m.load(asm(readFile(args[0])));
                m.step(1);
                print(m.regs.a0);
                """);
        String alice = submissions.resolve("alice.s").toString();
        VmshRun refused = VmshRun.of("run", script.toString(), alice);
        assertEquals(1, refused.status(), refused.toString());
        assertTrue(refused.err().contains("is outside the script's folder and the working directory (vmsh run --allow-read DIR lets a script read DIR)"),
                refused.err());
        VmshRun allowed = VmshRun.of("run", "--allow-read", submissions.toString(), script.toString(), alice);
        assertEquals(0, allowed.status(), allowed.toString());
        assertEquals("42\n", allowed.out());
        VmshRun missing = VmshRun.of("run", "--allow-read", tmp.resolve("nope").toString(), script.toString());
        assertEquals(2, missing.status());
        assertEquals("vmsh: --allow-read " + tmp.resolve("nope") + " is not a folder\n", missing.err());
    }

    @Test
    void theReplTakesOutSeedAndAllowRead() throws IOException {
        Path out = tmp.resolve("results");
        VmshRun r = VmshRun.withInput("print(seed()); writeFile('r.txt', 'saved')\n", "--seed", "7", "--out", out.toString());
        assertEquals(0, r.status(), r.toString());
        assertEquals("7\n", r.out());
        assertEquals("saved", Files.readString(out.resolve("r.txt")));
        Path data = Files.writeString(Files.createDirectories(tmp.resolve("data")).resolve("d.txt"), "elsewhere");
        VmshRun read = VmshRun.withInput("print(readFile('" + data + "'))\n", "--allow-read", data.getParent().toString());
        assertEquals("elsewhere\n", read.out(), read.toString());
    }

    @Test
    void theReplsOptionsBeforeACommandAreAUsageError() {
        VmshRun r = VmshRun.of("--seed", "3", "run", "x.js");
        assertEquals(2, r.status(), r.toString());
        assertEquals("vmsh: --seed before 'run' is the REPL's option; a command's options follow its name (see 'vmsh --help')\n", r.err());
    }
}
