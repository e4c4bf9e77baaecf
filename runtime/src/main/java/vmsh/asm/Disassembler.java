package vmsh.asm;

import vmsh.image.Image;

/** objdump-style disassembly (stub: the disassembler owner replaces this). */
public final class Disassembler {
    private Disassembler() {}

    /** One instruction as objdump prints it ("addi a0, a1, 1", aliases used), at {@code pc}. */
    public static String instruction(int word, int pc) {
        throw new UnsupportedOperationException("disassembler not built yet");
    }

    /** The listing of every executable segment, with addresses, words and symbol labels. */
    public static String listing(Image image) {
        throw new UnsupportedOperationException("disassembler not built yet");
    }
}
