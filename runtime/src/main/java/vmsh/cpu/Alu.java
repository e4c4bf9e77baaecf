package vmsh.cpu;

/** The arithmetic the hot loop keeps out of line: M-extension corner cases, branch conditions, AMOs. */
final class Alu {
    private Alu() {}

    /**
     * mulh/mulhsu/mulhu give the high 32 bits of the 64-bit product; division by zero
     * gives all ones (div, divu) or the dividend (rem, remu); the signed overflow
     * -2^31 / -1 gives -2^31 with remainder 0 (Java's int division agrees).
     */
    static int muldiv(int op, int a, int b) {
        return switch (op) {
            case Op.MULH -> (int) ((long) a * b >> 32);
            case Op.MULHSU -> (int) ((long) a * Integer.toUnsignedLong(b) >> 32);
            case Op.MULHU -> (int) (Integer.toUnsignedLong(a) * Integer.toUnsignedLong(b) >>> 32);
            case Op.DIV -> b == 0 ? -1 : a / b;
            case Op.DIVU -> b == 0 ? -1 : Integer.divideUnsigned(a, b);
            case Op.REM -> b == 0 ? a : a % b;
            case Op.REMU -> b == 0 ? a : Integer.remainderUnsigned(a, b);
            default -> throw new IllegalArgumentException("not a mul/div op: " + op);
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
