package vmsh.cpu;

import vmsh.isa.Decoder;
import vmsh.isa.Format;
import vmsh.isa.Opcode;

/**
 * The decoded instructions of one 4 KiB physical page, two ints per instruction slot:
 *
 * <pre>
 *  slots[2i]     31      24 23     16 15      8 7       0
 *               |   rs2    |   rs1   |   rd    |   op    |
 *  slots[2i+1]  imm (the value the instruction uses; the raw word for ILLEGAL and
 *               the system instructions)
 * </pre>
 *
 * Slots start as {@link Op#DECODE} and are decoded on first execution; a store into the
 * page resets the slot it hits. rd = x0 is stored as {@link Hart#X0_SINK}. One extra
 * slot past the end holds {@link Op#PAGE_END}, so running off the page needs no check.
 */
final class DecodedPage {
    static final int SLOTS = 1024;

    final int[] slots = new int[2 * SLOTS + 2];

    DecodedPage() { slots[2 * SLOTS] = Op.PAGE_END; }

    /** Forgets the decoded instruction at byte offset {@code offset} of the page. */
    void invalidate(int offset) { slots[(offset >>> 2) << 1] = Op.DECODE; }

    /** Decodes {@code word} into the slot at array index {@code j} (2 * slot number). */
    static void decode(int[] slots, int j, int word) {
        Opcode opcode = Decoder.opcode(word);
        int op = opcode == null ? Op.ILLEGAL : Op.of(opcode);
        int rd = Format.rd(word), rs1 = Format.rs1(word), rs2 = Format.rs2(word);
        int imm = switch (op) {
            case Op.LUI, Op.AUIPC -> Format.immU(word);
            case Op.JAL -> Format.immJ(word);
            case Op.BEQ, Op.BNE, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU -> Format.immB(word);
            case Op.SB, Op.SH, Op.SW -> Format.immS(word);
            case Op.SLLI, Op.SRLI, Op.SRAI -> rs2;
            case Op.JALR, Op.LB, Op.LH, Op.LW, Op.LBU, Op.LHU, Op.ADDI, Op.SLTI, Op.SLTIU,
                 Op.XORI, Op.ORI, Op.ANDI -> Format.immI(word);
            default -> word;
        };
        if (rd == 0) rd = Hart.X0_SINK;
        // without the C extension a jump target is misaligned exactly when imm[1] is set;
        // the branch keeps its condition (funct3) in the rd field
        if ((op == Op.JAL || op >= Op.BEQ && op <= Op.BGEU) && (imm & 2) != 0) {
            rd = Format.funct3(word);
            op = op == Op.JAL ? Op.JAL_MISALIGNED : Op.BRANCH_MISALIGNED;
        }
        slots[j] = op | rd << 8 | rs1 << 16 | rs2 << 24;
        slots[j + 1] = imm;
    }
}
