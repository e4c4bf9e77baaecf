package vmsh.debug;

import vmsh.isa.Format;

/**
 * The data access an instruction makes, from its word and the registers before it runs:
 * loads, stores, lr.w/sc.w and the AMOs.
 *
 * @param address the virtual address (rs1 + offset)
 * @param width   1, 2 or 4 bytes
 * @param reads   it reads memory (loads, lr.w, AMOs)
 * @param writes  it writes memory (stores, sc.w when it succeeds, AMOs)
 * @param rd      the destination register (loads, lr.w, sc.w, AMOs), 0 for stores
 * @param stored  what a store writes (rs2, cut to the width), for stores and sc.w
 * @param conditional sc.w: it writes only when it succeeds (rd = 0 after)
 */
record MemoryAccess(int address, int width, boolean reads, boolean writes, int rd, int stored, boolean conditional) {
    /*
     * opcode field (bits 6:0): LOAD 0000011, STORE 0100011, AMO 0101111
     * funct3 (bits 14:12) of loads and stores: width 0 b, 1 h, 2 w, 4 bu, 5 hu
     * funct5 (bits 31:27) of AMO: 00010 lr.w, 00011 sc.w, others read-modify-write
     */
    static final int OPCODE_LOAD = 0b0000011, OPCODE_STORE = 0b0100011, OPCODE_AMO = 0b0101111;
    private static final int FUNCT5_LR = 0b00010, FUNCT5_SC = 0b00011;

    /** True for the instructions that access data memory. */
    static boolean isMemory(int word) {
        int op = Format.opcode(word);
        return op == OPCODE_LOAD || op == OPCODE_STORE || op == OPCODE_AMO;
    }

    /** The access {@code word} makes with registers {@code x}, or null when it makes none. */
    static MemoryAccess of(int word, IntRegisters x) {
        int base = x.get(Format.rs1(word));
        int width = 1 << (Format.funct3(word) & 3);
        return switch (Format.opcode(word)) {
            case OPCODE_LOAD -> new MemoryAccess(base + Format.immI(word), width, true, false, Format.rd(word), 0, false);
            case OPCODE_STORE -> new MemoryAccess(base + Format.immS(word), width, false, true, 0,
                    cut(x.get(Format.rs2(word)), width), false);
            case OPCODE_AMO -> {
                int funct5 = word >>> 27;
                boolean lr = funct5 == FUNCT5_LR, sc = funct5 == FUNCT5_SC;
                yield new MemoryAccess(base, 4, !sc, !lr, Format.rd(word), sc ? x.get(Format.rs2(word)) : 0, sc);
            }
            default -> null;
        };
    }

    static int cut(int value, int width) {
        return width == 4 ? value : value & ((1 << (8 * width)) - 1);
    }

    /** Reads register n. */
    @FunctionalInterface
    interface IntRegisters {
        int get(int n);
    }
}
