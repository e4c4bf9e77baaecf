package vmsh.asm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

import vmsh.isa.Csr;
import vmsh.isa.Format;
import vmsh.isa.Opcode;

import static vmsh.isa.Opcode.*;

/**
 * The standard pseudo-instructions, expanded into real instructions exactly as GNU as
 * (binutils 2.40, rv32, non-PIC, -mno-relax) expands them.
 */
final class Pseudos {
    private Pseudos() {}

    /** A pseudo-instruction: its size in bytes (first pass) and its expansion (second pass). */
    record Pseudo(ToIntFunction<Args> size, Consumer<Args> emit) {
        int size(Args x) { return size.applyAsInt(x); }

        void emit(Args x) { emit.accept(x); }
    }

    private static final int ZERO = 0, RA = 1, T1 = 6;
    private static final Map<String, Pseudo> TABLE = new LinkedHashMap<>();

    static Pseudo get(String name) { return TABLE.get(name); }

    static Set<String> names() { return TABLE.keySet(); }

    private static void one(String name, Consumer<Args> emit) { TABLE.put(name, new Pseudo(x -> 4, emit)); }

    private static void two(String name, Consumer<Args> emit) { TABLE.put(name, new Pseudo(x -> 8, emit)); }

    static {
        one("nop", x -> { x.expect(0, 0); x.a.emit(ADDI, ZERO, ZERO, 0, 0); });
        TABLE.put("li", new Pseudo(Pseudos::liSize, Pseudos::li));
        TABLE.put("la", new Pseudo(Pseudos::laSize, Pseudos::la));
        TABLE.put("lla", new Pseudo(Pseudos::laSize, Pseudos::la));

        // register to register
        one("mv",   x -> rr(x, ADDI, 0));
        one("not",  x -> rr(x, XORI, -1));
        one("neg",  x -> { x.expect(2, 2); x.a.emit(SUB, x.reg(0), ZERO, x.reg(1), 0); });
        one("seqz", x -> rr(x, SLTIU, 1));
        one("snez", x -> { x.expect(2, 2); x.a.emit(SLTU, x.reg(0), ZERO, x.reg(1), 0); });
        one("sltz", x -> { x.expect(2, 2); x.a.emit(SLT, x.reg(0), x.reg(1), ZERO, 0); });
        one("sgtz", x -> { x.expect(2, 2); x.a.emit(SLT, x.reg(0), ZERO, x.reg(1), 0); });
        one("sgt",  x -> { x.expect(3, 3); x.a.emit(SLT, x.reg(0), x.reg(2), x.reg(1), 0); });
        one("sgtu", x -> { x.expect(3, 3); x.a.emit(SLTU, x.reg(0), x.reg(2), x.reg(1), 0); });
        one("zext.b", x -> rr(x, ANDI, 255));
        two("sext.b", x -> shifts(x, SRAI, 24));
        two("sext.h", x -> shifts(x, SRAI, 16));
        two("zext.h", x -> shifts(x, SRLI, 16));

        // branches against zero and with swapped operands
        one("beqz", x -> branchZero(x, BEQ, false));
        one("bnez", x -> branchZero(x, BNE, false));
        one("bltz", x -> branchZero(x, BLT, false));
        one("bgez", x -> branchZero(x, BGE, false));
        one("blez", x -> branchZero(x, BGE, true));
        one("bgtz", x -> branchZero(x, BLT, true));
        one("bgt",  x -> swapped(x, BLT));
        one("ble",  x -> swapped(x, BGE));
        one("bgtu", x -> swapped(x, BLTU));
        one("bleu", x -> swapped(x, BGEU));

        // jumps
        one("j",   x -> { x.expect(1, 1); x.a.emit(JAL, ZERO, 0, 0, x.target(0, Format.J)); });
        one("jr",  x -> { x.expect(1, 1); jumpRegister(x, ZERO); });
        one("ret", x -> { x.expect(0, 0); x.a.emit(JALR, ZERO, RA, 0, 0); });
        two("call", x -> {
            x.expect(1, 2);
            if (x.count() == 1) far(x, 0, RA, RA); else far(x, 1, T1, x.reg(0));
        });
        two("tail", x -> { x.expect(1, 1); far(x, 0, T1, ZERO); });
        two("jump", x -> { x.expect(2, 2); far(x, 0, x.reg(1), ZERO); });

        // fences and system
        one("fence.tso", x -> { x.expect(0, 0); x.a.emit(FENCE, 0, 0, 0, 0x833); });
        one("unimp", x -> { x.expect(0, 0); x.a.emit(CSRRW, ZERO, ZERO, 0, Csr.CYCLE); });
        one("scall", x -> { x.expect(0, 0); x.a.emit(ECALL, 0, 0, 0, 0); });
        one("sbreak", x -> { x.expect(0, 0); x.a.emit(EBREAK, 0, 0, 0, 0); });

        // CSRs
        counter("rdcycle", Csr.CYCLE);
        counter("rdcycleh", Csr.CYCLEH);
        counter("rdtime", Csr.TIME);
        counter("rdtimeh", Csr.TIMEH);
        counter("rdinstret", Csr.INSTRET);
        counter("rdinstreth", Csr.INSTRETH);
        one("csrr", x -> { x.expect(2, 2); x.a.emit(CSRRS, x.reg(0), ZERO, 0, x.csr(1)); });
        csrWrite("csrw", CSRRW, CSRRWI);
        csrWrite("csrs", CSRRS, CSRRSI);
        csrWrite("csrc", CSRRC, CSRRCI);
        csrWrite("csrwi", CSRRWI, CSRRWI);
        csrWrite("csrsi", CSRRSI, CSRRSI);
        csrWrite("csrci", CSRRCI, CSRRCI);
    }

    // ---------------------------------------------------------------- li, la

    /** li: addi alone when the value fits 12 bits, lui alone when its low 12 bits are zero, else lui+addi. */
    private static int liSize(Args x) {
        x.expect(2, 2);
        x.reg(0);
        return liInstructions(liValue(x)) * 4;
    }

    private static int liValue(Args x) {
        long v = x.a.constant(x.get(1), x.s.op, "'" + x.s.op.text() + "'");
        if (v < -0x80000000L || v > 0xffffffffL) throw new AsmFailure(x.first(1), "value " + Instructions.show(v) + " does not fit in 32 bits");
        return (int) v;
    }

    private static int liInstructions(int v) {
        if (v >= -2048 && v <= 2047) return 1;
        return Expr.lo12(v) == 0 ? 1 : 2;
    }

    private static void li(Args x) { loadConstant(x, x.reg(0), liValue(x)); }

    private static void loadConstant(Args x, int rd, int v) {
        if (v >= -2048 && v <= 2047) {
            x.a.emit(ADDI, rd, ZERO, 0, v);
            return;
        }
        int lo = (int) Expr.lo12(v);
        x.a.emit(LUI, rd, 0, 0, (int) Expr.hi20(v) << 12);
        if (lo != 0) x.a.emit(ADDI, rd, rd, 0, lo);
    }

    /** la/lla: auipc+addi to the address; a constant (an absolute symbol) loads as li does. */
    private static int laSize(Args x) {
        x.expect(2, 2);
        x.reg(0);
        Long c = x.a.constantOrNull(x.get(1), x.s.op);
        if (c == null) return 8;
        if (c < -0x80000000L || c > 0xffffffffL) throw new AsmFailure(x.first(1), "value " + Instructions.show(c) + " does not fit in 32 bits");
        return liInstructions((int) (long) c) * 4;
    }

    private static void la(Args x) {
        int rd = x.reg(0);
        Long c = x.a.constantOrNull(x.get(1), x.s.op);
        if (c != null) {
            loadConstant(x, rd, (int) (long) c);
            return;
        }
        long delta = x.pcDelta(1);
        x.a.emit(AUIPC, rd, 0, 0, (int) Expr.hi20(delta) << 12);
        x.a.emit(ADDI, rd, rd, 0, (int) Expr.lo12(delta));
    }

    // ---------------------------------------------------------------- helpers

    private static void rr(Args x, Opcode op, int imm) {
        x.expect(2, 2);
        x.a.emit(op, x.reg(0), x.reg(1), 0, imm);
    }

    private static void shifts(Args x, Opcode right, int n) {
        x.expect(2, 2);
        int rd = x.reg(0);
        x.a.emit(SLLI, rd, x.reg(1), 0, n);
        x.a.emit(right, rd, rd, 0, n);
    }

    /** beqz rs, t = beq rs, x0, t; with {@code zeroFirst}, blez rs, t = bge x0, rs, t. */
    private static void branchZero(Args x, Opcode op, boolean zeroFirst) {
        x.expect(2, 2);
        int rs = x.reg(0);
        int off = x.target(1, Format.B);
        if (zeroFirst) x.a.emit(op, 0, ZERO, rs, off); else x.a.emit(op, 0, rs, ZERO, off);
    }

    /** bgt a, b, t = blt b, a, t */
    private static void swapped(Args x, Opcode op) {
        x.expect(3, 3);
        x.a.emit(op, 0, x.reg(1), x.reg(0), x.target(2, Format.B));
    }

    /** jr rs | jr off(rs) */
    private static void jumpRegister(Args x, int rd) {
        if (x.isRegister(0)) x.a.emit(JALR, rd, x.reg(0), 0, 0);
        else {
            Args.Mem m = x.mem(0);
            x.a.emit(JALR, rd, m.base(), 0, x.offset(m, 12));
        }
    }

    /** call/tail/jump: auipc temp, %pcrel_hi(t); jalr rd, %pcrel_lo(t)(temp). */
    private static void far(Args x, int target, int temp, int rd) {
        long delta = x.pcDelta(target);
        x.a.emit(AUIPC, temp, 0, 0, (int) Expr.hi20(delta) << 12);
        x.a.emit(JALR, rd, temp, 0, (int) Expr.lo12(delta));
    }

    private static void counter(String name, int csr) {
        one(name, x -> { x.expect(1, 1); x.a.emit(CSRRS, x.reg(0), ZERO, 0, csr); });
    }

    /** csrw csr, rs (csrwi when rs is an immediate) and the immediate forms csrwi csr, uimm. */
    private static void csrWrite(String name, Opcode reg, Opcode imm) {
        one(name, x -> {
            x.expect(2, 2);
            int csr = x.csr(0);
            if (reg != imm && x.isRegister(1)) x.a.emit(reg, ZERO, x.reg(1), 0, csr);
            else x.a.emit(imm, ZERO, x.unsigned(1, 31, "CSR immediate"), 0, csr);
        });
    }
}
