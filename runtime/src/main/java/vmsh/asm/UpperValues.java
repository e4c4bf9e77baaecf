package vmsh.asm;

import vmsh.isa.Instruction;

/**
 * What a listing knows of registers set by lui or auipc, so that it can show the address
 * the next addi, load, store or jalr forms from them ({@code la a0, msg} is auipc + addi).
 * Any other write to a register forgets it. Straight-line knowledge only: the listing
 * forgets everything at a label.
 */
final class UpperValues {
    private final int[] value = new int[32];
    private final boolean[] known = new boolean[32];

    void forgetAll() { java.util.Arrays.fill(known, false); }

    /**
     * Steps over {@code i} at {@code pc}; returns the address it forms from a known upper
     * value, or null.
     */
    Integer follow(Instruction i, int pc) {
        Integer formed = switch (i.op()) {
            case ADDI, JALR, LB, LH, LW, LBU, LHU, SB, SH, SW ->
                    known[i.rs1()] && i.rs1() != 0 ? value[i.rs1()] + i.imm() : null;
            default -> null;
        };
        switch (i.op()) {
            case LUI -> remember(i.rd(), i.imm());
            case AUIPC -> remember(i.rd(), pc + i.imm());
            default -> { if (writesRd(i)) known[i.rd()] = false; }
        }
        return formed;
    }

    private void remember(int rd, int v) {
        value[rd] = v;
        known[rd] = rd != 0;
    }

    private static boolean writesRd(Instruction i) {
        return switch (i.op().operands) {
            case RS2_MEM, RS1_RS2_TARGET, FENCE_SETS, RS2_ADDR, RS1_RS2, NONE -> false;
            default -> true;
        };
    }
}
