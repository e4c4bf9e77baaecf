package vmsh.cpu;

import vmsh.isa.Opcode;

/**
 * What the computational instructions compute, one line each, by their row of the
 * instruction table: the ALU operations, branch conditions and AMOs. The engine's fast
 * loop inlines the common RV32IM ones; every other execution (marked instructions, the
 * slow path, the extensions the fast loop leaves out) comes here.
 */
public final class Alu {
    private Alu() {}

    /**
     * The result of a computational instruction (an ALU kind): {@code b} is the immediate
     * of the register-immediate forms, rs2 of the register forms, unused by the one-source
     * ones. Java masks int shift and rotate counts to 5 bits, as RV32 does; x/0 = -1 (div,
     * divu) or x (rem, remu), and Java's int division already gives -2^31 / -1 = -2^31 and
     * -2^31 % -1 = 0.
     */
    static int compute(Opcode op, int a, int b) {
        return switch (op) {
            case ADDI, ADD -> a + b;
            case SUB -> a - b;
            case SLTI, SLT -> a < b ? 1 : 0;
            case SLTIU, SLTU -> Integer.compareUnsigned(a, b) < 0 ? 1 : 0;
            case XORI, XOR -> a ^ b;
            case ORI, OR -> a | b;
            case ANDI, AND -> a & b;
            case SLLI, SLL -> a << b;
            case SRLI, SRL -> a >>> b;
            case SRAI, SRA -> a >> b;
            case MUL -> a * b;
            case MULH -> (int) ((long) a * b >> 32);
            case MULHSU -> (int) ((long) a * (b & 0xffff_ffffL) >> 32);
            case MULHU -> (int) ((a & 0xffff_ffffL) * (b & 0xffff_ffffL) >>> 32);
            case DIV -> b == 0 ? -1 : a / b;
            case DIVU -> b == 0 ? -1 : Integer.divideUnsigned(a, b);
            case REM -> b == 0 ? a : a % b;
            case REMU -> b == 0 ? a : Integer.remainderUnsigned(a, b);
            case SH1ADD -> (a << 1) + b;
            case SH2ADD -> (a << 2) + b;
            case SH3ADD -> (a << 3) + b;
            case ANDN -> a & ~b;
            case ORN -> a | ~b;
            case XNOR -> ~(a ^ b);
            case MIN -> Math.min(a, b);
            case MAX -> Math.max(a, b);
            case MINU -> Integer.compareUnsigned(a, b) <= 0 ? a : b;
            case MAXU -> Integer.compareUnsigned(a, b) >= 0 ? a : b;
            case CLZ -> Integer.numberOfLeadingZeros(a);
            case CTZ -> Integer.numberOfTrailingZeros(a);
            case CPOP -> Integer.bitCount(a);
            case SEXT_B -> (byte) a;
            case SEXT_H -> (short) a;
            case ZEXT_H -> a & 0xffff;
            case REV8 -> Integer.reverseBytes(a);
            case ORC_B -> orcB(a);
            case ROL -> Integer.rotateLeft(a, b);
            case ROR, RORI -> Integer.rotateRight(a, b);
            default -> throw new IllegalArgumentException("not a computational instruction: " + op);
        };
    }

    /** orc.b: each byte 0xff where rs1's byte is not zero, else 0. */
    private static int orcB(int a) {
        int r = 0;
        for (int shift = 0; shift < 32; shift += 8) if ((a >>> shift & 0xff) != 0) r |= 0xff << shift;
        return r;
    }

    /** The condition of a branch by its funct3 (beq 0, bne 1, blt 4, bge 5, bltu 6, bgeu 7). */
    static boolean branchTaken(int funct3, int a, int b) {
        return switch (funct3) {
            case 0 -> a == b;
            case 1 -> a != b;
            case 4 -> a < b;
            case 5 -> a >= b;
            case 6 -> Integer.compareUnsigned(a, b) < 0;
            default -> Integer.compareUnsigned(a, b) >= 0;
        };
    }

    /** The value an AMO stores, from the old memory word and rs2. */
    public static int amo(Opcode op, int old, int src) {
        return switch (op) {
            case AMOSWAP_W -> src;
            case AMOADD_W -> old + src;
            case AMOXOR_W -> old ^ src;
            case AMOAND_W -> old & src;
            case AMOOR_W -> old | src;
            case AMOMIN_W -> Math.min(old, src);
            case AMOMAX_W -> Math.max(old, src);
            case AMOMINU_W -> Integer.compareUnsigned(old, src) <= 0 ? old : src;
            case AMOMAXU_W -> Integer.compareUnsigned(old, src) >= 0 ? old : src;
            default -> throw new IllegalArgumentException("not an AMO: " + op);
        };
    }
}
