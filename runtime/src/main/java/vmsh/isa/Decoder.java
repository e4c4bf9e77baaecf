package vmsh.isa;

import java.util.ArrayList;
import java.util.List;

/** Decodes 32-bit words with the instruction table. Illegal words decode to null. */
public final class Decoder {
    /**
     * Candidates by major opcode and funct3 (word bits 6:0 and 14:12, as index
     * funct3 &lt;&lt; 7 | opcode); an entry whose mask leaves funct3 free (lui, jal) is in
     * all eight lists of its major opcode.
     */
    private static final Opcode[][] CANDIDATES = new Opcode[8 * 128][];

    static {
        List<List<Opcode>> lists = new ArrayList<>();
        for (int i = 0; i < CANDIDATES.length; i++) lists.add(new ArrayList<>());
        for (Opcode op : Opcode.all())
            for (int funct3 = 0; funct3 < 8; funct3++)
                if (((funct3 << 12 ^ op.match) & op.mask & 0x7000) == 0) lists.get(funct3 << 7 | op.match & 0x7f).add(op);
        for (int i = 0; i < CANDIDATES.length; i++) CANDIDATES[i] = lists.get(i).toArray(new Opcode[0]);
    }

    private Decoder() {}

    /** The table entry matching {@code word}, or null when the word is illegal. */
    public static Opcode opcode(int word) {
        for (Opcode op : CANDIDATES[(word >>> 5 & 0x380) | word & 0x7f]) if (op.matches(word)) return op;
        return null;
    }

    /** The decoded instruction, or null when the word is illegal. */
    public static Instruction decode(int word) {
        Opcode op = opcode(word);
        if (op == null) return null;
        return new Instruction(op, Format.rd(word), Format.rs1(word), Format.rs2(word), immediate(op, word), word);
    }

    /** The value the instruction uses, as {@link Instruction#imm} defines it. */
    public static int immediate(Opcode op, int word) {
        return switch (op.operands) {
            case RD_RS1_SHAMT -> Format.rs2(word);
            case RD_RS1 -> 0;
            case RD_CSR_RS1, RD_CSR_UIMM -> word >>> 20;
            case FENCE_SETS -> (word >>> 20) & 0xfff;
            case RD_RS2_ADDR, RD_ADDR -> op.kind.category() == Kind.Category.AMO ? (word >>> 25) & 3 : 0;
            default -> op.format.imm(word);
        };
    }
}
