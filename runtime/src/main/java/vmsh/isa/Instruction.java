package vmsh.isa;

/**
 * One decoded instruction. {@code imm} is the value the instruction uses: the signed
 * immediate, the byte offset of a branch or jump, the shifted upper value of lui/auipc,
 * the shift amount, the CSR number (csr forms), the pred/succ byte (fence, as
 * fm&lt;&lt;8 | pred&lt;&lt;4 | succ) or the aq/rl bits (atomics, as aq&lt;&lt;1 | rl).
 * For the csr*i forms {@code rs1} holds the 5-bit immediate.
 */
public record Instruction(Opcode op, int rd, int rs1, int rs2, int imm, int word) {

    public int csr() { return imm & 0xfff; }
}
