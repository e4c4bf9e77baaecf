package vmsh.cpu;

import vmsh.isa.Opcode;

// GENERATED from the instruction table (vmsh.isa.Opcode) by OpNumbersTest: do not edit.
// After changing the table's rows, regenerate it:
//     ./test -pl runtime -Dtest=OpNumbersTest -Dvmsh.regenerate=true

/**
 * The engine's dense operation numbers: what a decoded slot dispatches on. Small
 * consecutive ints make the interpreter's switch a jump table. The engine's own come
 * first, then one per row of the instruction table in table order, so a row's number is
 * {@link #FIRST_INSTRUCTION} plus its ordinal.
 */
final class Op {
    /** A slot not decoded yet. */
    static final int DECODE = 0;
    /** The sentinel past a page's last slot (not an instruction). */
    static final int PAGE_END = 1;
    /** A marked slot: a breakpoint, or an instruction a debugger watches. */
    static final int BREAKPOINT = 2;
    /** A word that is no instruction of the hart's extensions. */
    static final int ILLEGAL = 3;
    /** A taken branch whose target is not 4-byte aligned: reported on the branch. */
    static final int BRANCH_MISALIGNED = 4;
    /** A jal whose target is not 4-byte aligned: reported on the jal. */
    static final int JAL_MISALIGNED = 5;

    static final int FIRST_INSTRUCTION = 6;
    // RV32I
    static final int LUI = 6, AUIPC = 7, JAL = 8, JALR = 9, BEQ = 10, BNE = 11, BLT = 12, BGE = 13;
    static final int BLTU = 14, BGEU = 15, LB = 16, LH = 17, LW = 18, LBU = 19, LHU = 20, SB = 21;
    static final int SH = 22, SW = 23, ADDI = 24, SLTI = 25, SLTIU = 26, XORI = 27, ORI = 28;
    static final int ANDI = 29, SLLI = 30, SRLI = 31, SRAI = 32, ADD = 33, SUB = 34, SLL = 35;
    static final int SLT = 36, SLTU = 37, XOR = 38, SRL = 39, SRA = 40, OR = 41, AND = 42;
    static final int FENCE = 43, ECALL = 44, EBREAK = 45;
    // Zifencei
    static final int FENCE_I = 46;
    // Zicsr
    static final int CSRRW = 47, CSRRS = 48, CSRRC = 49, CSRRWI = 50, CSRRSI = 51, CSRRCI = 52;
    // M
    static final int MUL = 53, MULH = 54, MULHSU = 55, MULHU = 56, DIV = 57, DIVU = 58, REM = 59;
    static final int REMU = 60;
    // A
    static final int LR_W = 61, SC_W = 62, AMOSWAP_W = 63, AMOADD_W = 64, AMOXOR_W = 65;
    static final int AMOAND_W = 66, AMOOR_W = 67, AMOMIN_W = 68, AMOMAX_W = 69, AMOMINU_W = 70;
    static final int AMOMAXU_W = 71;
    // privileged
    static final int SRET = 72, MRET = 73, WFI = 74, SFENCE_VMA = 75;
    // H
    static final int HFENCE_VVMA = 76, HFENCE_GVMA = 77, HLV_B = 78, HLV_BU = 79, HLV_H = 80;
    static final int HLV_HU = 81, HLVX_HU = 82, HLV_W = 83, HLVX_WU = 84, HSV_B = 85, HSV_H = 86;
    static final int HSV_W = 87;
    // Zba
    static final int SH1ADD = 88, SH2ADD = 89, SH3ADD = 90;
    // Zbb
    static final int ANDN = 91, ORN = 92, XNOR = 93, MIN = 94, MAX = 95, MINU = 96, MAXU = 97;
    static final int CLZ = 98, CTZ = 99, CPOP = 100, SEXT_B = 101, SEXT_H = 102, ZEXT_H = 103;
    static final int REV8 = 104, ORC_B = 105, ROL = 106, ROR = 107, RORI = 108;
    static final int COUNT = 109;

    private static final Opcode[] OPCODES = Opcode.values();

    private Op() {}

    /** The operation of a table row. */
    static int of(Opcode op) { return FIRST_INSTRUCTION + op.ordinal(); }

    /** The table row of operation {@code op}, one of the table's (not the engine's own). */
    static Opcode opcode(int op) { return OPCODES[op - FIRST_INSTRUCTION]; }
}
