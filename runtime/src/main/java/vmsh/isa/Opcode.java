package vmsh.isa;

import static vmsh.isa.Extension.*;
import static vmsh.isa.Format.*;
import static vmsh.isa.Kind.*;
import static vmsh.isa.Operands.*;
import static vmsh.isa.Sensitivity.SENSITIVE;

/**
 * The instruction table: every instruction the machine knows, one row each, with its
 * encoding (match/mask, as in riscv-opcodes), format, operand syntax, kind, extension,
 * sensitivity (rows marked SENSITIVE; see {@link Sensitivity}), a one-line description and
 * an example. Decode, encode, the assembler, the disassembler, help, the engine's
 * operation numbers (cpu's generated Op) and the hand decoders of the hypervisor and the
 * debugger all read it: a new instruction is a row here and its execution case.
 */
public enum Opcode {
    // ---- RV32I ----
    LUI         ("lui",        0x00000037, 0x0000007f, U, RD_UIMM20,      UPPER,                       RV32I,      "rd = imm20 << 12", "lui a0, 0x12345"),
    AUIPC       ("auipc",      0x00000017, 0x0000007f, U, RD_UIMM20,      UPPER,                       RV32I,      "rd = pc + (imm20 << 12)", "auipc t0, 0x1"),
    JAL         ("jal",        0x0000006f, 0x0000007f, J, RD_TARGET,      JUMP,                        RV32I,      "rd = pc + 4; pc = target", "jal ra, 0x800"),
    JALR        ("jalr",       0x00000067, 0x0000707f, I, RD_MEM,         JUMP,                        RV32I,      "rd = pc + 4; pc = (rs1 + imm) & ~1", "jalr ra, 8(a0)"),
    BEQ         ("beq",        0x00000063, 0x0000707f, B, RS1_RS2_TARGET, BRANCH,                      RV32I,      "if rs1 == rs2: pc = target", "beq a0, a1, 0x10"),
    BNE         ("bne",        0x00001063, 0x0000707f, B, RS1_RS2_TARGET, BRANCH,                      RV32I,      "if rs1 != rs2: pc = target", "bne a0, a1, 0x10"),
    BLT         ("blt",        0x00004063, 0x0000707f, B, RS1_RS2_TARGET, BRANCH,                      RV32I,      "if rs1 < rs2 (signed): pc = target", "blt a0, a1, 0x10"),
    BGE         ("bge",        0x00005063, 0x0000707f, B, RS1_RS2_TARGET, BRANCH,                      RV32I,      "if rs1 >= rs2 (signed): pc = target", "bge a0, a1, 0x10"),
    BLTU        ("bltu",       0x00006063, 0x0000707f, B, RS1_RS2_TARGET, BRANCH,                      RV32I,      "if rs1 < rs2 (unsigned): pc = target", "bltu a0, a1, 0x10"),
    BGEU        ("bgeu",       0x00007063, 0x0000707f, B, RS1_RS2_TARGET, BRANCH,                      RV32I,      "if rs1 >= rs2 (unsigned): pc = target", "bgeu a0, a1, 0x10"),
    LB          ("lb",         0x00000003, 0x0000707f, I, RD_MEM,         load(1, SIGNED),             RV32I,      "rd = sext(mem8[rs1 + imm])", "lb a0, -4(sp)"),
    LH          ("lh",         0x00001003, 0x0000707f, I, RD_MEM,         load(2, SIGNED),             RV32I,      "rd = sext(mem16[rs1 + imm])", "lh a0, 2(a1)"),
    LW          ("lw",         0x00002003, 0x0000707f, I, RD_MEM,         load(4, SIGNED),             RV32I,      "rd = mem32[rs1 + imm]", "lw a0, 8(sp)"),
    LBU         ("lbu",        0x00004003, 0x0000707f, I, RD_MEM,         load(1, UNSIGNED),           RV32I,      "rd = zext(mem8[rs1 + imm])", "lbu a0, 0(a1)"),
    LHU         ("lhu",        0x00005003, 0x0000707f, I, RD_MEM,         load(2, UNSIGNED),           RV32I,      "rd = zext(mem16[rs1 + imm])", "lhu a0, 6(a1)"),
    SB          ("sb",         0x00000023, 0x0000707f, S, RS2_MEM,        store(1),                    RV32I,      "mem8[rs1 + imm] = rs2", "sb a0, 1(a1)"),
    SH          ("sh",         0x00001023, 0x0000707f, S, RS2_MEM,        store(2),                    RV32I,      "mem16[rs1 + imm] = rs2", "sh a0, -2(a1)"),
    SW          ("sw",         0x00002023, 0x0000707f, S, RS2_MEM,        store(4),                    RV32I,      "mem32[rs1 + imm] = rs2", "sw ra, 12(sp)"),
    ADDI        ("addi",       0x00000013, 0x0000707f, I, RD_RS1_IMM,     ALU_IMM,                     RV32I,      "rd = rs1 + imm", "addi a0, a1, -42"),
    SLTI        ("slti",       0x00002013, 0x0000707f, I, RD_RS1_IMM,     ALU_IMM,                     RV32I,      "rd = rs1 < imm (signed)", "slti a0, a1, 10"),
    SLTIU       ("sltiu",      0x00003013, 0x0000707f, I, RD_RS1_IMM,     ALU_IMM,                     RV32I,      "rd = rs1 < imm (unsigned)", "sltiu a0, a1, 10"),
    XORI        ("xori",       0x00004013, 0x0000707f, I, RD_RS1_IMM,     ALU_IMM,                     RV32I,      "rd = rs1 ^ imm", "xori a0, a1, 255"),
    ORI         ("ori",        0x00006013, 0x0000707f, I, RD_RS1_IMM,     ALU_IMM,                     RV32I,      "rd = rs1 | imm", "ori a0, a1, 16"),
    ANDI        ("andi",       0x00007013, 0x0000707f, I, RD_RS1_IMM,     ALU_IMM,                     RV32I,      "rd = rs1 & imm", "andi a0, a1, 15"),
    SLLI        ("slli",       0x00001013, 0xfe00707f, I, RD_RS1_SHAMT,   ALU_IMM,                     RV32I,      "rd = rs1 << shamt", "slli a0, a1, 3"),
    SRLI        ("srli",       0x00005013, 0xfe00707f, I, RD_RS1_SHAMT,   ALU_IMM,                     RV32I,      "rd = rs1 >>> shamt (logical)", "srli a0, a1, 3"),
    SRAI        ("srai",       0x40005013, 0xfe00707f, I, RD_RS1_SHAMT,   ALU_IMM,                     RV32I,      "rd = rs1 >> shamt (arithmetic)", "srai a0, a1, 3"),
    ADD         ("add",        0x00000033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     RV32I,      "rd = rs1 + rs2", "add a0, a1, a2"),
    SUB         ("sub",        0x40000033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     RV32I,      "rd = rs1 - rs2", "sub a0, a1, a2"),
    SLL         ("sll",        0x00001033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     RV32I,      "rd = rs1 << rs2[4:0]", "sll a0, a1, a2"),
    SLT         ("slt",        0x00002033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     RV32I,      "rd = rs1 < rs2 (signed)", "slt a0, a1, a2"),
    SLTU        ("sltu",       0x00003033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     RV32I,      "rd = rs1 < rs2 (unsigned)", "sltu a0, a1, a2"),
    XOR         ("xor",        0x00004033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     RV32I,      "rd = rs1 ^ rs2", "xor a0, a1, a2"),
    SRL         ("srl",        0x00005033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     RV32I,      "rd = rs1 >>> rs2[4:0] (logical)", "srl a0, a1, a2"),
    SRA         ("sra",        0x40005033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     RV32I,      "rd = rs1 >> rs2[4:0] (arithmetic)", "sra a0, a1, a2"),
    OR          ("or",         0x00006033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     RV32I,      "rd = rs1 | rs2", "or a0, a1, a2"),
    AND         ("and",        0x00007033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     RV32I,      "rd = rs1 & rs2", "and a0, a1, a2"),
    FENCE       ("fence",      0x0000000f, 0x0000707f, I, FENCE_SETS,     Kind.FENCE,                  RV32I,      "order memory accesses (pred before succ)", "fence rw, rw"),
    ECALL       ("ecall",      0x00000073, 0xffffffff, I, NONE,           SYSTEM,                      RV32I,      SENSITIVE, "environment call: trap to the more privileged mode", "ecall"),
    EBREAK      ("ebreak",     0x00100073, 0xffffffff, I, NONE,           SYSTEM,                      RV32I,      "breakpoint trap", "ebreak"),
    // ---- Zifencei ----
    FENCE_I     ("fence.i",    0x0000100f, 0x0000707f, I, NONE,           Kind.FENCE,                  ZIFENCEI,   "synchronize instruction fetch with earlier stores", "fence.i"),
    // ---- Zicsr ----
    CSRRW       ("csrrw",      0x00001073, 0x0000707f, I, RD_CSR_RS1,     CSR,                         ZICSR,      SENSITIVE, "rd = csr; csr = rs1", "csrrw t0, mscratch, t1"),
    CSRRS       ("csrrs",      0x00002073, 0x0000707f, I, RD_CSR_RS1,     CSR,                         ZICSR,      SENSITIVE, "rd = csr; csr |= rs1", "csrrs t0, mstatus, t1"),
    CSRRC       ("csrrc",      0x00003073, 0x0000707f, I, RD_CSR_RS1,     CSR,                         ZICSR,      SENSITIVE, "rd = csr; csr &= ~rs1", "csrrc t0, mie, t1"),
    CSRRWI      ("csrrwi",     0x00005073, 0x0000707f, I, RD_CSR_UIMM,    CSR,                         ZICSR,      SENSITIVE, "rd = csr; csr = uimm5", "csrrwi t0, mscratch, 5"),
    CSRRSI      ("csrrsi",     0x00006073, 0x0000707f, I, RD_CSR_UIMM,    CSR,                         ZICSR,      SENSITIVE, "rd = csr; csr |= uimm5", "csrrsi t0, mstatus, 8"),
    CSRRCI      ("csrrci",     0x00007073, 0x0000707f, I, RD_CSR_UIMM,    CSR,                         ZICSR,      SENSITIVE, "rd = csr; csr &= ~uimm5", "csrrci t0, mstatus, 8"),
    // ---- M ----
    MUL         ("mul",        0x02000033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     M,          "rd = (rs1 * rs2)[31:0]", "mul a0, a1, a2"),
    MULH        ("mulh",       0x02001033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     M,          "rd = (signed rs1 * signed rs2)[63:32]", "mulh a0, a1, a2"),
    MULHSU      ("mulhsu",     0x02002033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     M,          "rd = (signed rs1 * unsigned rs2)[63:32]", "mulhsu a0, a1, a2"),
    MULHU       ("mulhu",      0x02003033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     M,          "rd = (unsigned rs1 * unsigned rs2)[63:32]", "mulhu a0, a1, a2"),
    DIV         ("div",        0x02004033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     M,          "rd = rs1 / rs2 (signed; x/0 = -1)", "div a0, a1, a2"),
    DIVU        ("divu",       0x02005033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     M,          "rd = rs1 / rs2 (unsigned; x/0 = 2^32-1)", "divu a0, a1, a2"),
    REM         ("rem",        0x02006033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     M,          "rd = rs1 % rs2 (signed; x%0 = x)", "rem a0, a1, a2"),
    REMU        ("remu",       0x02007033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     M,          "rd = rs1 % rs2 (unsigned; x%0 = x)", "remu a0, a1, a2"),
    // ---- A (aq/rl bits 26:25 are outside the mask) ----
    LR_W        ("lr.w",       0x1000202f, 0xf9f0707f, R, RD_ADDR,        AMO,                         A,          "rd = mem32[rs1]; reserve rs1", "lr.w a0, (a1)"),
    SC_W        ("sc.w",       0x1800202f, 0xf800707f, R, RD_RS2_ADDR,    AMO,                         A,          "if reserved: mem32[rs1] = rs2, rd = 0; else rd = 1", "sc.w a0, a2, (a1)"),
    AMOSWAP_W   ("amoswap.w",  0x0800202f, 0xf800707f, R, RD_RS2_ADDR,    AMO,                         A,          "rd = mem32[rs1]; mem32[rs1] = rs2", "amoswap.w a0, a2, (a1)"),
    AMOADD_W    ("amoadd.w",   0x0000202f, 0xf800707f, R, RD_RS2_ADDR,    AMO,                         A,          "rd = mem32[rs1]; mem32[rs1] += rs2", "amoadd.w a0, a2, (a1)"),
    AMOXOR_W    ("amoxor.w",   0x2000202f, 0xf800707f, R, RD_RS2_ADDR,    AMO,                         A,          "rd = mem32[rs1]; mem32[rs1] ^= rs2", "amoxor.w a0, a2, (a1)"),
    AMOAND_W    ("amoand.w",   0x6000202f, 0xf800707f, R, RD_RS2_ADDR,    AMO,                         A,          "rd = mem32[rs1]; mem32[rs1] &= rs2", "amoand.w a0, a2, (a1)"),
    AMOOR_W     ("amoor.w",    0x4000202f, 0xf800707f, R, RD_RS2_ADDR,    AMO,                         A,          "rd = mem32[rs1]; mem32[rs1] |= rs2", "amoor.w a0, a2, (a1)"),
    AMOMIN_W    ("amomin.w",   0x8000202f, 0xf800707f, R, RD_RS2_ADDR,    AMO,                         A,          "rd = mem32[rs1]; mem32[rs1] = min (signed)", "amomin.w a0, a2, (a1)"),
    AMOMAX_W    ("amomax.w",   0xa000202f, 0xf800707f, R, RD_RS2_ADDR,    AMO,                         A,          "rd = mem32[rs1]; mem32[rs1] = max (signed)", "amomax.w a0, a2, (a1)"),
    AMOMINU_W   ("amominu.w",  0xc000202f, 0xf800707f, R, RD_RS2_ADDR,    AMO,                         A,          "rd = mem32[rs1]; mem32[rs1] = min (unsigned)", "amominu.w a0, a2, (a1)"),
    AMOMAXU_W   ("amomaxu.w",  0xe000202f, 0xf800707f, R, RD_RS2_ADDR,    AMO,                         A,          "rd = mem32[rs1]; mem32[rs1] = max (unsigned)", "amomaxu.w a0, a2, (a1)"),
    // ---- privileged ----
    SRET        ("sret",       0x10200073, 0xffffffff, I, NONE,           SYSTEM,                      PRIVILEGED, SENSITIVE, "return from an S-mode trap", "sret"),
    MRET        ("mret",       0x30200073, 0xffffffff, I, NONE,           SYSTEM,                      PRIVILEGED, SENSITIVE, "return from an M-mode trap", "mret"),
    WFI         ("wfi",        0x10500073, 0xffffffff, I, NONE,           SYSTEM,                      PRIVILEGED, SENSITIVE, "wait for an interrupt", "wfi"),
    SFENCE_VMA  ("sfence.vma", 0x12000073, 0xfe007fff, R, RS1_RS2,        SYSTEM,                      PRIVILEGED, SENSITIVE, "flush TLB entries (rs1: address, rs2: ASID; x0 = all)", "sfence.vma a0, a1"),
    // ---- hypervisor extension ----
    HFENCE_VVMA ("hfence.vvma", 0x22000073, 0xfe007fff, R, RS1_RS2,        SYSTEM,                      H,          SENSITIVE, "flush VS-stage TLB entries (rs1: guest address, rs2: ASID)", "hfence.vvma a0, a1"),
    HFENCE_GVMA ("hfence.gvma", 0x62000073, 0xfe007fff, R, RS1_RS2,        SYSTEM,                      H,          SENSITIVE, "flush G-stage TLB entries (rs1: guest physical >> 2, rs2: VMID)", "hfence.gvma a0, a1"),
    HLV_B       ("hlv.b",      0x60004073, 0xfff0707f, R, RD_ADDR,        hypervisorLoad(1, SIGNED),   H,          SENSITIVE, "rd = sext(guest mem8[rs1]) as if V=1", "hlv.b a0, (a1)"),
    HLV_BU      ("hlv.bu",     0x60104073, 0xfff0707f, R, RD_ADDR,        hypervisorLoad(1, UNSIGNED), H,          SENSITIVE, "rd = zext(guest mem8[rs1]) as if V=1", "hlv.bu a0, (a1)"),
    HLV_H       ("hlv.h",      0x64004073, 0xfff0707f, R, RD_ADDR,        hypervisorLoad(2, SIGNED),   H,          SENSITIVE, "rd = sext(guest mem16[rs1]) as if V=1", "hlv.h a0, (a1)"),
    HLV_HU      ("hlv.hu",     0x64104073, 0xfff0707f, R, RD_ADDR,        hypervisorLoad(2, UNSIGNED), H,          SENSITIVE, "rd = zext(guest mem16[rs1]) as if V=1", "hlv.hu a0, (a1)"),
    HLVX_HU     ("hlvx.hu",    0x64304073, 0xfff0707f, R, RD_ADDR,        hypervisorLoad(2, UNSIGNED), H,          SENSITIVE, "rd = zext(guest mem16[rs1]), execute permission", "hlvx.hu a0, (a1)"),
    HLV_W       ("hlv.w",      0x68004073, 0xfff0707f, R, RD_ADDR,        hypervisorLoad(4, SIGNED),   H,          SENSITIVE, "rd = guest mem32[rs1] as if V=1", "hlv.w a0, (a1)"),
    HLVX_WU     ("hlvx.wu",    0x68304073, 0xfff0707f, R, RD_ADDR,        hypervisorLoad(4, UNSIGNED), H,          SENSITIVE, "rd = guest mem32[rs1], execute permission", "hlvx.wu a0, (a1)"),
    HSV_B       ("hsv.b",      0x62004073, 0xfe007fff, R, RS2_ADDR,       hypervisorStore(1),          H,          SENSITIVE, "guest mem8[rs1] = rs2 as if V=1", "hsv.b a0, (a1)"),
    HSV_H       ("hsv.h",      0x66004073, 0xfe007fff, R, RS2_ADDR,       hypervisorStore(2),          H,          SENSITIVE, "guest mem16[rs1] = rs2 as if V=1", "hsv.h a0, (a1)"),
    HSV_W       ("hsv.w",      0x6a004073, 0xfe007fff, R, RS2_ADDR,       hypervisorStore(4),          H,          SENSITIVE, "guest mem32[rs1] = rs2 as if V=1", "hsv.w a0, (a1)"),
    // ---- Zba ----
    SH1ADD      ("sh1add",     0x20002033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     ZBA,        "rd = (rs1 << 1) + rs2", "sh1add a0, a1, a2"),
    SH2ADD      ("sh2add",     0x20004033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     ZBA,        "rd = (rs1 << 2) + rs2", "sh2add a0, a1, a2"),
    SH3ADD      ("sh3add",     0x20006033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     ZBA,        "rd = (rs1 << 3) + rs2", "sh3add a0, a1, a2"),
    // ---- Zbb (the simplest: logic with negation, min/max, counts, extensions, byte order, rotations) ----
    ANDN        ("andn",       0x40007033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     ZBB,        "rd = rs1 & ~rs2", "andn a0, a1, a2"),
    ORN         ("orn",        0x40006033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     ZBB,        "rd = rs1 | ~rs2", "orn a0, a1, a2"),
    XNOR        ("xnor",       0x40004033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     ZBB,        "rd = ~(rs1 ^ rs2)", "xnor a0, a1, a2"),
    MIN         ("min",        0x0a004033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     ZBB,        "rd = the smaller of rs1, rs2 (signed)", "min a0, a1, a2"),
    MAX         ("max",        0x0a006033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     ZBB,        "rd = the larger of rs1, rs2 (signed)", "max a0, a1, a2"),
    MINU        ("minu",       0x0a005033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     ZBB,        "rd = the smaller of rs1, rs2 (unsigned)", "minu a0, a1, a2"),
    MAXU        ("maxu",       0x0a007033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     ZBB,        "rd = the larger of rs1, rs2 (unsigned)", "maxu a0, a1, a2"),
    CLZ         ("clz",        0x60001013, 0xfff0707f, I, RD_RS1,         ALU_UNARY,                   ZBB,        "rd = number of leading zero bits of rs1 (32 for 0)", "clz a0, a1"),
    CTZ         ("ctz",        0x60101013, 0xfff0707f, I, RD_RS1,         ALU_UNARY,                   ZBB,        "rd = number of trailing zero bits of rs1 (32 for 0)", "ctz a0, a1"),
    CPOP        ("cpop",       0x60201013, 0xfff0707f, I, RD_RS1,         ALU_UNARY,                   ZBB,        "rd = number of one bits of rs1", "cpop a0, a1"),
    SEXT_B      ("sext.b",     0x60401013, 0xfff0707f, I, RD_RS1,         ALU_UNARY,                   ZBB,        "rd = sext(rs1[7:0])", "sext.b a0, a1"),
    SEXT_H      ("sext.h",     0x60501013, 0xfff0707f, I, RD_RS1,         ALU_UNARY,                   ZBB,        "rd = sext(rs1[15:0])", "sext.h a0, a1"),
    ZEXT_H      ("zext.h",     0x08004033, 0xfff0707f, R, RD_RS1,         ALU_UNARY,                   ZBB,        "rd = zext(rs1[15:0])", "zext.h a0, a1"),
    REV8        ("rev8",       0x69805013, 0xfff0707f, I, RD_RS1,         ALU_UNARY,                   ZBB,        "rd = rs1 with its bytes in reverse order", "rev8 a0, a1"),
    ORC_B       ("orc.b",      0x28705013, 0xfff0707f, I, RD_RS1,         ALU_UNARY,                   ZBB,        "each byte of rd = 0xff if that byte of rs1 is not 0, else 0", "orc.b a0, a1"),
    ROL         ("rol",        0x60001033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     ZBB,        "rd = rs1 rotated left by rs2[4:0]", "rol a0, a1, a2"),
    ROR         ("ror",        0x60005033, 0xfe00707f, R, RD_RS1_RS2,     ALU_REG,                     ZBB,        "rd = rs1 rotated right by rs2[4:0]", "ror a0, a1, a2"),
    RORI        ("rori",       0x60005013, 0xfe00707f, I, RD_RS1_SHAMT,   ALU_IMM,                     ZBB,        "rd = rs1 rotated right by shamt", "rori a0, a1, 3");

    public final String mnemonic;
    public final int match;
    public final int mask;
    public final Format format;
    public final Operands operands;
    public final Kind kind;
    public final Extension extension;
    /** Sensitive in Popek and Goldberg's sense (see {@link Sensitivity} for the rule). */
    public final boolean sensitive;
    public final String description;
    public final String example;

    Opcode(String mnemonic, int match, int mask, Format format, Operands operands, Kind kind,
           Extension extension, Sensitivity sensitivity, String description, String example) {
        this.mnemonic = mnemonic;
        this.match = match;
        this.mask = mask;
        this.format = format;
        this.operands = operands;
        this.kind = kind;
        this.extension = extension;
        this.sensitive = sensitivity == Sensitivity.SENSITIVE;
        this.description = description;
        this.example = example;
    }

    /** An innocuous instruction (the rows that do not say SENSITIVE). */
    Opcode(String mnemonic, int match, int mask, Format format, Operands operands, Kind kind,
           Extension extension, String description, String example) {
        this(mnemonic, match, mask, format, operands, kind, extension, Sensitivity.INNOCUOUS, description, example);
    }

    private static final Opcode[] ALL = values();
    private static final java.util.Map<String, Opcode> BY_MNEMONIC = new java.util.HashMap<>();
    static { for (Opcode op : ALL) BY_MNEMONIC.put(op.mnemonic, op); }

    public boolean matches(int word) { return (word & mask) == match; }

    /** The instruction with this mnemonic (lower case), or null. */
    public static Opcode byMnemonic(String mnemonic) { return BY_MNEMONIC.get(mnemonic); }

    /** Every instruction, in table order. */
    public static java.util.List<Opcode> all() { return java.util.List.of(ALL); }
}
