package vmsh.shell.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import vmsh.shell.VmshRun;

/**
 * Every script in scripts/ against its golden output: run twice in a fresh vmsh process,
 * once from the checkout and once from another folder (scripts name the bundled guests with
 * sample(), wherever they run), the two runs byte-identical and equal to NAME.expected.
 */
@Tag("slow")   // every experiment script, twice, each in its own JVM; ./test --quick leaves it out
class ScriptsGoldenTest {
    @TempDir
    Path out;
    @TempDir
    Path elsewhere;

    @TestFactory
    Stream<DynamicTest> everyScriptMatchesItsGoldenOutputTwice() throws IOException {
        Path scripts = VmshRun.repo("scripts");
        List<Path> files;
        try (Stream<Path> s = Files.list(scripts)) {
            files = s.filter(p -> p.toString().endsWith(".js")).sorted().toList();
        }
        assertTrue(files.size() >= 2, "scripts/ has its experiments");
        return files.stream().map(js -> DynamicTest.dynamicTest(js.getFileName().toString(), () -> check(js)));
    }

    private void check(Path js) throws Exception {
        String name = js.getFileName().toString().replaceFirst("\\.js$", "");
        Path expected = js.resolveSibling(name + ".expected");
        assertTrue(Files.exists(expected), "scripts/" + name + ".js has no " + name + ".expected (see scripts/README.md)");
        Path root = js.getParent().getParent();
        byte[] first = run(js, root);
        for (String png : plotsSaved(js)) {
            Path file = out.resolve(png);
            assertTrue(Files.isRegularFile(file) && Files.size(file) > 0, name + ": no plot " + png + " in the output folder");
            Files.delete(file);
        }
        byte[] second = run(js, elsewhere);
        assertArrayEquals(first, second, name + ": the run from another folder differs");
        assertEquals(Files.readString(expected), new String(first, StandardCharsets.UTF_8),
                name + ": output differs from " + expected.getFileName());
    }

    /** stdout of vmsh run --out TMP scripts/NAME.js ARGS, from the folder {@code cwd}, in a child JVM. */
    private byte[] run(Path js, Path cwd) throws Exception {
        Path root = js.getParent().getParent();
        String script = cwd.equals(root) ? root.relativize(js).toString() : js.toString();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss16m", "-Dpolyglot.engine.WarnInterpreterOnly=false", "-cp", System.getProperty("java.class.path"),
                "vmsh.shell.cli.Main", "run", "--out", out.toString(), script));
        // arguments naming files of the checkout (a grader's submissions) name the same files from elsewhere
        for (String arg : goldenArgs(js)) command.add(cwd.equals(root) || !Files.exists(root.resolve(arg)) ? arg : root.resolve(arg).toString());
        Process p = new ProcessBuilder(command).directory(cwd.toFile())
                .redirectError(ProcessBuilder.Redirect.PIPE).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        byte[] stdout = p.getInputStream().readAllBytes();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), js + " did not finish");
        assertEquals(0, p.exitValue(), js + " failed: " + stderr);
        return stdout;
    }

    /** The PNG files a script saves by name ({@code .save('NAME.png')}): checked to exist, not byte for byte. */
    private static List<String> plotsSaved(Path js) throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\.save\\('([^']+\\.png)'\\)").matcher(Files.readString(js));
        List<String> names = new ArrayList<>();
        while (m.find()) names.add(m.group(1));
        return names;
    }

    private static List<String> goldenArgs(Path js) throws IOException {
        String first = Files.readAllLines(js).stream().findFirst().orElse("");
        return first.startsWith("// golden-args:") ? List.of(first.substring("// golden-args:".length()).strip().split("\\s+")) : List.of();
    }
}
