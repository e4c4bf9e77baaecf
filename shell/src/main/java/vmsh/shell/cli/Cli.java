package vmsh.shell.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import vmsh.asm.AsmException;
import vmsh.shell.ExitCode;
import vmsh.shell.Io;
import vmsh.shell.VmshException;

/**
 * The command line: builds the picocli commands, runs one, and turns every failure into
 * a one-line message on stderr and an exit status from {@link ExitCode}.
 */
public final class Cli {
    private Cli() {}

    public static int run(String[] args, Io io) {
        return commandLine(io).execute(args);
    }

    static CommandLine commandLine(Io io) {
        CommandLine cl = new CommandLine(new VmshCommand(io));
        cl.setOut(new PrintWriter(new OutputStreamWriter(io.out(), StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(io.err(), StandardCharsets.UTF_8), true));
        cl.setParameterExceptionHandler((ex, args) -> {
            String command = ex.getCommandLine().getCommandSpec().qualifiedName();
            io.err().println("vmsh: " + ex.getMessage().replace('\n', ' ').strip() + " (see '" + command + " --help')");
            return ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, command, parsed) -> failure(ex, io));
        cl.getSubcommands().get("run").setStopAtPositional(true);
        Map<String, String> codes = exitCodes();
        for (CommandLine c : new CommandLine[] {cl, cl.getSubcommands().get("boot"), cl.getSubcommands().get("run")}) {
            c.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        }
        return cl;
    }

    private static Map<String, String> exitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        for (String line : ExitCode.TABLE) {
            int colon = line.indexOf(':');
            codes.put(line.substring(0, colon), line.substring(colon + 1));
        }
        return codes;
    }

    private static int failure(Exception ex, Io io) {
        if (ex instanceof VmshException v) {
            io.err().println("vmsh: " + v.getMessage());
            return v.exitCode();
        }
        if (ex instanceof AsmException a) {
            io.err().println(a.getMessage());
            return ExitCode.ERROR;
        }
        io.err().println("vmsh: " + (ex instanceof IllegalArgumentException || ex instanceof vmsh.elf.ElfException
                ? ex.getMessage() : "internal error: " + ex));
        if (System.getenv("VMSH_DEBUG") != null) ex.printStackTrace(io.err());
        return ExitCode.ERROR;
    }
}
