package vmsh.shell.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import vmsh.asm.AsmException;
import vmsh.mem.OutOfHostMemory;
import vmsh.shell.ExitCode;
import vmsh.shell.Io;
import vmsh.shell.OutOfMemory;
import vmsh.shell.VmshException;

/**
 * The command line: builds the picocli commands, runs one, and turns every failure into
 * a one-line message on stderr and an exit status from {@link ExitCode}.
 */
public final class Cli {
    /** The subcommands, in the order --help lists them. */
    private static final List<String> COMMANDS = List.of("boot", "asm", "disasm", "run", "sweep", "bench", "docs", "help");

    private Cli() {}

    public static int run(String[] args, Io io) {
        try {
            return commandLine(io, args.length > 0 ? args[0] : "").execute(args);
        } catch (OutOfMemoryError e) {   // the command's guests and scripts are unreachable by now
            OutOfMemory.report(io.err());
            if (System.getenv("VMSH_DEBUG") != null) e.printStackTrace(io.err());
            return ExitCode.ERROR;
        }
    }

    private static Object newCommand(String name) {
        return switch (name) {
            case "boot" -> new BootCommand();
            case "asm" -> new AsmCommand();
            case "disasm" -> new DisasmCommand();
            case "run" -> new RunCommand();
            case "sweep" -> new SweepCommand();
            case "bench" -> new BenchCommand();
            case "docs" -> new DocsCommand();
            case "help" -> new CommandLine.HelpCommand();
            default -> throw new IllegalArgumentException("no command " + name);
        };
    }

    /**
     * The command line for arguments starting with {@code first}. Building picocli's model
     * is a good part of start-up, so when {@code first} names a command only that one is
     * built; otherwise (help, options, mistakes) all are.
     */
    static CommandLine commandLine(Io io, String first) {
        CommandLine cl = new CommandLine(new VmshCommand(io));
        boolean all = !COMMANDS.contains(first) || first.equals("help");
        for (String name : COMMANDS) {
            if (all || name.equals(first)) cl.addSubcommand(name, newCommand(name));
        }
        cl.setOut(new PrintWriter(new OutputStreamWriter(io.out(), StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(io.err(), StandardCharsets.UTF_8), true));
        cl.setParameterExceptionHandler((ex, args) -> {
            String command = ex.getCommandLine().getCommandSpec().qualifiedName();
            io.err().println("vmsh: " + ex.getMessage().replace('\n', ' ').strip() + " (see '" + command + " --help')");
            return ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, command, parsed) -> failure(ex, io));
        cl.setExecutionStrategy(parsed -> {
            // the REPL's --out, --seed, --allow-read before a command would silently do nothing
            var replOptions = parsed.matchedOptions().stream().filter(o -> !o.usageHelp() && !o.versionHelp()).toList();
            if (parsed.hasSubcommand() && !replOptions.isEmpty())
                throw new CommandLine.ParameterException(cl, replOptions.get(0).longestName() + " before '"
                        + parsed.subcommand().commandSpec().name() + "' is the REPL's option; a command's options follow its name");
            return new CommandLine.RunLast().execute(parsed);
        });
        Map<String, CommandLine> sub = cl.getSubcommands();
        if (sub.containsKey("run")) sub.get("run").setStopAtPositional(true);
        Map<String, String> codes = exitCodes();
        for (String name : new String[] {"vmsh", "boot", "run"}) {
            CommandLine c = name.equals("vmsh") ? cl : sub.get(name);
            if (c != null) c.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
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
                || ex instanceof OutOfHostMemory ? ex.getMessage() : "internal error: " + ex));
        if (System.getenv("VMSH_DEBUG") != null) ex.printStackTrace(io.err());
        return ExitCode.ERROR;
    }
}
