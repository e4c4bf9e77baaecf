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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import vmsh.shell.ExitCode;
import vmsh.shell.Guests;
import vmsh.shell.Io;
import vmsh.shell.VmshException;
import vmsh.shell.api.JsNumber;
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

    @Option(names = "--json", description = "print the script's result (the value of its last statement) as JSON on stdout; a whole-number exitCode (0 to 255) in it is the exit status")
    private boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Converters.TimeLimit.class,
            description = "end the script after DURATION of wall time (exit 124): 10 (seconds), 0.5, 500ms, 2m")
    private Duration timeout;

    @Option(names = "--max-insns", paramLabel = "N", converter = Converters.InstructionCount.class,
            description = "instruction budget across all the script's guest runs (exit 124 when it runs out)")
    private long maxInsns = Long.MAX_VALUE;

    @Mixin
    private ScriptOptions session = new ScriptOptions();

    @Option(names = "--real-time", description = "Date reads the wall clock (default: a simulated clock from 2000-01-01T00:00:00Z, 1 ms a reading)")
    private boolean realTime;

    @Option(names = "--jit", negatable = true, description = JitOption.DESCRIPTION)
    private Boolean jit;

    @Override
    public Integer call() {
        return JitOption.around(jit, () -> run(parent.io, script, args, json, timeout, maxInsns, session, realTime));
    }

    /**
     * Runs {@code script} ("-" for stdin) with these options; shared with {@link FastRun},
     * which takes the same path for a plain {@code vmsh run FILE} without building picocli.
     */
    static int run(Io io, String script, List<String> args, boolean json, Duration timeout, long maxInsns, ScriptOptions settings,
                   boolean realTime) {
        boolean stdin = script.equals("-");
        String code;
        try {
            byte[] bytes = stdin ? io.in().readAllBytes() : Guests.read(Path.of(script));
            if (!stdin) ScriptFile.refuseGuest(script, bytes);
            code = new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new VmshException(ExitCode.ERROR, "cannot read the script from stdin: " + e.getMessage());
        }
        ScriptFile.warnMisplacedOptions(args, io.err());
        if (!stdin) settings.checkCompileHeader(script, code, io.err());
        Path folder = stdin ? Path.of("").toAbsolutePath() : Path.of(script).toAbsolutePath().getParent();
        String name = stdin ? "stdin" : script;
        Session.Options options = settings.apply(Session.Options.of(io.out(), io.err(), folder, args))
                .maxInsns(maxInsns).terminal(false, Progress.stderrIsTerminal()).realTime(realTime);
        try (Session session = new Session(options); Interrupts ctrlC = Interrupts.onCtrlC(session::interrupt)) {
            MonitorCommands.install(session);
            if (timeout != null) session.limitTime(timeout);
            Value result = session.eval(code, name, 1);
            if (!json) return ExitCode.OK;
            io.out().println(Json.of(result));
            return exitCodeOf(result, io);
        } catch (ScriptError e) {
            io.out().flush();
            if (!e.getMessage().isEmpty()) io.err().println(e.getMessage());
            return e.exitCode();
        } finally {
            io.out().flush();
        }
    }

    /**
     * With --json, a result with a whole-number exitCode from 0 to 255 ({score: 2, exitCode: 1})
     * sets the exit status; a number that is no status is an error, never a pass.
     */
    private static int exitCodeOf(Value result, Io io) {
        boolean plain = result != null && result.hasMembers() && !result.hasArrayElements() && !result.isProxyObject();
        Value code = plain ? result.getMember("exitCode") : null;
        if (code == null || !code.isNumber()) return ExitCode.OK;
        double c = code.asDouble();
        if (c >= 0 && c <= 255 && c == Math.rint(c)) return (int) c;
        io.err().println("vmsh: --json: the result's exitCode " + JsNumber.format(c) + " is not an exit status (a whole number from 0 to 255)");
        return ExitCode.ERROR;
    }
}
