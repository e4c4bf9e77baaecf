package vmsh.cpu;

import vmsh.isa.Format;

/**
 * What htinst (and mtinst) receive on a trap into HS-mode (M-mode), so that a hypervisor
 * can emulate a faulting access without reading the guest's instruction from memory:
 * <ul>
 * <li>a fault of an explicit memory access (misaligned, access, page or guest-page fault of
 *     a load, store, AMO, HLV, HLVX or HSV): the <em>transformed instruction</em>;
 * <li>a guest-page fault of an implicit access (the G-stage check of a VS-stage page-table
 *     read, or of its A/D update): a <em>pseudoinstruction</em>, {@link #PTE_READ} or
 *     {@link #PTE_WRITE};
 * <li>anything else: 0.
 * </ul>
 *
 * <pre>
 *  transformed load       31        20 19    15 14    12 11   7 6      0
 *                        |      0     | offset | funct3 |  rd  | opcode |
 *  transformed store      31   25 24 20 19    15 14    12 11   7 6      0
 *                        |   0   | rs2 | offset | funct3 |  0   | opcode |
 *  transformed AMO, HLV, HLVX, HSV: the instruction with its rs1 field replaced by the offset
 * </pre>
 * The offset is the faulting virtual address minus the address the instruction accesses
 * (not 0 only for the later part of a misaligned access). A 32-bit instruction keeps bits
 * 1:0 = 11; a pseudoinstruction has bits 1:0 = 00, which tells the two apart.
 */
public final class TrapInstruction {
    /** Pseudoinstructions (RV32): a 32-bit read of a VS-stage PTE, a 32-bit write of one (its A/D update). */
    public static final int PTE_READ = 0x0000_2000, PTE_WRITE = 0x0000_2020;

    private static final int OPCODE_LOAD = 0x03, OPCODE_STORE = 0x23, OPCODE_AMO = 0x2f, OPCODE_SYSTEM = 0x73;
    /** funct3 of HLV, HLVX and HSV in the SYSTEM opcode. */
    private static final int FUNCT3_HYPERVISOR_ACCESS = 4;
    private static final int RS1_FIELD = 0x1f << 15;

    private TrapInstruction() {}

    /** True for the pseudoinstructions of implicit accesses. */
    public static boolean pseudo(int tinst) { return tinst != 0 && (tinst & 3) == 0; }

    /**
     * The transformed form of {@code word}, an explicit memory access that faulted at virtual
     * address {@code faultAddress} with the registers {@code x} as the instruction found
     * them; 0 for an instruction that is not a load, store, AMO, HLV, HLVX or HSV.
     */
    public static int transform(int word, int faultAddress, int[] x) {
        int base = x[Format.rs1(word)];
        int kept = switch (Format.opcode(word)) {
            case OPCODE_LOAD -> {
                base += Format.immI(word);
                yield word & 0x0000_7fff;                 // funct3, rd, opcode
            }
            case OPCODE_STORE -> {
                base += Format.immS(word);
                yield word & 0x01f0_707f;                 // rs2, funct3, opcode
            }
            case OPCODE_AMO -> word & ~RS1_FIELD;
            case OPCODE_SYSTEM -> Format.funct3(word) == FUNCT3_HYPERVISOR_ACCESS ? word & ~RS1_FIELD : 0;
            default -> 0;
        };
        if (kept == 0) return 0;
        return kept | ((faultAddress - base) & 0x1f) << 15;
    }
}
