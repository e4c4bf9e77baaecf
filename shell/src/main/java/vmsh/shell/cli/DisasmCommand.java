package vmsh.shell.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import vmsh.asm.Disassembler;
import vmsh.shell.ExitCode;
import vmsh.shell.Guests;

/** {@code vmsh disasm FILE}: an objdump-style listing of an ELF or of assembled source. */
@Command(name = "disasm",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Disassemble an ELF executable or an assembly file (objdump-style listing).")
final class DisasmCommand implements Callable<Integer> {
    @ParentCommand
    private VmshCommand parent;

    @Parameters(paramLabel = "FILE", description = "an ELF executable or a .s file")
    private Path file;

    @Override
    public Integer call() {
        String listing = Disassembler.listing(Guests.load(file));
        parent.io.out().print(listing.endsWith("\n") ? listing : listing + "\n");
        return ExitCode.OK;
    }
}
