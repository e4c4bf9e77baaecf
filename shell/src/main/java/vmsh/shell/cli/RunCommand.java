package vmsh.shell.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import vmsh.shell.ExitCode;
import vmsh.shell.Guests;
import vmsh.shell.Io;
import vmsh.shell.api.ScriptError;
import vmsh.shell.api.Session;

/** {@code vmsh run SCRIPT.js [ARGS...]}: runs a JavaScript experiment. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Run a JavaScript file. ARGS reach the script as the array `args`.",
            "An error prints one line, file.js:LINE:COL: Error: message, and exits with 1."
        })
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    private VmshCommand parent;

    @Parameters(index = "0", paramLabel = "SCRIPT.js", description = "the script")
    private Path script;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "arguments for the script")
    private List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        Io io = parent.io;
        String code = new String(Guests.read(script), StandardCharsets.UTF_8);
        Path folder = script.toAbsolutePath().getParent();
        try (Session session = new Session(io.out(), io.err(), folder, args)) {
            session.eval(code, script.toString(), 1);
            return ExitCode.OK;
        } catch (ScriptError e) {
            io.out().flush();
            io.err().println(e.getMessage());
            return e.interrupted() ? ExitCode.INTERRUPTED : ExitCode.ERROR;
        } finally {
            io.out().flush();
        }
    }
}
