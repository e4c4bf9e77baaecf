package vmsh.asm;

import static vmsh.asm.Rendered.*;

import vmsh.isa.Csr;
import vmsh.isa.Instruction;

/**
 * The pseudo-instructions objdump prints by default in place of their base instruction.
 * Where several fit one word, objdump takes the first in its opcode table; the order of
 * the conditions below is that order (so {@code addi zero, zero, 0} is nop, not li, and
 * {@code csrrs zero, cycle, zero} is rdcycle, not csrr).
 */
final class Aliases {
    static final int NOP = 0x00000013;
    private static final int ZERO = 0, RA = 1;

    private Aliases() {}

    /** The alias objdump prints for {@code i} at {@code pc}, or null when it prints the base form. */
    static Rendered alias(Instruction i, int pc) {
        int rd = i.rd(), rs1 = i.rs1(), rs2 = i.rs2(), imm = i.imm();
        int target = pc + imm;
        return switch (i.op()) {
            case ADDI -> i.word() == NOP ? of("nop")
                    : rs1 == ZERO ? of("li", reg(rd), dec(imm))
                    : imm == 0 ? of("mv", reg(rd), reg(rs1)) : null;
            case XORI -> imm == -1 ? of("not", reg(rd), reg(rs1)) : null;
            case RORI -> of("ror", reg(rd), reg(rs1), hex(imm));
            case SUB -> rs1 == ZERO ? of("neg", reg(rd), reg(rs2)) : null;
            case SLTIU -> imm == 1 ? of("seqz", reg(rd), reg(rs1)) : null;
            case SLTU -> rs1 == ZERO ? of("snez", reg(rd), reg(rs2)) : null;
            case SLT -> rs2 == ZERO ? of("sltz", reg(rd), reg(rs1))
                    : rs1 == ZERO ? of("sgtz", reg(rd), reg(rs2)) : null;
            case BEQ -> rs2 == ZERO ? jump("beqz", target, reg(rs1)) : null;
            case BNE -> rs2 == ZERO ? jump("bnez", target, reg(rs1)) : null;
            case BGE -> rs1 == ZERO ? jump("blez", target, reg(rs2))
                    : rs2 == ZERO ? jump("bgez", target, reg(rs1)) : null;
            case BLT -> rs2 == ZERO ? jump("bltz", target, reg(rs1))
                    : rs1 == ZERO ? jump("bgtz", target, reg(rs2)) : null;
            case JAL -> rd == ZERO ? jump("j", target)
                    : rd == RA ? jump("jal", target) : null;
            case JALR -> jalr(rd, rs1, imm);
            case CSRRS -> rs1 == ZERO ? csrRead(rd, imm)
                    : rd == ZERO ? of("csrs", csr(imm), reg(rs1)) : null;
            case CSRRW -> rd == ZERO ? of("csrw", csr(imm), reg(rs1)) : null;
            case CSRRC -> rd == ZERO ? of("csrc", csr(imm), reg(rs1)) : null;
            case CSRRWI -> rd == ZERO ? of("csrwi", csr(imm), dec(rs1)) : null;
            case CSRRSI -> rd == ZERO ? of("csrsi", csr(imm), dec(rs1)) : null;
            case CSRRCI -> rd == ZERO ? of("csrci", csr(imm), dec(rs1)) : null;
            case FENCE -> (imm & 0xff) == 0xff ? of("fence") : null;
            case SFENCE_VMA, HFENCE_VVMA, HFENCE_GVMA -> rs2 != ZERO ? null
                    : rs1 == ZERO ? of(i.op().mnemonic) : of(i.op().mnemonic, reg(rs1));
            default -> null;
        };
    }

    /** ret; jr, and jalr with the link register implied; an offset of 0 is left out. */
    private static Rendered jalr(int rd, int rs1, int imm) {
        if (rd == ZERO && rs1 == RA && imm == 0) return of("ret");
        String base = imm == 0 ? reg(rs1) : mem(imm, rs1);
        if (rd == ZERO) return of("jr", base);
        if (rd == RA) return of("jalr", base);
        return imm == 0 ? of("jalr", reg(rd), reg(rs1)) : null;
    }

    /** rdcycle and friends for the user counters, csrr for any other CSR. */
    private static Rendered csrRead(int rd, int csr) {
        return switch (csr) {
            case Csr.CYCLE -> of("rdcycle", reg(rd));
            case Csr.TIME -> of("rdtime", reg(rd));
            case Csr.INSTRET -> of("rdinstret", reg(rd));
            case Csr.CYCLEH -> of("rdcycleh", reg(rd));
            case Csr.TIMEH -> of("rdtimeh", reg(rd));
            case Csr.INSTRETH -> of("rdinstreth", reg(rd));
            default -> of("csrr", reg(rd), csr(csr));
        };
    }
}
