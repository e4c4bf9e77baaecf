package vmsh.asm;

import java.util.Arrays;
import java.util.Locale;

/**
 * One input section (.text, .text.init, .rodata.str1.4, .sbss ...): its bytes, its
 * alignment and, after layout, its address. {@link Kind} names the output section it joins.
 */
final class Section {
    /** Output sections, in the order the layout places them. */
    enum Kind {
        TEXT(".text"), RODATA(".rodata"), DATA(".data"), BSS(".bss"), UNLOADED(null);

        final String outputName;

        Kind(String outputName) { this.outputName = outputName; }
    }

    /** The encoding of {@code nop} (addi x0, x0, 0), used to pad code. */
    static final int NOP = 0x00000013;
    /** c.nop; GNU as pads a 2-byte gap in code with it. */
    static final int C_NOP = 0x0001;

    final String name;
    final Kind kind;
    final boolean code;
    /** log2 of the largest alignment asked for in this section. */
    int alignLog2;
    long address;

    private byte[] bytes = new byte[64];
    private int size;
    private boolean writing;

    Section(String name, Kind kind, boolean code) {
        this.name = name;
        this.kind = kind;
        this.code = code;
        // GNU as gives .text (only) a 4-byte alignment from the start
        if (name.equals(".text")) alignLog2 = 2;
    }

    /** The section a name and optional GNU flags ("ax", "aw", "a") and type (@nobits) select. */
    static Section named(String name, String flags, String type) {
        String n = name.toLowerCase(Locale.ROOT);
        Kind kind;
        boolean code;
        if (n.equals(".bss") || n.startsWith(".bss.") || n.equals(".sbss") || n.startsWith(".sbss.")
                || "@nobits".equals(type) || "%nobits".equals(type)) kind = Kind.BSS;
        else if (n.equals(".text") || n.startsWith(".text.")) kind = Kind.TEXT;
        else if (n.startsWith(".rodata") || n.startsWith(".srodata")) kind = Kind.RODATA;
        else if (n.equals(".data") || n.startsWith(".data.") || n.startsWith(".sdata") || n.startsWith(".tohost")) kind = Kind.DATA;
        else if (n.startsWith(".comment") || n.startsWith(".note") || n.startsWith(".debug")
                || n.startsWith(".riscv.attributes") || n.startsWith(".stab")) kind = Kind.UNLOADED;
        else if (flags != null && flags.contains("x")) kind = Kind.TEXT;
        else if (flags != null && flags.contains("w")) kind = Kind.DATA;
        else if (flags != null && flags.contains("a")) kind = Kind.RODATA;
        else kind = Kind.DATA;
        code = kind == Kind.TEXT || flags != null && flags.contains("x");
        return new Section(name, kind, code);
    }

    int size() { return size; }

    /** Starts a pass: the first counts bytes, the second also stores them. */
    void startPass(boolean writing) {
        this.writing = writing;
        this.size = 0;
    }

    void alignAtLeast(int log2) { alignLog2 = Math.max(alignLog2, log2); }

    void putByte(int b) {
        if (writing) {
            if (size == bytes.length) bytes = Arrays.copyOf(bytes, bytes.length * 2);
            bytes[size] = (byte) b;
        }
        size++;
    }

    /** {@code n} little-endian bytes of {@code value}. */
    void putLittle(long value, int n) {
        for (int k = 0; k < n; k++) putByte((int) (value >>> (8 * k)));
    }

    void fill(long count, int b) {
        if (!writing) { size += (int) count; return; }
        for (long k = 0; k < count; k++) putByte(b);
    }

    /**
     * Pads {@code count} bytes of code as GNU as does: an odd byte as zero, a 2-byte
     * remainder as c.nop, then nops.
     */
    void padCode(long count) {
        if (count % 2 == 1) { putByte(0); count--; }
        if (count % 4 == 2) { putLittle(C_NOP, 2); count -= 2; }
        for (; count > 0; count -= 4) putLittle(NOP, 4);
    }

    byte[] bytes() { return Arrays.copyOf(bytes, size); }

    long end() { return address + size; }
}
