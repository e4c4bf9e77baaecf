package vmsh.shell.cli;

import java.util.Arrays;
import java.util.List;
import vmsh.shell.ExitCode;
import vmsh.shell.Io;
import vmsh.shell.OutOfMemory;
import vmsh.shell.VmshException;

/**
 * The start-up fast path: {@code vmsh run FILE [ARGS...]} without options runs the script
 * without building picocli's command model (a good part of start-up). Anything else,
 * options and mistakes included, goes through {@link Cli}.
 */
public final class FastRun {
    private FastRun() {}

    /** True when {@code args} is a plain {@code run FILE ...} this class handles. */
    public static boolean applies(String[] args) {
        return args.length >= 2 && args[0].equals("run") && (args[1].equals("-") || !args[1].startsWith("-"));
    }

    public static int run(String[] args, Io io) {
        List<String> scriptArgs = Arrays.asList(args).subList(2, args.length);
        try {
            return RunCommand.run(io, args[1], scriptArgs, false, null, Long.MAX_VALUE, new ScriptOptions(), false);
        } catch (VmshException e) {
            io.err().println("vmsh: " + e.getMessage());
            return e.exitCode();
        } catch (RuntimeException e) {
            io.err().println("vmsh: internal error: " + e);
            return ExitCode.ERROR;
        } catch (OutOfMemoryError e) {   // the script's session is closed by now
            OutOfMemory.report(io.err());
            if (System.getenv("VMSH_DEBUG") != null) e.printStackTrace(io.err());
            return ExitCode.ERROR;
        }
    }
}
