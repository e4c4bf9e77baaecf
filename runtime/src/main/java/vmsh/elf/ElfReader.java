package vmsh.elf;

import vmsh.image.Image;

/** Reads ELF32 little-endian RISC-V executables (stub). */
public final class ElfReader {
    private ElfReader() {}

    public static boolean isElf(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F';
    }

    public static Image read(byte[] bytes) { throw new UnsupportedOperationException("ELF reader not built yet"); }
}
