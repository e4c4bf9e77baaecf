package vmsh.isa;

/**
 * What an instruction does, in the few classes the engine, the hypervisor's emulation and
 * the debugger tell apart: what it reads and writes, and how wide and signed a memory
 * access is. A row of the instruction table has one.
 *
 * @param category the class of instruction
 * @param width    the bytes a memory access moves (loads, stores, AMOs, HLV/HSV), else 0
 * @param signed   a load sign-extends its value (lb, lh, hlv.b, hlv.h)
 */
public record Kind(Category category, int width, boolean signed) {
    public enum Category {
        /** rd = f(rs1, rs2) */
        ALU_REG,
        /** rd = f(rs1, imm) (shift amounts included) */
        ALU_IMM,
        /** rd = f(rs1) */
        ALU_UNARY,
        /** lui, auipc: rd from the upper immediate */
        UPPER,
        /** jal, jalr: rd = pc + 4, then jump */
        JUMP,
        /** a conditional branch on rs1 and rs2 */
        BRANCH,
        /** rd = memory[rs1 + imm], {@link #width} bytes */
        LOAD,
        /** memory[rs1 + imm] = rs2, {@link #width} bytes */
        STORE,
        /** lr, sc and the read-modify-write AMOs on memory[rs1] */
        AMO,
        /** a load of guest memory at guest virtual rs1 (hlv, hlvx) */
        HYPERVISOR_LOAD,
        /** a store to guest memory at guest virtual rs1 (hsv) */
        HYPERVISOR_STORE,
        /** a CSR read-and-write */
        CSR,
        /** memory and instruction-fetch ordering (fence, fence.i) */
        FENCE,
        /** traps, trap returns, wfi and the address-translation fences */
        SYSTEM,
    }

    public static final Kind ALU_REG = of(Category.ALU_REG), ALU_IMM = of(Category.ALU_IMM),
            ALU_UNARY = of(Category.ALU_UNARY), UPPER = of(Category.UPPER), JUMP = of(Category.JUMP),
            BRANCH = of(Category.BRANCH), AMO = new Kind(Category.AMO, 4, false), CSR = of(Category.CSR),
            FENCE = of(Category.FENCE), SYSTEM = of(Category.SYSTEM);
    /** Readable names for {@link #load}'s and {@link #hypervisorLoad}'s sign. */
    public static final boolean SIGNED = true, UNSIGNED = false;

    public Kind {
        if (category == null) throw new IllegalArgumentException("no category");
        if (width != 0 && width != 1 && width != 2 && width != 4) throw new IllegalArgumentException("width " + width);
    }

    private static Kind of(Category c) { return new Kind(c, 0, false); }

    public static Kind load(int width, boolean signed) { return new Kind(Category.LOAD, width, signed); }

    public static Kind store(int width) { return new Kind(Category.STORE, width, false); }

    public static Kind hypervisorLoad(int width, boolean signed) { return new Kind(Category.HYPERVISOR_LOAD, width, signed); }

    public static Kind hypervisorStore(int width) { return new Kind(Category.HYPERVISOR_STORE, width, false); }

    /** It accesses data memory. */
    public boolean accessesMemory() { return width != 0; }

    /** A loaded {@code value} (its low {@link #width} bytes) as rd gets it: sign- or zero-extended. */
    public int extend(int value) {
        return switch (width) {
            case 1 -> signed ? (byte) value : value & 0xff;
            case 2 -> signed ? (short) value : value & 0xffff;
            default -> value;
        };
    }

    /** The spec's lower-case name of the class, as help shows it: {@code load (2 bytes, signed)}. */
    @Override
    public String toString() {
        String name = category.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        if (width == 0) return name;
        boolean loads = category == Category.LOAD || category == Category.HYPERVISOR_LOAD;
        return name + " (" + width + (width == 1 ? " byte" : " bytes") + (loads && width < 4 ? signed ? ", signed" : ", unsigned" : "") + ")";
    }
}
