package vmsh.debug;

import vmsh.isa.Decoder;
import vmsh.isa.Format;
import vmsh.isa.Kind;
import vmsh.isa.Opcode;

/**
 * The data access an instruction makes, from its word and the registers before it runs:
 * loads, stores, lr.w/sc.w, the AMOs and the hypervisor's HLV/HLVX/HSV, as the
 * instruction table's kind column describes them.
 *
 * @param address the virtual address (rs1 + offset); a guest virtual address for HLV/HSV
 * @param width   1, 2 or 4 bytes
 * @param reads   it reads memory (loads, HLV, lr.w, AMOs)
 * @param writes  it writes memory (stores, HSV, sc.w when it succeeds, AMOs)
 * @param rd      the destination register (loads, lr.w, sc.w, AMOs), 0 for stores
 * @param stored  what a store writes (rs2, cut to the width), for stores and sc.w
 * @param conditional sc.w: it writes only when it succeeds (rd = 0 after)
 * @param guest   HLV/HSV: the address is in the guest's space, translated by vsatp and hgatp
 */
record MemoryAccess(int address, int width, boolean reads, boolean writes, int rd, int stored, boolean conditional,
                    boolean guest) {

    /** True for the instructions that access data memory. */
    static boolean isMemory(int word) {
        Opcode op = Decoder.opcode(word);
        return op != null && op.kind.accessesMemory();
    }

    /** The access {@code word} makes with registers {@code x}, or null when it makes none. */
    static MemoryAccess of(int word, IntRegisters x) {
        Opcode op = Decoder.opcode(word);
        if (op == null || !op.kind.accessesMemory()) return null;
        Kind kind = op.kind;
        int base = x.get(Format.rs1(word)), width = kind.width(), rd = Format.rd(word);
        int source = x.get(Format.rs2(word));
        return switch (kind.category()) {
            case LOAD -> new MemoryAccess(base + Format.immI(word), width, true, false, rd, 0, false, false);
            case STORE -> new MemoryAccess(base + Format.immS(word), width, false, true, 0, cut(source, width), false, false);
            case HYPERVISOR_LOAD -> new MemoryAccess(base, width, true, false, rd, 0, false, true);
            case HYPERVISOR_STORE -> new MemoryAccess(base, width, false, true, 0, cut(source, width), false, true);
            default -> {   // AMO: lr.w only reads, sc.w only writes (when it succeeds)
                boolean lr = op == Opcode.LR_W, sc = op == Opcode.SC_W;
                yield new MemoryAccess(base, width, !sc, !lr, rd, sc ? source : 0, sc, false);
            }
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
