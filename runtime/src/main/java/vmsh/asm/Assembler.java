package vmsh.asm;

import vmsh.image.Image;

/** GNU as syntax to a loadable image (stub: the asm owner replaces this). */
public final class Assembler {
    private Assembler() {}

    /** Assembles {@code source}; {@code .include} reads files relative to {@code fileName}. */
    public static Image assemble(String source, String fileName) {
        throw new UnsupportedOperationException("assembler not built yet");
    }

    public static Image assemble(String source, String fileName, SourceResolver resolver) {
        throw new UnsupportedOperationException("assembler not built yet");
    }
}
