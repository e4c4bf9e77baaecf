package vmsh.asm;

import java.util.Map;
import java.util.TreeMap;
import vmsh.image.Image;
import vmsh.image.Segment;
import vmsh.isa.Decoder;
import vmsh.isa.Instruction;

/**
 * The disassembly of an image's executable segments, in the shape of {@code objdump -d}:
 *
 * <pre>
 * Disassembly of .text:
 *
 * 80000000 &lt;_start&gt;:
 * 80000000:  00000517  auipc   a0, 0x0
 * 80000004:  01050513  addi    a0, a0, 16 # 0x80000010 &lt;msg&gt;
 * 80000008:  00052583  lw      a1, 0(a0)
 * 8000000c:  ff5ff06f  j       0x80000000 &lt;_start&gt;
 * </pre>
 *
 * One line per 4-byte word: address, the word in hex (as the hart reads it, little-endian),
 * the mnemonic padded to 8 columns, the operands. A symbol at an address gets a label line,
 * after a blank line. A branch or jump target gets {@code <symbol+offset>}, naming the
 * nearest symbol at or below it in the same segment. As objdump does, an address formed by
 * lui/auipc and then used by addi, a load, a store or jalr is shown in a {@code #} comment.
 * Trailing bytes that make no whole word print as {@code .2byte}/{@code .byte}.
 */
final class Listing {
    private static final int MNEMONIC_WIDTH = 8;

    private final Image image;
    private final boolean aliases;
    /** First-defined symbol per address, by unsigned address. */
    private final TreeMap<Long, String> symbols = new TreeMap<>();
    private final StringBuilder out = new StringBuilder();
    private final UpperValues upper = new UpperValues();

    Listing(Image image, boolean aliases) {
        this.image = image;
        this.aliases = aliases;
        for (Map.Entry<String, Integer> e : image.symbols().entrySet())
            symbols.putIfAbsent(unsigned(e.getValue()), e.getKey());
    }

    String text() {
        for (Segment s : image.segments()) {
            if (!s.executable()) continue;
            if (!out.isEmpty()) out.append('\n');
            out.append("Disassembly of ").append(s.name()).append(":\n");
            segment(s);
        }
        return out.toString();
    }

    private void segment(Segment s) {
        byte[] data = s.data();
        upper.forgetAll();
        for (int off = 0; off < data.length; off += 4) {
            int pc = s.address() + off;
            label(pc, off == 0);
            int left = Math.min(4, data.length - off);
            if (left == 4) instruction(pc, littleEndian(data, off, 4));
            else trailing(pc, littleEndian(data, off, left), left);
        }
    }

    /** The label line of a symbol at {@code pc}; a blank line also opens each segment. */
    private void label(int pc, boolean first) {
        String name = symbols.get(unsigned(pc));
        if (name != null) {
            out.append('\n').append(address(pc)).append(" <").append(name).append(">:\n");
            upper.forgetAll(); // a label can be reached from anywhere
        } else if (first) {
            out.append('\n');
        }
    }

    private void instruction(int pc, int word) {
        Rendered r = Disassembler.render(word, pc, aliases);
        StringBuilder line = new StringBuilder();
        line.append(address(pc)).append(":  ").append(address(word)).append("  ").append(pad(r.mnemonic()));
        line.append(r.operands());
        r.target().ifPresent(t -> line.append(symbolic(t)));
        Instruction i = Decoder.decode(word);
        Integer formed = i == null ? null : upper.follow(i, pc);
        if (formed != null) line.append(" # ").append(Rendered.hex(formed)).append(symbolic(formed));
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private void trailing(int pc, int value, int bytes) {
        String directive = bytes == 2 ? ".2byte" : bytes == 1 ? ".byte" : ".3byte";
        String digits = String.format("%0" + (2 * bytes) + "x", value);
        out.append(address(pc)).append(":  ").append(String.format("%-8s", digits)).append("  ")
           .append(pad(directive)).append(Rendered.hex(value)).append('\n');
    }

    /**
     * " {@code <sym>}" or " {@code <sym+0x10>}": the nearest symbol at or below
     * {@code address} in the segment holding it; outside every segment, a symbol with
     * exactly that value (a device address set with .equ); else empty.
     */
    private String symbolic(int address) {
        long a = unsigned(address);
        for (Segment s : image.segments()) {
            long start = unsigned(s.address());
            if (a < start || a >= s.end()) continue;
            Map.Entry<Long, String> e = symbols.floorEntry(a);
            if (e == null || e.getKey() < start) return "";
            long offset = a - e.getKey();
            return " <" + e.getValue() + (offset == 0 ? "" : "+0x" + Long.toHexString(offset)) + ">";
        }
        String exact = symbols.get(a); // outside the image: only a name for exactly this address
        return exact == null ? "" : " <" + exact + ">";
    }

    private static String pad(String mnemonic) {
        return mnemonic.length() < MNEMONIC_WIDTH
                ? mnemonic + " ".repeat(MNEMONIC_WIDTH - mnemonic.length())
                : mnemonic + " ";
    }

    private static String address(int a) { return String.format("%08x", a); }

    private static long unsigned(int a) { return a & 0xffffffffL; }

    private static int littleEndian(byte[] data, int off, int n) {
        int v = 0;
        for (int k = n - 1; k >= 0; k--) v = v << 8 | (data[off + k] & 0xff);
        return v;
    }
}
