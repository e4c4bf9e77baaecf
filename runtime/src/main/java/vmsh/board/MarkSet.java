package vmsh.board;

import java.util.Arrays;
import vmsh.isa.Decoder;
import vmsh.isa.Opcode;

/**
 * The instructions a monitor marks ({@link Monitor#marked}), as a value: those in a set of
 * address ranges, and every instruction that accesses data memory or none. What a binary
 * translator keeps of a debugger's marks with the VM's state: units end before these
 * instructions, so a replay, whose debugger keeps quiet, translates as the run it replays
 * did.
 */
public final class MarkSet {
    /** No instruction marked. */
    public static final MarkSet NONE = new MarkSet(new long[0], false);

    /** Pairs of unsigned addresses {@code [from, to)}, in the order given. */
    private final long[] ranges;
    private final boolean memory;

    /** The instructions in {@code ranges} ({@code from, to} pairs), and those accessing memory when {@code memory}. */
    public MarkSet(long[] ranges, boolean memory) {
        if (ranges.length % 2 != 0) throw new IllegalArgumentException("mark ranges come in pairs: " + ranges.length + " bounds");
        this.ranges = ranges.clone();
        this.memory = memory;
    }

    /** True when the instruction {@code word} at {@code pc} is marked. */
    public boolean marked(int pc, int word) {
        long a = Integer.toUnsignedLong(pc);
        for (int i = 0; i < ranges.length; i += 2) if (a >= ranges[i] && a < ranges[i + 1]) return true;
        if (!memory) return false;
        Opcode op = Decoder.opcode(word);
        return op != null && op.kind.accessesMemory();
    }

    public long[] ranges() { return ranges.clone(); }

    public boolean memory() { return memory; }

    @Override
    public boolean equals(Object o) { return o instanceof MarkSet m && memory == m.memory && Arrays.equals(ranges, m.ranges); }

    @Override
    public int hashCode() { return Arrays.hashCode(ranges) * 31 + (memory ? 1 : 0); }

    @Override
    public String toString() { return "marks " + Arrays.toString(ranges) + (memory ? " and memory accesses" : ""); }
}
