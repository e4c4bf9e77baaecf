package vmsh.isa;

import java.util.ArrayList;
import java.util.List;

/** Decodes 32-bit words with the instruction table. Illegal words decode to null. */
public final class Decoder {
    /** Candidates by major opcode (word bits 6:0). */
    private static final Opcode[][] BY_MAJOR = new Opcode[128][];

    static {
        List<List<Opcode>> lists = new ArrayList<>();
        for (int i = 0; i < 128; i++) lists.add(new ArrayList<>());
        for (Opcode op : Opcode.all()) lists.get(op.match & 0x7f).add(op);
        for (int i = 0; i < 128; i++) BY_MAJOR[i] = lists.get(i).toArray(new Opcode[0]);
    }

    private Decoder() {}

    /** The table entry matching {@code word}, or null when the word is illegal. */
    public static Opcode opcode(int word) {
        for (Opcode op : BY_MAJOR[word & 0x7f]) if (op.matches(word)) return op;
        return null;
    }

    /** The decoded instruction, or null when the word is illegal. */
    public static Instruction decode(int word) {
        Opcode op = opcode(word);
        if (op == null) return null;
        return new Instruction(op, Format.rd(word), Format.rs1(word), Format.rs2(word), immediate(op, word), word);
    }

    private static int immediate(Opcode op, int word) {
        return switch (op.operands) {
            case RD_RS1_SHAMT -> Format.rs2(word);
            case RD_CSR_RS1, RD_CSR_UIMM -> word >>> 20;
            case FENCE_SETS -> (word >>> 20) & 0xfff;
            case RD_RS2_ADDR, RD_ADDR -> op.extension == vmsh.isa.Extension.A ? (word >>> 25) & 3 : 0;
            default -> op.format.imm(word);
        };
    }
}
