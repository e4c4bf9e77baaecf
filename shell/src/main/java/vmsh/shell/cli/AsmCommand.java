package vmsh.shell.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import vmsh.asm.Assembler;
import vmsh.elf.ElfWriter;
import vmsh.shell.ExitCode;
import vmsh.shell.Guests;
import vmsh.shell.VmshException;

/** {@code vmsh asm FILE.s -o OUT.elf}: assembles to an ELF32 executable. */
@Command(name = "asm",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Assemble a RISC-V source file (GNU as syntax) into an ELF32 executable.")
final class AsmCommand implements Callable<Integer> {
    @ParentCommand
    private VmshCommand parent;

    @Parameters(paramLabel = "FILE.s", description = "the assembly source")
    private Path source;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.elf",
            description = "where to write the ELF (default: FILE with .elf instead of .s)")
    private Path output;

    @Override
    public Integer call() {
        String text = Guests.source(source);
        byte[] elf = ElfWriter.write(Assembler.assemble(text, source.toString()));
        Path target = output != null ? output : defaultOutput(source);
        try {
            Files.write(target, elf);
        } catch (IOException e) {
            throw new VmshException(ExitCode.ERROR, "cannot write " + target + ": " + e.getMessage());
        }
        return ExitCode.OK;
    }

    static Path defaultOutput(Path source) {
        String name = source.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return source.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".elf");
    }
}
