package vmsh.cpu;

import vmsh.isa.Kind;
import vmsh.isa.Opcode;

/**
 * What the computational instructions compute, one line each, by their operation number
 * ({@link Op}, generated from the instruction table): the ALU operations, branch conditions
 * and AMOs. The engine's fast loop inlines the common RV32IM ones; every other execution
 * (marked instructions, the slow path, the extensions the fast loop leaves out) comes here.
 */
public final class Alu {
    private Alu() {}

    /** By operation number: {@link #compute} computes it (an ALU kind of the table). */
    private static final boolean[] COMPUTES = new boolean[256];

    static {
        for (Opcode o : Opcode.values()) {
            Kind.Category c = o.kind.category();
            COMPUTES[Op.of(o)] = c == Kind.Category.ALU_REG || c == Kind.Category.ALU_IMM || c == Kind.Category.ALU_UNARY;
        }
    }

    /** True when operation {@code op} is computational: {@link #compute} gives its result. */
    static boolean computes(int op) { return COMPUTES[op]; }

    /**
     * The result of a computational instruction (an ALU kind): {@code b} is the immediate
     * of the register-immediate forms, rs2 of the register forms, unused by the one-source
     * ones. Java masks int shift and rotate counts to 5 bits, as RV32 does.
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
            default -> computeMore(op, a, b);
        };
    }

    /**
     * {@link #compute} for M and the extensions (apart, so that the base stays small enough
     * for HotSpot to inline). x/0 = -1 (div, divu) or x (rem, remu); Java's int division
     * already gives -2^31 / -1 = -2^31 and -2^31 % -1 = 0.
     */
    private static int computeMore(int op, int a, int b) {
        return switch (op) {
            case Op.MUL -> a * b;
            case Op.MULH -> mulh(a, b);
            case Op.MULHSU -> mulhsu(a, b);
            case Op.MULHU -> mulhu(a, b);
            case Op.DIV -> div(a, b);
            case Op.DIVU -> divu(a, b);
            case Op.REM -> rem(a, b);
            case Op.REMU -> remu(a, b);
            case Op.SH1ADD -> (a << 1) + b;
            case Op.SH2ADD -> (a << 2) + b;
            case Op.SH3ADD -> (a << 3) + b;
            case Op.ANDN -> a & ~b;
            case Op.ORN -> a | ~b;
            case Op.XNOR -> ~(a ^ b);
            case Op.MIN -> Math.min(a, b);
            case Op.MAX -> Math.max(a, b);
            case Op.MINU -> Integer.compareUnsigned(a, b) <= 0 ? a : b;
            case Op.MAXU -> Integer.compareUnsigned(a, b) >= 0 ? a : b;
            case Op.CLZ -> Integer.numberOfLeadingZeros(a);
            case Op.CTZ -> Integer.numberOfTrailingZeros(a);
            case Op.CPOP -> Integer.bitCount(a);
            case Op.SEXT_B -> (byte) a;
            case Op.SEXT_H -> (short) a;
            case Op.ZEXT_H -> a & 0xffff;
            case Op.REV8 -> Integer.reverseBytes(a);
            case Op.ORC_B -> orcB(a);
            case Op.ROL -> Integer.rotateLeft(a, b);
            case Op.ROR, Op.RORI -> Integer.rotateRight(a, b);
            default -> throw new IllegalArgumentException("not a computational instruction: " + Op.opcode(op));
        };
    }

    // M's high products and divisions one by one (translated code calls them by name)
    static int mulh(int a, int b) { return (int) ((long) a * b >> 32); }

    static int mulhsu(int a, int b) { return (int) ((long) a * (b & 0xffff_ffffL) >> 32); }

    static int mulhu(int a, int b) { return (int) ((a & 0xffff_ffffL) * (b & 0xffff_ffffL) >>> 32); }

    static int div(int a, int b) { return b == 0 ? -1 : a / b; }

    static int divu(int a, int b) { return b == 0 ? -1 : Integer.divideUnsigned(a, b); }

    static int rem(int a, int b) { return b == 0 ? a : a % b; }

    static int remu(int a, int b) { return b == 0 ? a : Integer.remainderUnsigned(a, b); }

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
    public static int amo(Opcode op, int old, int src) { return amo(Op.of(op), old, src); }

    /** The value an AMO (by operation number) stores, from the old memory word and rs2. */
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
            default -> throw new IllegalArgumentException("not an AMO: " + Op.opcode(op));
        };
    }
}
