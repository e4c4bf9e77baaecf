package vmsh.cpu;

/**
 * The arithmetic the fast loop keeps out of line: branch conditions by funct3, AMOs, and
 * the computational operations for instructions executed one at a time (marked ones).
 */
final class Alu {
    private Alu() {}

    /**
     * The result of a computational operation (ADDI..REMU): {@code b} is the immediate of
     * the register-immediate forms, rs2 of the others. Java masks int shift counts to 5
     * bits, as RV32 does; x/0 = -1 (div, divu) or x (rem, remu), and Java's int division
     * already gives -2^31 / -1 = -2^31 and -2^31 % -1 = 0.
     */
    static int compute(int op, int a, int b) {
        return switch (op) {
            case Op.ADDI, Op.ADD -> a + b;
            case Op.SUB -> a - b;
            case Op.SLTI, Op.SLT -> a < b ? 1 : 0;
            case Op.SLTIU, Op.SLTU -> Integer.compareUnsigned(a, b) < 0 ? 1 : 0;
            case Op.XORI, Op.XOR -> a ^ b;
            case Op.ORI, Op.OR -> a | b;
            case Op.ANDI, Op.AND -> a & b;
            case Op.SLLI, Op.SLL -> a << b;
            case Op.SRLI, Op.SRL -> a >>> b;
            case Op.SRAI, Op.SRA -> a >> b;
            case Op.MUL -> a * b;
            case Op.MULH -> (int) ((long) a * b >> 32);
            case Op.MULHSU -> (int) ((long) a * (b & 0xffff_ffffL) >> 32);
            case Op.MULHU -> (int) ((a & 0xffff_ffffL) * (b & 0xffff_ffffL) >>> 32);
            case Op.DIV -> b == 0 ? -1 : a / b;
            case Op.DIVU -> b == 0 ? -1 : Integer.divideUnsigned(a, b);
            case Op.REM -> b == 0 ? a : a % b;
            case Op.REMU -> b == 0 ? a : Integer.remainderUnsigned(a, b);
            default -> throw new IllegalArgumentException("not a computational op: " + op);
        };
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
    static int amo(int op, int old, int src) {
        return switch (op) {
            case Op.AMOSWAP_W -> src;
            case Op.AMOADD_W -> old + src;
            case Op.AMOXOR_W -> old ^ src;
            case Op.AMOAND_W -> old & src;
            case Op.AMOOR_W -> old | src;
            case Op.AMOMIN_W -> Math.min(old, src);
            case Op.AMOMAX_W -> Math.max(old, src);
            case Op.AMOMINU_W -> Integer.compareUnsigned(old, src) <= 0 ? old : src;
            case Op.AMOMAXU_W -> Integer.compareUnsigned(old, src) >= 0 ? old : src;
            default -> throw new IllegalArgumentException("not an AMO: " + op);
        };
    }
}
