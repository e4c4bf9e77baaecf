package vmsh.shell;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import vmsh.asm.Assembler;
import vmsh.asm.SourceResolver;
import vmsh.elf.ElfReader;
import vmsh.image.Image;

/** Reads a guest program from a file: an ELF by its magic, assembly source when it is text. */
public final class Guests {
    /** The largest guest file vmsh reads: more than any guest RAM's worth of program would need. */
    static final long MAX_GUEST_BYTES = 256L << 20;

    private Guests() {}

    /**
     * The image in {@code file}. Assembly errors come out as {@link vmsh.asm.AsmException},
     * unreadable ELF files as {@link vmsh.elf.ElfException}, a file that is neither as a
     * {@link VmshException}.
     */
    public static Image load(Path file) {
        byte[] bytes = read(file);
        if (ElfReader.isElf(bytes)) return ElfReader.read(bytes);
        return Assembler.assemble(text(file, bytes), file.toString());
    }

    /** The bytes of {@code file} (a regular file of at most {@value #MAX_GUEST_BYTES} bytes), or a one-line error naming it. */
    public static byte[] read(Path file) {
        try {
            if (!Files.exists(file)) throw new VmshException(ExitCode.ERROR, "no such file: " + file);
            if (!Files.isRegularFile(file)) throw new VmshException(ExitCode.ERROR, file + " is not a regular file (a device or a folder)");
            if (Files.size(file) > MAX_GUEST_BYTES)
                throw new VmshException(ExitCode.ERROR, file + " has " + (Files.size(file) >> 20) + " MiB, more than any guest ("
                        + (MAX_GUEST_BYTES >> 20) + " MiB)");
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new VmshException(ExitCode.ERROR, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The assembly source in {@code file}, refused (one line naming it) when it is not text. */
    public static String source(Path file) { return text(file, read(file)); }

    /** Assembly source: UTF-8 text without NUL bytes, at most {@link SourceResolver#MAX_SOURCE_BYTES}. */
    private static String text(Path file, byte[] bytes) {
        String neither = file + " is neither assembly source nor an ELF executable";
        if (bytes.length > SourceResolver.MAX_SOURCE_BYTES)
            throw new VmshException(ExitCode.ERROR, neither + " (" + (bytes.length >> 20) + " MiB, more than source may have)");
        for (byte b : bytes) if (b == 0) throw new VmshException(ExitCode.ERROR, neither + " (it holds binary data)");
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new VmshException(ExitCode.ERROR, neither + " (it is not UTF-8 text)");
        }
    }
}
