package vmsh.asm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import vmsh.image.Image;
import vmsh.image.Segment;

/** Helpers for assembler tests: assemble a snippet and read back its bytes and words. */
final class AsmTesting {
    private AsmTesting() {}

    static Image asm(String source) { return Assembler.assemble(source, "test.s", (p, f) -> { throw new java.io.IOException(p); }); }

    static Segment segment(Image img, String name) {
        return img.segments().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no segment " + name + " in " + img.segments()));
    }

    /** The words of .text. */
    static int[] words(String source) { return words(segment(asm(source), ".text").data()); }

    static int[] words(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int[] w = new int[data.length / 4];
        for (int i = 0; i < w.length; i++) w[i] = b.getInt();
        return w;
    }

    static byte[] data(String source, String segment) { return segment(asm(source), segment).data(); }

    static String hex(int[] words) {
        StringBuilder b = new StringBuilder();
        for (int w : words) b.append(String.format("%08x ", w));
        return b.toString().trim();
    }

    /** The one error of a failing source. */
    static AsmError error(String source) {
        try {
            asm(source);
        } catch (AsmException e) {
            if (e.errors().size() != 1) throw new AssertionError("expected one error, got:\n" + e.getMessage());
            return e.errors().get(0);
        }
        throw new AssertionError("no error for:\n" + source);
    }
}
