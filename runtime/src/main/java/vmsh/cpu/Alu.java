package vmsh.cpu;

/** The arithmetic the fast loop keeps out of line: branch conditions by funct3 and AMOs. */
final class Alu {
    private Alu() {}

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
