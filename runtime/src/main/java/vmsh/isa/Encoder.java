package vmsh.isa;

/** Encodes instructions from their fields; the inverse of {@link Decoder}. */
public final class Encoder {
    private Encoder() {}

    /** The word for {@code op} with these fields, {@code imm} as {@link Instruction} defines it. */
    public static int encode(Opcode op, int rd, int rs1, int rs2, int imm) {
        int w = op.match | (rd & 0x1f) << 7 | (rs1 & 0x1f) << 15 | (rs2 & 0x1f) << 20;
        w = switch (op.operands) {
            case RD_RS1_SHAMT -> w | (imm & 0x1f) << 20;
            case RD_RS1 -> w;
            case RD_CSR_RS1, RD_CSR_UIMM, FENCE_SETS -> w | (imm & 0xfff) << 20;
            case RD_RS2_ADDR, RD_ADDR -> op.kind.category() == Kind.Category.AMO ? w | (imm & 3) << 25 : w;
            default -> w | op.format.placeImm(imm);
        };
        // fields the encoding fixes (rs2 of lr.w, rd of sfence.vma, ...) come from match
        return (w & ~op.mask) | op.match;
    }

    public static int encode(Instruction i) {
        return encode(i.op(), i.rd(), i.rs1(), i.rs2(), i.imm());
    }
}
