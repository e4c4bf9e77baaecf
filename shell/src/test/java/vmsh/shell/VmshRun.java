package vmsh.shell;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import vmsh.shell.cli.Cli;

/** Runs the vmsh command in-process with captured streams, as a test sees it. */
public record VmshRun(int status, String out, String err) {

    public static VmshRun of(String... args) {
        return withInput("", args);
    }

    /** Runs with {@code stdin} as standard input, which is not a terminal. */
    public static VmshRun withInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int status = Cli.run(args, new Io(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e, false));
        o.flush();
        e.flush();
        return new VmshRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A file of the checkout, found from the module folder Maven runs tests in. */
    public static Path repo(String relative) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("samples")) && Files.exists(p.resolve("pom.xml"))) return p.resolve(relative);
        }
        return Path.of("..", relative);
    }

    @Override
    public String toString() {
        return "status " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
