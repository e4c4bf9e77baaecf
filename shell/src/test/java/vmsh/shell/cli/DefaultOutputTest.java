package vmsh.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmsh.shell.VmshRun;

/**
 * Without --out, files go to the working directory; inside the vmsh checkout to its out/
 * folder (ignored by git), so running a script leaves nothing between the sources.
 */
class DefaultOutputTest {
    @TempDir
    Path tmp;

    @Test
    void inTheCheckoutAScriptsPlotsGoToOut() throws Exception {
        Path root = VmshRun.repo("");
        Files.createDirectories(root.resolve("out"));
        List<String> before = listing(root);
        Path png = root.resolve("out/tlb-reach.png"), svg = root.resolve("out/tlb-reach.svg");
        Files.deleteIfExists(png);
        Files.deleteIfExists(svg);
        run(root, "run", "scripts/tlb-reach.js");
        assertTrue(Files.size(png) > 0 && Files.size(svg) > 0, "the plots are in out/");
        assertEquals(before, listing(root), "nothing new at the checkout's top");
        if (Files.exists(root.resolve(".git"))) {
            assertEquals(List.of(), git(root, "ls-files", "*.png", "*.svg"), "generated plots are not committed");
            assertEquals(List.of("out/tlb-reach.png"), git(root, "check-ignore", "out/tlb-reach.png"), "out/ is ignored");
        }
    }

    @Test
    void elsewhereFilesGoToTheWorkingDirectory() throws Exception {
        Path script = Files.writeString(tmp.resolve("w.js"), "writeFile('r.txt', 'here')\n");
        run(tmp, "run", script.toString());
        assertEquals("here", Files.readString(tmp.resolve("r.txt")));
    }

    /** vmsh in a child JVM, from {@code cwd}; it must succeed. */
    private static void run(Path cwd, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss16m", "-Dpolyglot.engine.WarnInterpreterOnly=false", "-cp", System.getProperty("java.class.path"), "vmsh.shell.cli.Main"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "vmsh did not finish");
        assertEquals(0, p.exitValue(), out);
    }

    private static List<String> listing(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> git(Path root, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", root.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(1, TimeUnit.MINUTES);
        return out.lines().toList();
    }
}
