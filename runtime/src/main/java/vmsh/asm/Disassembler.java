package vmsh.asm;

import static vmsh.asm.Rendered.*;

import vmsh.image.Image;
import vmsh.isa.Decoder;
import vmsh.isa.Instruction;
import vmsh.isa.Kind;
import vmsh.isa.Opcode;

/**
 * Instruction words as GNU objdump prints them, so that a differential test can compare
 * the two address by address. Operands are separated by ", " (objdump writes ","),
 * branch and jump targets are absolute addresses in hex ({@code beq a0, a1, 0x80000010}),
 * CSRs print by name when known, shift amounts and upper immediates in hex, other
 * immediates in decimal.
 *
 * <p>With aliases on (the default, like objdump) the usual pseudo-instructions replace
 * their base instruction: see {@link Aliases}. Two objdump choices we do not copy: since
 * binutils 2.39 objdump prints {@code addi a0, a1, 1} as {@code add a0,a1,1} (likewise
 * andi/ori/xori, the shifts and the csr*i forms without their "i"); we keep the name of
 * the encoding, as the ISA manual and older objdumps write it.
 *
 * <p>A word that is no instruction prints as objdump prints it, {@code .4byte 0x1015a52f};
 * so does a fence with reserved fields set (objdump accepts only fm = 0, rd = rs1 = 0,
 * and fence.tso), although the hart executes it as a plain fence.
 */
public final class Disassembler {
    /** csrrw zero, cycle, zero: writes a read-only CSR, so it always traps. */
    static final int UNIMP = 0xc0001073;
    /** fence.tso: fm = 1000, pred = succ = rw. */
    static final int FENCE_TSO = 0x8330000f;

    private Disassembler() {}

    /** One instruction as objdump prints it ("addi a0, a1, 1", aliases used), at {@code pc}. */
    public static String instruction(int word, int pc) {
        return instruction(word, pc, true);
    }

    /** One instruction; with {@code aliases} false, as {@code objdump -M no-aliases} prints it. */
    public static String instruction(int word, int pc, boolean aliases) {
        return render(word, pc, aliases).text();
    }

    /** The listing of every executable segment, with addresses, words and symbol labels. */
    public static String listing(Image image) {
        return listing(image, true);
    }

    /** The listing, with or without aliases; the format is described in {@link Listing}. */
    public static String listing(Image image, boolean aliases) {
        return new Listing(image, aliases).text();
    }

    static Rendered render(int word, int pc, boolean aliases) {
        Instruction i = Decoder.decode(word);
        if (i == null || !objdumpAccepts(i)) return illegal(word);
        if (word == UNIMP) return of("unimp");
        if (word == FENCE_TSO) return of("fence.tso");
        if (aliases) {
            Rendered alias = Aliases.alias(i, pc);
            if (alias != null) return alias;
        }
        return canonical(i, pc);
    }

    static Rendered illegal(int word) { return of(".4byte", hex(word)); }

    /*
     * fence:   | fm | pred | succ |  rs1  | 000 |  rd   | 0001111 |
     * fence.i: |   imm[11:0] = 0  |  rs1  | 001 |  rd   | 0001111 |
     * objdump decodes these only with the reserved fields zero.
     */
    private static boolean objdumpAccepts(Instruction i) {
        return switch (i.op()) {
            case FENCE -> i.word() == FENCE_TSO || (i.word() & 0xf00fff80) == 0;
            case FENCE_I -> i.word() == 0x0000100f;
            default -> true;
        };
    }

    /** The instruction in the table's own syntax (objdump's no-aliases form). */
    static Rendered canonical(Instruction i, int pc) {
        Opcode op = i.op();
        int rd = i.rd(), rs1 = i.rs1(), rs2 = i.rs2(), imm = i.imm();
        String m = op.mnemonic + (op.kind.category() == Kind.Category.AMO ? ordering(imm) : "");
        return switch (op.operands) {
            case RD_RS1_RS2 -> of(m, reg(rd), reg(rs1), reg(rs2));
            case RD_RS1_IMM -> of(m, reg(rd), reg(rs1), dec(imm));
            case RD_RS1_SHAMT -> of(m, reg(rd), reg(rs1), hex(imm));
            case RD_RS1 -> of(m, reg(rd), reg(rs1));
            case RD_MEM -> of(m, reg(rd), mem(imm, rs1));
            case RS2_MEM -> of(m, reg(rs2), mem(imm, rs1));
            case RS1_RS2_TARGET -> jump(m, pc + imm, reg(rs1), reg(rs2));
            case RD_UIMM20 -> of(m, reg(rd), hex(imm >>> 12));
            case RD_TARGET -> jump(m, pc + imm, reg(rd));
            case RD_CSR_RS1 -> of(m, reg(rd), csr(imm), reg(rs1));
            case RD_CSR_UIMM -> of(m, reg(rd), csr(imm), dec(rs1));
            case FENCE_SETS -> of(m, fenceSet(imm >>> 4), fenceSet(imm));
            case RD_RS2_ADDR -> of(m, reg(rd), reg(rs2), addr(rs1));
            case RD_ADDR -> of(m, reg(rd), addr(rs1));
            case RS2_ADDR -> of(m, reg(rs2), addr(rs1));
            case RS1_RS2 -> of(m, reg(rs1), reg(rs2));
            case NONE -> of(m);
        };
    }

    /** The .aq/.rl suffix of an atomic; {@code aqrl} is aq&lt;&lt;1 | rl. */
    private static String ordering(int aqrl) {
        return switch (aqrl & 3) {
            case 1 -> ".rl";
            case 2 -> ".aq";
            case 3 -> ".aqrl";
            default -> "";
        };
    }

    /** A fence predecessor or successor set (low 4 bits: i o r w); objdump says "unknown" for none. */
    static String fenceSet(int bits) {
        StringBuilder s = new StringBuilder();
        if ((bits & 8) != 0) s.append('i');
        if ((bits & 4) != 0) s.append('o');
        if ((bits & 2) != 0) s.append('r');
        if ((bits & 1) != 0) s.append('w');
        return s.isEmpty() ? "unknown" : s.toString();
    }
}
