package vmsh.hv;

import vmsh.isa.Encoder;
import vmsh.isa.Opcode;

/**
 * The instructions the binary translator writes into its translation cache, encoded from
 * the instruction table, and its callout instruction: a word of the custom-0 major opcode
 * (no instruction of the ISA) carrying the callout's number,
 * <pre>
 *  31                         7 6       0
 * |     callout number         | 0001011 |
 * </pre>
 * which the hart cannot execute: it reaches the VMM, which finds the callout by number.
 */
final class Emit {
    static final int CUSTOM_0 = 0x0b;

    private Emit() {}

    static int callout(int number) { return CUSTOM_0 | number << 7; }

    static boolean isCallout(int word) { return (word & 0x7f) == CUSTOM_0; }

    static int calloutNumber(int word) { return word >>> 7; }

    static int jal(int rd, int offset) { return Encoder.encode(Opcode.JAL, rd, 0, 0, offset); }

    static int jalr(int rd, int rs1, int offset) { return Encoder.encode(Opcode.JALR, rd, rs1, 0, offset); }

    static int lui(int rd, int value) { return Encoder.encode(Opcode.LUI, rd, 0, 0, value + 0x800 & 0xfffff000); }

    static int addi(int rd, int rs1, int imm) { return Encoder.encode(Opcode.ADDI, rd, rs1, 0, imm); }

    /** The low 12 bits of {@code value}, sign-extended: lui of {@link #lui}'s upper part plus this is value. */
    static int lo12(int value) { return value << 20 >> 20; }

    static int add(int rd, int rs1, int rs2) { return Encoder.encode(Opcode.ADD, rd, rs1, rs2, 0); }

    static int andi(int rd, int rs1, int imm) { return Encoder.encode(Opcode.ANDI, rd, rs1, 0, imm); }

    static int slli(int rd, int rs1, int shamt) { return Encoder.encode(Opcode.SLLI, rd, rs1, 0, shamt); }

    static int lw(int rd, int rs1, int offset) { return Encoder.encode(Opcode.LW, rd, rs1, 0, offset); }

    static int sw(int rs2, int rs1, int offset) { return Encoder.encode(Opcode.SW, 0, rs1, rs2, offset); }

    static int branch(Opcode op, int rs1, int rs2, int offset) { return Encoder.encode(op, 0, rs1, rs2, offset); }
}
