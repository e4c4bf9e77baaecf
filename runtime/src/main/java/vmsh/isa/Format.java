package vmsh.isa;

/**
 * The base instruction formats and how each slices its immediate.
 *
 * <pre>
 *  31        25 24   20 19   15 14  12 11        7 6      0
 * |  funct7    |  rs2  |  rs1  |funct3|    rd     | opcode |  R
 * |      imm[11:0]     |  rs1  |funct3|    rd     | opcode |  I
 * | imm[11:5]  |  rs2  |  rs1  |funct3| imm[4:0]  | opcode |  S
 * |12| [10:5]  |  rs2  |  rs1  |funct3|[4:1] |11 | opcode |  B
 * |            imm[31:12]             |    rd     | opcode |  U
 * |20|   imm[10:1]   |11|  imm[19:12] |    rd     | opcode |  J
 * </pre>
 *
 * The immediate a format decodes is the value the instruction uses: a sign-extended
 * number for I and S, a byte offset for B and J, the shifted upper value for U.
 */
public enum Format {
    R, I, S, B, U, J;

    public static int opcode(int w) { return w & 0x7f; }
    public static int rd(int w)     { return (w >>> 7) & 0x1f; }
    public static int funct3(int w) { return (w >>> 12) & 0x7; }
    public static int rs1(int w)    { return (w >>> 15) & 0x1f; }
    public static int rs2(int w)    { return (w >>> 20) & 0x1f; }

    public static int immI(int w) { return w >> 20; }

    public static int immS(int w) { return ((w >> 25) << 5) | ((w >>> 7) & 0x1f); }

    public static int immB(int w) {
        return ((w >> 31) << 12) | (((w >>> 7) & 1) << 11)
             | (((w >>> 25) & 0x3f) << 5) | (((w >>> 8) & 0xf) << 1);
    }

    public static int immU(int w) { return w & 0xfffff000; }

    public static int immJ(int w) {
        return ((w >> 31) << 20) | (((w >>> 12) & 0xff) << 12)
             | (((w >>> 20) & 1) << 11) | (((w >>> 21) & 0x3ff) << 1);
    }

    /** The immediate of word {@code w} in this format (R has none: 0). */
    public int imm(int w) {
        return switch (this) {
            case R -> 0;
            case I -> immI(w);
            case S -> immS(w);
            case B -> immB(w);
            case U -> immU(w);
            case J -> immJ(w);
        };
    }

    /** Places {@code imm} into this format's immediate bits (other bits zero). */
    public int placeImm(int imm) {
        return switch (this) {
            case R -> 0;
            case I -> (imm & 0xfff) << 20;
            case S -> ((imm >>> 5) & 0x7f) << 25 | (imm & 0x1f) << 7;
            case B -> ((imm >>> 12) & 1) << 31 | ((imm >>> 5) & 0x3f) << 25
                    | ((imm >>> 1) & 0xf) << 8 | ((imm >>> 11) & 1) << 7;
            case U -> imm & 0xfffff000;
            case J -> ((imm >>> 20) & 1) << 31 | ((imm >>> 1) & 0x3ff) << 21
                    | ((imm >>> 11) & 1) << 20 | ((imm >>> 12) & 0xff) << 12;
        };
    }

    /** True when {@code imm} fits this format's immediate exactly. */
    public boolean fits(int imm) {
        return switch (this) {
            case R -> imm == 0;
            case I, S -> imm >= -2048 && imm <= 2047;
            case B -> imm >= -4096 && imm <= 4094 && (imm & 1) == 0;
            case U -> (imm & 0xfff) == 0;
            case J -> imm >= -(1 << 20) && imm < (1 << 20) && (imm & 1) == 0;
        };
    }
}
