package vmsh.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import vmsh.asm.Assembler;
import vmsh.elf.ElfReader;
import vmsh.image.Image;

/** Reads a guest program from a file: an ELF by its magic, otherwise assembly source. */
public final class Guests {
    private Guests() {}

    /**
     * The image in {@code file}. Assembly errors come out as {@link vmsh.asm.AsmException},
     * unreadable ELF files as {@link vmsh.elf.ElfException}.
     */
    public static Image load(Path file) {
        byte[] bytes = read(file);
        if (ElfReader.isElf(bytes)) return ElfReader.read(bytes);
        return Assembler.assemble(new String(bytes, StandardCharsets.UTF_8), file.toString());
    }

    /** The bytes of {@code file}, or a one-line error naming it. */
    public static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new VmshException(ExitCode.ERROR, "no such file: " + file);
        } catch (IOException e) {
            throw new VmshException(ExitCode.ERROR, "cannot read " + file + ": " + e.getMessage());
        }
    }
}
