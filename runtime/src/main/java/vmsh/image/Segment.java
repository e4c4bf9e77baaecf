package vmsh.image;

/**
 * A piece of a program image: {@code data} placed at {@code address}, followed by zeros
 * up to {@code memSize} bytes (the .bss part). {@code flags} use ELF's bits: R=4, W=2, X=1.
 */
public record Segment(String name, int address, byte[] data, int memSize, int flags) {
    public static final int R = 4, W = 2, X = 1;

    public Segment {
        if (memSize < data.length) throw new IllegalArgumentException("memSize < data length");
    }

    public boolean executable() { return (flags & X) != 0; }

    /** One past the last byte (as an unsigned 32-bit address held in a long). */
    public long end() { return (address & 0xffffffffL) + memSize; }
}
