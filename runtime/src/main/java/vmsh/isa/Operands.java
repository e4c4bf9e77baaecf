package vmsh.isa;

/**
 * The operand syntax of an instruction as GNU as writes it. One value per shape; the
 * assembler parses and the disassembler prints exactly these shapes.
 */
public enum Operands {
    /** {@code rd, rs1, rs2} */
    RD_RS1_RS2("rd, rs1, rs2"),
    /** {@code rd, rs1, imm} (signed 12 bits) */
    RD_RS1_IMM("rd, rs1, imm"),
    /** {@code rd, rs1} one-source operations (clz, sext.b, rev8, ...) */
    RD_RS1("rd, rs1"),
    /** {@code rd, rs1, shamt} (0..31) */
    RD_RS1_SHAMT("rd, rs1, shamt"),
    /** {@code rd, imm(rs1)} loads and jalr */
    RD_MEM("rd, imm(rs1)"),
    /** {@code rs2, imm(rs1)} stores */
    RS2_MEM("rs2, imm(rs1)"),
    /** {@code rs1, rs2, target} branches (target is pc-relative) */
    RS1_RS2_TARGET("rs1, rs2, target"),
    /** {@code rd, imm20} lui and auipc (the 20-bit upper immediate) */
    RD_UIMM20("rd, imm20"),
    /** {@code rd, target} jal */
    RD_TARGET("rd, target"),
    /** {@code rd, csr, rs1} */
    RD_CSR_RS1("rd, csr, rs1"),
    /** {@code rd, csr, uimm5} */
    RD_CSR_UIMM("rd, csr, uimm5"),
    /** {@code pred, succ} fence sets such as {@code iorw, iorw} */
    FENCE_SETS("pred, succ"),
    /** {@code rd, rs2, (rs1)} atomic memory operations and sc.w */
    RD_RS2_ADDR("rd, rs2, (rs1)"),
    /** {@code rd, (rs1)} lr.w and hypervisor loads */
    RD_ADDR("rd, (rs1)"),
    /** {@code rs2, (rs1)} hypervisor stores */
    RS2_ADDR("rs2, (rs1)"),
    /** {@code rs1, rs2} sfence.vma and the hfence forms (both optional in GNU as) */
    RS1_RS2("rs1, rs2"),
    /** no operands */
    NONE("");

    public final String syntax;

    Operands(String syntax) { this.syntax = syntax; }
}
