package vmsh.isa;

import java.util.ArrayList;
import java.util.List;

/**
 * An instruction's entry in the help, from its row of the table: syntax, what it does,
 * extension, kind, sensitivity, encoding (its fields, fixed bits as the spec's tables draw
 * them) and an example with its word.
 */
public final class InstructionHelp {
    private InstructionHelp() {}

    /** A field of a format: bits hi..lo and its name. */
    private record Field(int hi, int lo, String name) {}

    /** The fields of each format, from bit 31 down, as the spec draws them. */
    private static List<Field> fields(Format f) {
        Field rs2 = new Field(24, 20, "rs2"), rs1 = new Field(19, 15, "rs1"), funct3 = new Field(14, 12, "funct3");
        Field rd = new Field(11, 7, "rd"), opcode = new Field(6, 0, "opcode");
        return switch (f) {
            case R -> List.of(new Field(31, 25, "funct7"), rs2, rs1, funct3, rd, opcode);
            case I -> List.of(new Field(31, 20, "imm[11:0]"), rs1, funct3, rd, opcode);
            case S -> List.of(new Field(31, 25, "imm[11:5]"), rs2, rs1, funct3, new Field(11, 7, "imm[4:0]"), opcode);
            case B -> List.of(new Field(31, 25, "imm[12|10:5]"), rs2, rs1, funct3, new Field(11, 7, "imm[4:1|11]"), opcode);
            case U -> List.of(new Field(31, 12, "imm[31:12]"), rd, opcode);
            case J -> List.of(new Field(31, 12, "imm[20|10:1|11|19:12]"), rd, opcode);
        };
    }

    /** The help text of {@code op}. */
    public static String of(Opcode op) {
        String syntax = op.operands.syntax.isEmpty() ? op.mnemonic : op.mnemonic + " " + op.operands.syntax;
        StringBuilder b = new StringBuilder(syntax).append('\n');
        b.append("  ").append(op.description).append('\n');
        line(b, "extension", op.extension.displayName() + ": " + op.extension.description);
        line(b, "kind", op.kind.toString());
        if (op.sensitive) line(b, "sensitive", "yes: it touches privileged state, so a deprivileged guest kernel traps on it");
        line(b, "encoding", op.format + "-type  " + fieldsOf(op));
        line(b, "", String.format("match 0x%08x, mask 0x%08x", op.match, op.mask));
        line(b, "example", op.example);
        return b.toString().stripTrailing();
    }

    private static void line(StringBuilder b, String label, String text) {
        b.append("  ").append(String.format("%-10s", label)).append(' ').append(text).append('\n');
    }

    /**
     * The encoding field by field: fixed bits as binary digits, free bits by name ({@code | 0000000 | rs2 | rs1 |
     * 000 | rd | 0110011 |}). A field fixed in part is split where the mask changes.
     */
    public static String fieldsOf(Opcode op) {
        List<String> parts = new ArrayList<>();
        for (Field f : fields(op.format)) {
            int bit = f.hi;
            while (bit >= f.lo) {
                boolean fixed = (op.mask >>> bit & 1) != 0;
                int end = bit;
                while (end - 1 >= f.lo && ((op.mask >>> (end - 1) & 1) != 0) == fixed) end--;
                parts.add(fixed ? bits(op.match, bit, end) : freeName(op, f, bit == f.hi && end == f.lo));
                bit = end - 1;
            }
        }
        return "| " + String.join(" | ", parts) + " |";
    }

    private static String bits(int word, int hi, int lo) {
        StringBuilder s = new StringBuilder();
        for (int i = hi; i >= lo; i--) s.append(word >>> i & 1);
        return s.toString();
    }

    /** What the free bits of field {@code f} hold, by the instruction's operand syntax. */
    private static String freeName(Opcode op, Field f, boolean whole) {
        boolean immediate = f.name.startsWith("imm[11:0]");
        return switch (op.operands) {
            case RD_RS1_SHAMT -> immediate ? "shamt" : f.name;
            case RD_CSR_RS1 -> immediate ? "csr" : f.name;
            case RD_CSR_UIMM -> immediate ? "csr" : f.name.equals("rs1") ? "uimm5" : f.name;
            case FENCE_SETS -> immediate ? "fm|pred|succ" : f.name;
            default -> !whole && f.name.equals("funct7") && op.kind.category() == Kind.Category.AMO ? "aq|rl" : f.name;
        };
    }
}
