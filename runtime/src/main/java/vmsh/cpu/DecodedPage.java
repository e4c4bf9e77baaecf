package vmsh.cpu;

import vmsh.isa.Decoder;
import vmsh.isa.Format;
import vmsh.isa.Isa;
import vmsh.isa.Kind;
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
 * For the computational instructions x[rs2] + imm is the second operand: an immediate
 * form holds rs2 = x0, a register form imm = 0 (so one call computes any of them). A
 * branch holds its condition (funct3) where rd would be.
 *
 * Slots start as {@link Op#DECODE} and are decoded on first execution; a store into the
 * page resets the slot it hits. rd = x0 is stored as {@link Hart#X0_SINK}. One extra
 * slot past the end holds {@link Op#PAGE_END}, so running off the page needs no check.
 *
 * <p>A marked slot (a breakpoint, or an instruction a debugger watches) holds
 * {@link Op#BREAKPOINT} in its first int, so the fast loop stops there; its decoded first
 * int is kept aside with what marked it, and the engine executes the instruction from
 * there without decoding it again. The immediate stays in place.
 */
final class DecodedPage {
    static final int SLOTS = 1024;
    /** What marked a slot (bits of {@link #markKinds}). */
    static final int MARK_BREAKPOINT = 1, MARK_MONITOR = 2;

    final int[] slots = new int[2 * SLOTS + 2];
    /** By slot number: the decoded first int of a marked slot, and what marked it; null until a slot is marked. */
    private int[] kept;
    private byte[] markKinds;
    /** Translated blocks by entry: index 2 * slot number, + 1 for a block made for paging; null until the first. */
    TranslatedBlock[] blocks;
    /** Entries by slot number counted towards translation; null until the first. */
    int[] heat;

    DecodedPage() { slots[2 * SLOTS] = Op.PAGE_END; }

    /** Marks the decoded slot at array index {@code j} with {@code kinds}, keeping its first int aside. */
    void mark(int j, int kinds) {
        if (kept == null) {
            kept = new int[SLOTS];
            markKinds = new byte[SLOTS];
        }
        kept[j >>> 1] = slots[j];
        markKinds[j >>> 1] = (byte) kinds;
        slots[j] = Op.BREAKPOINT;
    }

    /** The decoded first int of the marked slot at array index {@code j}. */
    int kept(int j) { return kept[j >>> 1]; }

    /** What marked the slot at array index {@code j} (it holds {@link Op#BREAKPOINT}). */
    int markKinds(int j) { return markKinds[j >>> 1]; }

    /** Forgets the decoded instruction at byte offset {@code offset} of the page, and the blocks translated from it. */
    void invalidate(int offset) {
        slots[(offset >>> 2) << 1] = Op.DECODE;
        if (blocks != null) dropBlocksOver(offset >>> 2);
    }

    /** Drops the translated blocks made from slot {@code slot} (they start at most a block's length before it). */
    void dropBlocksOver(int slot) {
        for (int i = Math.max(0, slot - BlockCompiler.MAX_INSTRUCTIONS + 1) << 1; i < 2 * slot + 2; i++)
            if (blocks[i] != null && blocks[i].covers(slot)) blocks[i] = null;
    }

    /**
     * Decodes {@code word} into the slot at array index {@code j} (2 * slot number); an
     * instruction of an extension {@code isa} lacks is illegal.
     */
    static void decode(int[] slots, int j, int word, Isa isa) {
        Opcode opcode = Decoder.opcode(word);
        boolean legal = opcode != null && isa.implementsInstruction(opcode);
        int op = legal ? Op.of(opcode) : Op.ILLEGAL;
        int rd = Format.rd(word), rs1 = Format.rs1(word), rs2 = Format.rs2(word);
        // the value the instruction uses where it has an immediate; else the word itself,
        // from which the slow path reads its other fields (a CSR number) and traps report it
        int imm = legal && usesImmediate(opcode.kind.category()) ? Decoder.immediate(opcode, word) : word;
        // an ALU kind's second operand is x[rs2] + imm: rs2 = x0 for the immediate forms, imm = 0 otherwise
        if (legal && opcode.kind.category() == Kind.Category.ALU_IMM) rs2 = 0;
        if (legal && (opcode.kind.category() == Kind.Category.ALU_REG || opcode.kind.category() == Kind.Category.ALU_UNARY)) imm = 0;
        if (rd == 0) rd = Hart.X0_SINK;
        // a branch keeps its condition (funct3) in the rd field; without the C extension a
        // jump target is misaligned exactly when imm[1] is set
        boolean branch = legal && opcode.kind.category() == Kind.Category.BRANCH;
        if (branch) rd = Format.funct3(word);
        if ((branch || opcode == Opcode.JAL) && (imm & 2) != 0) op = branch ? Op.BRANCH_MISALIGNED : Op.JAL_MISALIGNED;
        slots[j] = op | rd << 8 | rs1 << 16 | rs2 << 24;
        slots[j + 1] = imm;
    }

    private static boolean usesImmediate(Kind.Category c) {
        return switch (c) {
            case ALU_IMM, UPPER, JUMP, BRANCH, LOAD, STORE -> true;
            default -> false;
        };
    }
}
