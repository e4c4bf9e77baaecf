package vmsh.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vmsh.isa.Opcode.*;
import static vmsh.isa.Encoding.*;

import org.junit.jupiter.api.Test;
import vmsh.machine.Machine;
import vmsh.machine.RunResult;
import vmsh.machine.StopReason;

/** Instruction semantics, edge cases included, on a real machine. */
class InstructionTest {
    static final int A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A5 = 15, T0 = 5, T1 = 6;
    static final int DATA = Program.BASE + 0x2000;

    /** Runs {@code p} to its finisher exit and returns the machine. */
    static Machine run(Program p) {
        p.exit(0);
        Machine m = p.load();
        RunResult r = m.run(10_000);
        assertEquals(StopReason.HALT, r.reason(), r.message());
        return m;
    }

    /** a0 = op(a, b) */
    static int binary(vmsh.isa.Opcode op, int a, int b) {
        Program p = new Program().li(A1, a).li(A2, b).r(op, A0, A1, A2);
        return run(p).reg(A0);
    }

    /** a0 = op(a, b) on a hart with every extension of the table. */
    static int bitmanip(vmsh.isa.Opcode op, int a, int b) {
        Program p = new Program().li(A1, a).li(A2, b).r(op, A0, A1, A2).exit(0);
        Machine m = p.load(vmsh.isa.Isa.ALL);
        assertEquals(StopReason.HALT, m.run(10_000).reason());
        return m.reg(A0);
    }

    @Test void zbaAddsAShiftedIndex() {
        assertEquals(0x1000 + 2 * 7, bitmanip(SH1ADD, 7, 0x1000));
        assertEquals(0x1000 + 4 * 7, bitmanip(SH2ADD, 7, 0x1000));
        assertEquals(8 * 0x8000_0001 + 1, bitmanip(SH3ADD, 0x8000_0001, 1));
    }

    @Test void zbbCountsExtendsAndRotates() {
        assertEquals(32, bitmanip(CLZ, 0, 0));
        assertEquals(0, bitmanip(CLZ, -1, 0));
        assertEquals(32, bitmanip(CTZ, 0, 0));
        assertEquals(4, bitmanip(CTZ, 0x10, 0));
        assertEquals(16, bitmanip(CPOP, 0x00ff_00ff, 0));
        assertEquals(-128, bitmanip(SEXT_B, 0x1280, 0));
        assertEquals(-32768, bitmanip(SEXT_H, 0x1_8000, 0));
        assertEquals(0xffff, bitmanip(ZEXT_H, -1, 0));
        assertEquals(0x7856_3412, bitmanip(REV8, 0x1234_5678, 0));
        assertEquals(0xff00_ffff, bitmanip(ORC_B, 0x0100_8001, 0));
        assertEquals(0x2345_6781, bitmanip(ROL, 0x1234_5678, 36));
        assertEquals(0x8123_4567, bitmanip(ROR, 0x1234_5678, 4));
        assertEquals(-5, bitmanip(MIN, -5, 3));
        assertEquals(3, bitmanip(MINU, -5, 3));
        assertEquals(3, bitmanip(MAX, -5, 3));
        assertEquals(-5, bitmanip(MAXU, -5, 3));
        assertEquals(0x0f, bitmanip(ANDN, 0xff, 0xf0));
        assertEquals(~0xf0 | 0x0f, bitmanip(ORN, 0x0f, 0xf0));
        assertEquals(~(0xff ^ 0x0f), bitmanip(XNOR, 0xff, 0x0f));
    }

    @Test void zbbIsIllegalWithoutZbb() {
        Program p = new Program().li(A1, 1).r(CLZ, A0, A1, 0).exit(0);
        Machine m = p.load();
        m.run(10_000);
        assertEquals(CAUSE_ILLEGAL_INSTRUCTION, m.csr(vmsh.isa.Csr.MCAUSE));
    }

    @Test void addSubWrapAround() {
        assertEquals(Integer.MIN_VALUE, binary(ADD, Integer.MAX_VALUE, 1));
        assertEquals(Integer.MAX_VALUE, binary(SUB, Integer.MIN_VALUE, 1));
    }

    @Test void comparisons() {
        assertEquals(1, binary(SLT, -1, 0));
        assertEquals(0, binary(SLTU, -1, 0));
        assertEquals(1, binary(SLTU, 0, -1));
        Machine m = run(new Program().li(A1, -5).i(SLTI, A0, A1, -4).i(SLTIU, A2, A1, -4).i(SLTIU, A3, A1, 1));
        assertEquals(1, m.reg(A0));
        assertEquals(1, m.reg(A2));   // 0xfffffffb < 0xfffffffc unsigned
        assertEquals(0, m.reg(A3));
    }

    @Test void shiftsUseFiveBitsOfRs2() {
        assertEquals(2, binary(SLL, 1, 33));
        assertEquals(0xffff_ffff, binary(SRA, 0x8000_0000, 31));
        assertEquals(1, binary(SRL, 0x8000_0000, 31));
        Machine m = run(new Program().li(A1, 0x8000_0000).i(SRAI, A0, A1, 4).i(SRLI, A2, A1, 4).i(SLLI, A3, A1, 1));
        assertEquals(0xf800_0000, m.reg(A0));
        assertEquals(0x0800_0000, m.reg(A2));
        assertEquals(0, m.reg(A3));
    }

    @Test void logicAndUpperImmediates() {
        assertEquals(0x0f0f_0000 ^ 0x00ff_ff00, binary(XOR, 0x0f0f_0000, 0x00ff_ff00));
        Program p = new Program();
        int at = p.here();
        p.op(AUIPC, A0, 0, 0, 0x1000).op(LUI, A1, 0, 0, 0xfffff000).i(XORI, A2, A1, -1).i(ANDI, A3, A1, 0x7ff);
        Machine m = run(p);
        assertEquals(at + 0x1000, m.reg(A0));
        assertEquals(0xfffff000, m.reg(A1));
        assertEquals(0x0000_0fff, m.reg(A2));
        assertEquals(0, m.reg(A3));
    }

    @Test void x0StaysZero() {
        Machine m = run(new Program().i(ADDI, 0, 0, 5).r(ADD, A0, 0, 0).op(LUI, 0, 0, 0, 0x12345000));
        assertEquals(0, m.reg(0));
        assertEquals(0, m.reg(A0));
    }

    @Test void multiplyHighHalves() {
        assertEquals(-1, binary(MULH, -1, 1));                       // -1 * 1 = -1: high word all ones
        assertEquals(0, binary(MULHU, -1, 1));                        // 0xffffffff * 1 fits in 32 bits
        assertEquals(-1, binary(MULHSU, -1, 1));                      // signed -1 times unsigned 1
        assertEquals(0xffff_fffe, binary(MULHU, -1, -1));             // (2^32-1)^2 >> 32
        assertEquals(0x4000_0000, binary(MULH, Integer.MIN_VALUE, Integer.MIN_VALUE));
        assertEquals(0xc000_0000, binary(MULHSU, Integer.MIN_VALUE, Integer.MIN_VALUE));
        assertEquals(6, binary(MUL, -2, -3));
    }

    @Test void divisionByZeroAndOverflow() {
        assertEquals(-1, binary(DIV, 7, 0));
        assertEquals(-1, binary(DIVU, 7, 0));
        assertEquals(7, binary(REM, 7, 0));
        assertEquals(-7, binary(REMU, -7, 0));
        assertEquals(Integer.MIN_VALUE, binary(DIV, Integer.MIN_VALUE, -1));
        assertEquals(0, binary(REM, Integer.MIN_VALUE, -1));
        assertEquals(-2, binary(DIV, -7, 3));                          // rounds toward zero
        assertEquals(-1, binary(REM, -7, 3));                          // sign of the dividend
        assertEquals(0x7fff_ffff, binary(DIVU, -2, 2));
        assertEquals(1, binary(REMU, -1, 2));
    }

    @Test void loadsExtendAndStoresMerge() {
        Program p = new Program().li(A1, DATA).li(T0, 0x8081_f2f3).s(SW, T0, A1, 0)
                .i(LB, A0, A1, 0).i(LBU, A2, A1, 1).i(LH, A3, A1, 2).i(LHU, A4, A1, 2)
                .li(T1, 0x55).s(SB, T1, A1, 1).li(T1, 0x1234).s(SH, T1, A1, 2).i(LW, A5, A1, 0);
        Machine m = run(p);
        assertEquals(0xffff_fff3, m.reg(A0));
        assertEquals(0xf2, m.reg(A2));
        assertEquals(0xffff_8081, m.reg(A3));
        assertEquals(0x8081, m.reg(A4));
        assertEquals(0x1234_55f3, m.reg(A5));
    }

    @Test void misalignedLoadsAndStoresSucceedEvenAcrossPages() {
        int edge = DATA + 0x1000 - 2;   // a word straddling two frames
        Program p = new Program().li(A1, edge).li(T0, 0x1122_3344).s(SW, T0, A1, 0).i(LW, A0, A1, 0)
                .i(LH, A2, A1, 1).i(LHU, A3, A1, -1);
        Machine m = run(p);
        assertEquals(0x1122_3344, m.reg(A0));
        assertEquals(0x2233, m.reg(A2));
        assertEquals(0x4400, m.reg(A3) & 0xff00);
        assertEquals(0x44, m.read(edge, 1));
        assertEquals(0x11, m.read(edge + 3, 1));
    }

    @Test void jumpsLinkAndJalrClearsBitZero() {
        int target = Program.BASE + 0x40;
        Program p = new Program().li(A1, target + 1);
        int at = p.here();
        p.i(JALR, A0, A1, 0).padTo(target).jal(A2, target + 8).i(ADDI, A3, 0, 1).i(ADDI, A4, 0, 2);
        Machine m = run(p);
        assertEquals(at + 4, m.reg(A0));
        assertEquals(target + 4, m.reg(A2));
        assertEquals(0, m.reg(A3));      // jumped over
        assertEquals(2, m.reg(A4));
    }

    @Test void branchesSignedAndUnsigned() {
        Program p = new Program().li(A1, -1).li(A2, 1);
        p.b(BLT, A1, A2, p.here() + 8).i(ADDI, A0, A0, 1).i(ADDI, A0, A0, 2);   // taken: skips one
        Machine m = run(p.b(BLTU, A1, A2, p.here() + 8).i(ADDI, A3, 0, 7)
                .b(BGEU, A1, A2, p.here() + 8).i(ADDI, A4, 0, 9).b(BNE, A1, A1, p.here() + 8).i(ADDI, A5, 0, 3));
        assertEquals(2, m.reg(A0));
        assertEquals(7, m.reg(A3));      // -1 is not below 1 unsigned
        assertEquals(0, m.reg(A4));      // bgeu taken
        assertEquals(3, m.reg(A5));      // bne not taken
    }

    @Test void crossPageFallThroughAndBackwardBranch() {
        Program p = new Program().li(A2, 3).padTo(Program.BASE + 0xffc);
        int loop = p.here();
        p.i(ADDI, A0, A0, 1)            // the last slot of a page
         .i(ADDI, A1, A1, 1)            // the first slot of the next
         .b(BNE, A1, A2, loop);         // back across the page boundary
        Machine m = run(p);
        assertEquals(3, m.reg(A0));
        assertEquals(3, m.reg(A1));
    }
}
