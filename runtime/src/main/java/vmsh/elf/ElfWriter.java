package vmsh.elf;

import vmsh.image.Image;

/** Writes an image as an ELF32 RISC-V executable (stub). */
public final class ElfWriter {
    private ElfWriter() {}

    public static byte[] write(Image image) { throw new UnsupportedOperationException("ELF writer not built yet"); }
}
