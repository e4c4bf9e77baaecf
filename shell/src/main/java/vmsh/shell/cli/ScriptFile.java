package vmsh.shell.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import vmsh.elf.ElfReader;
import vmsh.shell.ExitCode;
import vmsh.shell.VmshException;

/** What {@code vmsh run} checks about its script before running it: the usual mistakes, named. */
final class ScriptFile {
    /** vmsh run's own options: after the script name they are the script's arguments. */
    private static final Set<String> RUN_OPTIONS = Set.of("--json", "--seed", "--timeout", "--max-insns", "--out", "--allow-read",
            "--js-compile", "--no-js-compile");

    private ScriptFile() {}

    /** A guest given to {@code vmsh run} (assembly or an ELF) is a usage error that says to boot it. */
    static void refuseGuest(String script, byte[] bytes) {
        String lower = script.toLowerCase(Locale.ROOT);
        boolean assembly = lower.endsWith(".s") || lower.endsWith(".asm");
        if (assembly || ElfReader.isElf(bytes))
            throw new VmshException(ExitCode.USAGE, "'vmsh run' takes JavaScript, and " + script + " is "
                    + (assembly ? "assembly" : "an ELF executable") + ": boot it with 'vmsh boot " + script + "'");
    }

    /** Warns (stderr) when an argument after the script looks like one of vmsh run's options. */
    static void warnMisplacedOptions(List<String> args, PrintStream err) {
        for (String a : args) {
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (RUN_OPTIONS.contains(name))
                err.println("vmsh: warning: '" + a + "' comes after the script, so it is the script's argument, not vmsh's option"
                        + " (put vmsh's options before the script)");
        }
    }
}
