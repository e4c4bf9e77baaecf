package vmsh.shell.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.graalvm.polyglot.Value;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import vmsh.shell.ExitCode;
import vmsh.shell.Guests;
import vmsh.shell.Io;
import vmsh.shell.VmshException;
import vmsh.shell.api.Json;
import vmsh.shell.api.ScriptError;
import vmsh.shell.api.Session;
import vmsh.shell.limits.Progress;
import vmsh.shell.repl.MonitorCommands;

/**
 * {@code vmsh run SCRIPT.js [ARGS...]}: runs a JavaScript experiment, also as an autograder
 * runs it: same input and seed give byte-identical output, stdout holds only what the
 * script prints, and every ending has its exit code and a one-line message on stderr.
 */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Run a JavaScript file (- reads it from stdin). ARGS reach the script as the array `args`.",
            "An error prints one line, file.js:LINE:COL: Error: message, and exits with 1."
        })
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    private VmshCommand parent;

    @Parameters(index = "0", paramLabel = "SCRIPT.js", description = "the script, or - for stdin")
    private String script;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "arguments for the script")
    private List<String> args = new ArrayList<>();

    @Option(names = "--json", description = "print the script's result (the value of its last statement) as JSON on stdout")
    private boolean json;

    @Option(names = "--seed", paramLabel = "N", description = "seed everything random: Math.random, random TLB replacement (default 1)")
    private long seed = Session.Options.DEFAULT_SEED;

    @Option(names = "--timeout", paramLabel = "SECONDS", converter = Converters.Count.class,
            description = "end the script after SECONDS of wall time (exit 124)")
    private Long timeout;

    @Option(names = "--max-insns", paramLabel = "N", converter = Converters.Count.class,
            description = "instruction budget across all the script's guest runs (exit 124 when it runs out)")
    private long maxInsns = Long.MAX_VALUE;

    @Option(names = "--out", paramLabel = "DIR", description = "where plot(...).save and writeFile write (default: the working directory)")
    private Path out = Path.of("");

    @Option(names = "--real-time", description = "Date reads the wall clock (default: a simulated clock from 2000-01-01T00:00:00Z, 1 ms a reading)")
    private boolean realTime;

    @Override
    public Integer call() {
        return run(parent.io, script, args, json, seed, timeout, maxInsns, out, realTime);
    }

    /**
     * Runs {@code script} ("-" for stdin) with these options; shared with {@link FastRun},
     * which takes the same path for a plain {@code vmsh run FILE} without building picocli.
     */
    static int run(Io io, String script, List<String> args, boolean json, long seed, Long timeout, long maxInsns, Path out,
                   boolean realTime) {
        boolean stdin = script.equals("-");
        String code;
        try {
            code = stdin ? new String(io.in().readAllBytes(), StandardCharsets.UTF_8)
                    : new String(Guests.read(Path.of(script)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new VmshException(ExitCode.ERROR, "cannot read the script from stdin: " + e.getMessage());
        }
        if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out))
            throw new VmshException(ExitCode.USAGE, "--out " + out + " is not a folder");
        try {
            java.nio.file.Files.createDirectories(out);   // a new results folder is made for you
        } catch (IOException e) {
            throw new VmshException(ExitCode.USAGE, "--out " + out + ": cannot create the folder (" + e.getMessage() + ")");
        }
        Path folder = stdin ? Path.of("").toAbsolutePath() : Path.of(script).toAbsolutePath().getParent();
        String name = stdin ? "stdin" : script;
        Session.Options options = Session.Options.of(io.out(), io.err(), folder, args).outDir(out).seed(seed)
                .maxInsns(maxInsns).terminal(false, Progress.stderrIsTerminal()).realTime(realTime);
        try (Session session = new Session(options)) {
            MonitorCommands.install(session);
            if (timeout != null) session.limitTime(Duration.ofSeconds(timeout));
            Value result = session.eval(code, name, 1);
            if (!json) return ExitCode.OK;
            io.out().println(Json.of(result));
            return exitCodeOf(result);
        } catch (ScriptError e) {
            io.out().flush();
            if (!e.getMessage().isEmpty()) io.err().println(e.getMessage());
            return e.exitCode();
        } finally {
            io.out().flush();
        }
    }

    /** With --json, a result with a whole-number exitCode from 0 to 255 ({score: 2, exitCode: 1}) sets the exit status. */
    private static int exitCodeOf(Value result) {
        boolean plain = result != null && result.hasMembers() && !result.hasArrayElements() && !result.isProxyObject();
        Value code = plain ? result.getMember("exitCode") : null;
        if (code == null || !code.isNumber() || !code.fitsInInt()) return ExitCode.OK;
        int c = code.asInt();
        return c >= 0 && c <= 255 ? c : ExitCode.OK;
    }
}
