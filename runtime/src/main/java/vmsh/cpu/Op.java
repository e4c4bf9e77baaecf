package vmsh.cpu;

import vmsh.isa.Opcode;

/**
 * The engine's dense operation numbers: what a decoded slot dispatches on. Small
 * consecutive ints make the interpreter's switch a jump table. The first few are
 * engine-internal (a slot not decoded yet, the end-of-page sentinel, a breakpoint).
 */
final class Op {
    static final int DECODE = 0, PAGE_END = 1, BREAKPOINT = 2, ILLEGAL = 3;
    static final int LUI = 4, AUIPC = 5, JAL = 6, JALR = 7;
    static final int BEQ = 8, BNE = 9, BLT = 10, BGE = 11, BLTU = 12, BGEU = 13;
    static final int LB = 14, LH = 15, LW = 16, LBU = 17, LHU = 18, SB = 19, SH = 20, SW = 21;
    static final int ADDI = 22, SLTI = 23, SLTIU = 24, XORI = 25, ORI = 26, ANDI = 27;
    static final int SLLI = 28, SRLI = 29, SRAI = 30;
    static final int ADD = 31, SUB = 32, SLL = 33, SLT = 34, SLTU = 35, XOR = 36, SRL = 37;
    static final int SRA = 38, OR = 39, AND = 40;
    static final int MUL = 41, MULH = 42, MULHSU = 43, MULHU = 44, DIV = 45, DIVU = 46;
    static final int REM = 47, REMU = 48;
    static final int FENCE = 49;
    /** A taken branch or jal whose target is not 4-byte aligned: reported on the jump. */
    static final int BRANCH_MISALIGNED = 50, JAL_MISALIGNED = 51;
    // rare operations, executed out of line (the hart's helpers)
    static final int FIRST_RARE = 52;
    static final int LR_W = 52, SC_W = 53, AMOSWAP_W = 54, AMOADD_W = 55, AMOXOR_W = 56;
    static final int AMOAND_W = 57, AMOOR_W = 58, AMOMIN_W = 59, AMOMAX_W = 60;
    static final int AMOMINU_W = 61, AMOMAXU_W = 62;
    /** The hypervisor's virtual-machine loads and stores (HLV, HLVX, HSV). */
    static final int HLV_B = 63, HLV_BU = 64, HLV_H = 65, HLV_HU = 66, HLVX_HU = 67, HLV_W = 68, HLVX_WU = 69;
    static final int HSV_B = 70, HSV_H = 71, HSV_W = 72;
    /** Instructions that end a run chunk: they may change privilege, translation or time. */
    static final int FIRST_SYSTEM = 73;
    static final int CSRRW = 73, CSRRS = 74, CSRRC = 75, CSRRWI = 76, CSRRSI = 77, CSRRCI = 78;
    static final int ECALL = 79, EBREAK = 80, MRET = 81, SRET = 82, WFI = 83, SFENCE_VMA = 84;
    static final int FENCE_I = 85, HFENCE_VVMA = 86, HFENCE_GVMA = 87;
    static final int COUNT = 88;

    private Op() {}

    /** The engine operation of a table entry; instructions of absent extensions are ILLEGAL. */
    static int of(Opcode op) {
        return switch (op) {
            case LUI -> LUI; case AUIPC -> AUIPC; case JAL -> JAL; case JALR -> JALR;
            case BEQ -> BEQ; case BNE -> BNE; case BLT -> BLT; case BGE -> BGE;
            case BLTU -> BLTU; case BGEU -> BGEU;
            case LB -> LB; case LH -> LH; case LW -> LW; case LBU -> LBU; case LHU -> LHU;
            case SB -> SB; case SH -> SH; case SW -> SW;
            case ADDI -> ADDI; case SLTI -> SLTI; case SLTIU -> SLTIU; case XORI -> XORI;
            case ORI -> ORI; case ANDI -> ANDI; case SLLI -> SLLI; case SRLI -> SRLI; case SRAI -> SRAI;
            case ADD -> ADD; case SUB -> SUB; case SLL -> SLL; case SLT -> SLT; case SLTU -> SLTU;
            case XOR -> XOR; case SRL -> SRL; case SRA -> SRA; case OR -> OR; case AND -> AND;
            case MUL -> MUL; case MULH -> MULH; case MULHSU -> MULHSU; case MULHU -> MULHU;
            case DIV -> DIV; case DIVU -> DIVU; case REM -> REM; case REMU -> REMU;
            case FENCE -> FENCE; case FENCE_I -> FENCE_I;
            case LR_W -> LR_W; case SC_W -> SC_W; case AMOSWAP_W -> AMOSWAP_W; case AMOADD_W -> AMOADD_W;
            case AMOXOR_W -> AMOXOR_W; case AMOAND_W -> AMOAND_W; case AMOOR_W -> AMOOR_W;
            case AMOMIN_W -> AMOMIN_W; case AMOMAX_W -> AMOMAX_W; case AMOMINU_W -> AMOMINU_W;
            case AMOMAXU_W -> AMOMAXU_W;
            case CSRRW -> CSRRW; case CSRRS -> CSRRS; case CSRRC -> CSRRC;
            case CSRRWI -> CSRRWI; case CSRRSI -> CSRRSI; case CSRRCI -> CSRRCI;
            case ECALL -> ECALL; case EBREAK -> EBREAK; case MRET -> MRET; case SRET -> SRET;
            case WFI -> WFI; case SFENCE_VMA -> SFENCE_VMA;
            // the hypervisor extension's fences and virtual-machine loads and stores (illegal unless misa.H)
            case HFENCE_VVMA -> HFENCE_VVMA; case HFENCE_GVMA -> HFENCE_GVMA;
            case HLV_B -> HLV_B; case HLV_BU -> HLV_BU; case HLV_H -> HLV_H; case HLV_HU -> HLV_HU;
            case HLVX_HU -> HLVX_HU; case HLV_W -> HLV_W; case HLVX_WU -> HLVX_WU;
            case HSV_B -> HSV_B; case HSV_H -> HSV_H; case HSV_W -> HSV_W;
        };
    }
}
