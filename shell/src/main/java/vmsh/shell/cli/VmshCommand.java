package vmsh.shell.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import vmsh.shell.Io;
import vmsh.shell.repl.Repl;

/** {@code vmsh}: the REPL when there is no subcommand (Cli adds those). */
@Command(name = "vmsh",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "A scriptable RISC-V hypervisor laboratory.",
            "Without a command, starts the JavaScript REPL (reads stdin when it is not a terminal)."
        })
public final class VmshCommand implements Callable<Integer> {
    final Io io;

    /** The REPL's session: --out, --seed, --allow-read (before a command they would be lost: Cli refuses them there). */
    @Mixin
    final ScriptOptions session = new ScriptOptions();

    VmshCommand(Io io) { this.io = io; }

    @Override
    public Integer call() {
        return new Repl(io, session::apply).run();
    }
}
