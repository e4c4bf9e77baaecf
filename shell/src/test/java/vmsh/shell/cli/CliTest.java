package vmsh.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vmsh.shell.VmshRun;

/** The command line: help, version, usage errors and the exit codes of each command. */
class CliTest {
    @TempDir
    Path tmp;

    @Test
    void versionPrintsNameAndVersion() {
        VmshRun r = VmshRun.of("--version");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().matches("vmsh \\d+\\.\\d+\\.\\d+\\S*\n"), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"boot", "asm", "disasm", "run", "bench"})
    void everyCommandHasHelp(String command) {
        VmshRun r = VmshRun.of(command, "--help");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().startsWith("Usage: vmsh " + command), r.out());
        assertEquals("", r.err());
    }

    @Test
    void topLevelHelpListsCommandsAndExitCodes() {
        VmshRun r = VmshRun.of("--help");
        assertEquals(0, r.status());
        for (String s : new String[] {"boot", "asm", "disasm", "run", "bench", "Exit codes:", "124", "guest fault"})
            assertTrue(r.out().contains(s), s + " missing in\n" + r.out());
    }

    @Test
    void helpCommandShowsACommandsHelp() {
        VmshRun r = VmshRun.of("help", "boot");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().startsWith("Usage: vmsh boot"), r.out());
    }

    @Test
    void missingArgumentIsAOneLineUsageError() {
        VmshRun r = VmshRun.of("boot");
        assertEquals(2, r.status());
        assertEquals("", r.out());
        assertEquals("vmsh: boot needs a GUEST, --from FILE or --replay FILE (see 'vmsh boot --help')\n", r.err());
    }

    @Test
    void unknownOptionAndCommandAreUsageErrors() {
        VmshRun option = VmshRun.of("boot", "--fast", "x.s");
        assertEquals(2, option.status());
        assertEquals(1, option.err().lines().count(), option.err());
        assertTrue(option.err().contains("'--fast'"), option.err());
        VmshRun command = VmshRun.of("frobnicate");
        assertEquals(2, command.status());
        assertEquals(1, command.err().lines().count(), command.err());
    }

    @Test
    void badSizeNamesTheValue() {
        VmshRun r = VmshRun.of("boot", "--memory", "lots", "x.s");
        assertEquals(2, r.status());
        assertEquals("vmsh: Invalid value for option '--memory': invalid size 'lots' (use e.g. 64M, 1G, 4096)"
                + " (see 'vmsh boot --help')\n", r.err());
    }

    @Test
    void badInstructionCountNamesTheValue() {
        VmshRun r = VmshRun.of("boot", "--max-insns", "many", "x.s");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("invalid instruction count 'many'"), r.err());
    }

    @Test
    void instructionCountsAcceptSeparatorsAndExponents() {
        assertEquals(1_000_000L, Converters.count("1_000_000", "instruction count"));
        assertEquals(1_000_000L, Converters.count("1e6", "instruction count"));
        assertEquals(42L, Converters.count("42", "instruction count"));
    }

    @Test
    void missingFileIsAnErrorNamingIt() {
        VmshRun r = VmshRun.of("boot", tmp.resolve("nope.s").toString());
        assertEquals(1, r.status());
        assertEquals("vmsh: no such file: " + tmp.resolve("nope.s") + "\n", r.err());
    }

    @Test
    void runScriptArgumentsReachTheScriptEvenWhenTheyLookLikeOptions() throws IOException {
        Path script = write("args.js", "print(args.length, args.join(' '))\n");
        VmshRun r = VmshRun.of("run", script.toString(), "--fast", "x", "-h");
        assertEquals(0, r.status(), r.toString());
        assertEquals("3 --fast x -h\n", r.out());
    }

    @Test
    void runMakesAMissingOutputFolderAndRefusesAFile() throws IOException {
        Path script = write("w.js", "writeFile('r.txt', 'ok')\n");
        Path out = tmp.resolve("results/deep");
        VmshRun r = VmshRun.of("run", "--out", out.toString(), script.toString());
        assertEquals(0, r.status(), r.toString());
        assertEquals("ok", Files.readString(out.resolve("r.txt")));
        Path file = write("plain.txt", "x");
        VmshRun bad = VmshRun.of("run", "--out", file.toString(), script.toString());
        assertEquals(2, bad.status());
        assertEquals("vmsh: --out " + file + " is not a folder\n", bad.err());
    }

    @Test
    void scriptErrorIsOneLineWithTheScriptPositionAndExitsOne() throws IOException {
        Path script = write("bad.js", "print('before')\nlet x = 1;\nx.foo.bar = 2;\nprint('after')\n");
        VmshRun r = VmshRun.of("run", script.toString());
        assertEquals(1, r.status());
        assertEquals("before\n", r.out());
        assertEquals(script + ":3:1: TypeError: Cannot set property 'bar' of undefined\n", r.err());
    }

    @Test
    void syntaxErrorIsOneLine() throws IOException {
        Path script = write("syntax.js", "print(1)\nlet = = 3\n");
        VmshRun r = VmshRun.of("run", script.toString());
        assertEquals(1, r.status());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith(script + ":2:"), r.err());
        assertTrue(r.err().contains("SyntaxError: "), r.err());
    }

    @Test
    void apiErrorsNameTheOffendingValue() throws IOException {
        Path script = write("size.js", "\nmachine({memory: 'lots'})\n");
        VmshRun r = VmshRun.of("run", script.toString());
        assertEquals(1, r.status());
        assertEquals(script + ":2:1: RangeError: machine(): invalid size 'lots' (use e.g. 64M, 1G, 4096)\n", r.err());
    }

    @Test
    void unknownBenchmarkIsAUsageError() {
        VmshRun r = VmshRun.of("bench", "nope");
        assertEquals(2, r.status());
        assertEquals("vmsh: no benchmark 'nope' (known: cpu, paged, hooks, js-hook, startup, hv, sharing, memory, snapshot, clone, history, cluster-history, sweep, density)\n", r.err());
    }

    @Test
    void benchReportsInstructionsAndMips() {
        VmshRun r = VmshRun.of("bench", "--iterations", "1");
        assertEquals(0, r.status(), r.toString());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].matches("interpreter: [\\d,]+ instructions in \\d+\\.\\d{3} s = \\d+ MIPS \\(the second of two runs\\)"), lines[0]);
        assertTrue(lines[1].matches("translator:  [\\d,]+ instructions in \\d+\\.\\d{3} s = \\d+ MIPS \\(the second of two runs, translation included\\)"), lines[1]);
        assertTrue(lines[2].matches("translator/interpreter: \\d+\\.\\d\\d"), lines[2]);
        assertTrue(lines[3].matches("per CPU second \\(.*\\): interpreter (\\d+ MIPS|too short to time), translator (\\d+ MIPS|too short to time)"), lines[3]);
        assertTrue(lines[4].matches("per CPU second of the running thread \\(.*\\): interpreter (\\d+ MIPS|too short to time), translator (\\d+ MIPS|too short to time)"), lines[4]);
    }

    @Tag("slow")   // a benchmark
    @Test
    void benchPagedSetsPagedAgainstPagingOff() {
        VmshRun r = VmshRun.of("bench", "paged", "--iterations", "1");
        assertEquals(0, r.status(), r.toString());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].startsWith("interpreter: "), lines[0]);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("translated, paged against paging off, per CPU second of the running thread "
                + "\\(medians of 3 pairs\\): \\d+ against \\d+ MIPS = \\d+% \\(target 85%: (met|NOT met)\\)")), r.out());
    }

    @Test
    void noCommandReadsPipedStdinAsTheRepl() {
        VmshRun r = VmshRun.withInput("print(1+1)\n");
        assertEquals(0, r.status(), r.toString());
        assertEquals("2\n", r.out());
        assertEquals("", r.err());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }
}
