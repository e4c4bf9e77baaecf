package vmsh.asm;

import java.util.Map;
import java.util.TreeSet;

import vmsh.isa.Format;
import vmsh.isa.Kind;
import vmsh.isa.Opcode;
import vmsh.isa.Operands;

/**
 * Real instructions, read with the operand shapes of the instruction table
 * ({@link Opcode#operands}) and encoded with {@link vmsh.isa.Encoder}; pseudo-instructions
 * are in {@link Pseudos}. Also accepted, as GNU as does: aq/rl suffixes on atomics, an
 * immediate in place of the last register of add/and/or/xor/sll/srl/sra/slt/sltu/ror and
 * of the csr* forms, one-operand jal/jalr, and {@code lw rd, symbol} / {@code sw rs, symbol, rt}.
 */
final class Instructions {
    private Instructions() {}

    static final int RA = 1;

    /** aq/rl suffixes as Instruction's imm encodes them (aq<<1 | rl). */
    private static final Map<String, Integer> ORDERING = Map.of(".aq", 2, ".rl", 1, ".aqrl", 3);

    /** The register-immediate twin GNU as picks when the last operand is not a register. */
    private static final Map<Opcode, Opcode> IMMEDIATE_FORM = Map.ofEntries(
            Map.entry(Opcode.ADD, Opcode.ADDI), Map.entry(Opcode.AND, Opcode.ANDI), Map.entry(Opcode.OR, Opcode.ORI),
            Map.entry(Opcode.XOR, Opcode.XORI), Map.entry(Opcode.SLL, Opcode.SLLI), Map.entry(Opcode.SRL, Opcode.SRLI),
            Map.entry(Opcode.SRA, Opcode.SRAI), Map.entry(Opcode.SLT, Opcode.SLTI), Map.entry(Opcode.SLTU, Opcode.SLTIU),
            Map.entry(Opcode.ROR, Opcode.RORI),
            Map.entry(Opcode.CSRRW, Opcode.CSRRWI), Map.entry(Opcode.CSRRS, Opcode.CSRRSI), Map.entry(Opcode.CSRRC, Opcode.CSRRCI));

    /** A mnemonic resolved to the table: the opcode and its aq/rl bits. */
    private record Real(Opcode op, int ordering) {}

    private static Real real(String name) {
        Opcode op = Opcode.byMnemonic(name);
        if (op != null) return new Real(op, 0);
        for (Map.Entry<String, Integer> e : ORDERING.entrySet()) {
            if (name.endsWith(e.getKey())) {
                Opcode base = Opcode.byMnemonic(name.substring(0, name.length() - e.getKey().length()));
                if (base != null && base.kind.category() == Kind.Category.AMO) return new Real(base, e.getValue());
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- first pass

    /**
     * A table instruction of the arch in force ({@code .option arch}), else a
     * pseudo-instruction: with Zbb, sext.b is Zbb's instruction, without it two shifts,
     * as GNU as does.
     */
    private static Real resolve(Assembly a, Statement s) {
        Real r = real(s.name());
        if (r != null && a.arch.implementsInstruction(r.op()) || Pseudos.get(s.name()) != null) return r;
        if (r != null) throw new AsmFailure(s.op, "'" + s.op.text() + "' is an instruction of " + r.op().extension.displayName()
                + ", which '.option arch' left out ('.option arch, +" + r.op().extension.token + "' adds it)");
        throw unknown(s.op);
    }

    private static boolean pseudo(Assembly a, Real r) { return r == null || !a.arch.implementsInstruction(r.op()); }

    static int size(Assembly a, Statement s) {
        Real r = resolve(a, s);
        if (pseudo(a, r)) return Pseudos.get(s.name()).size(new Args(a, s));
        return globalForm(r.op(), new Args(a, s)) ? 8 : 4;
    }

    /** {@code lw rd, symbol} and {@code sw rs, symbol, rt}: an auipc first. */
    private static boolean globalForm(Opcode op, Args x) {
        if (op.operands == Operands.RD_MEM && op != Opcode.JALR) {
            return x.count() == 2 && !x.get(1).isEmpty() && !x.get(1).get(x.get(1).size() - 1).is(")");
        }
        if (op.operands == Operands.RS2_MEM) return x.count() == 3;
        return false;
    }

    // ---------------------------------------------------------------- second pass

    static void emit(Assembly a, Statement s) {
        Args x = new Args(a, s);
        Real r = resolve(a, s);
        if (pseudo(a, r)) Pseudos.get(s.name()).emit(x);
        else emitReal(a, x, r.op(), r.ordering());
    }

    private static void emitReal(Assembly a, Args x, Opcode op, int ordering) {
        switch (op.operands) {
            case RD_RS1_RS2 -> {
                x.expect(3, 3);
                Opcode imm = IMMEDIATE_FORM.get(op);
                if (!x.isRegister(2) && imm != null && !x.isUndefinedName(2)) emitReal(a, x, imm, 0);
                else a.emit(op, x.reg(0), x.reg(1), x.reg(2), 0);
            }
            case RD_RS1_IMM -> {
                x.expect(3, 3);
                a.emit(op, x.reg(0), x.reg(1), 0, x.signed(2, 12));
            }
            case RD_RS1 -> {
                x.expect(2, 2);
                a.emit(op, x.reg(0), x.reg(1), 0, 0);
            }
            case RD_RS1_SHAMT -> {
                x.expect(3, 3);
                a.emit(op, x.reg(0), x.reg(1), 0, x.unsigned(2, 31, "shift amount"));
            }
            case RD_MEM -> {
                if (op == Opcode.JALR) jalr(a, x);
                else if (globalForm(op, x)) {
                    int rd = x.reg(0);
                    if (x.isRegister(1)) throw new AsmFailure(x.first(1), "expected 'offset(register)', got '"
                            + Args.text(x.get(1)) + "' (write 0(" + Args.text(x.get(1)) + "))");
                    long delta = x.pcDelta(1);
                    a.emit(Opcode.AUIPC, rd, 0, 0, (int) Expr.hi20(delta) << 12);
                    a.emit(op, rd, rd, 0, (int) Expr.lo12(delta));
                } else {
                    x.expect(2, 2);
                    Args.Mem m = x.mem(1);
                    a.emit(op, x.reg(0), m.base(), 0, x.offset(m, 12));
                }
            }
            case RS2_MEM -> {
                if (globalForm(op, x)) {
                    int rt = x.reg(2);
                    long delta = x.pcDelta(1);
                    a.emit(Opcode.AUIPC, rt, 0, 0, (int) Expr.hi20(delta) << 12);
                    a.emit(op, 0, rt, x.reg(0), (int) Expr.lo12(delta));
                } else {
                    x.expect(2, 3);
                    Args.Mem m = x.mem(1);
                    a.emit(op, 0, m.base(), x.reg(0), x.offset(m, 12));
                }
            }
            case RS1_RS2_TARGET -> {
                x.expect(3, 3);
                a.emit(op, 0, x.reg(0), x.reg(1), x.target(2, Format.B));
            }
            case RD_UIMM20 -> {
                x.expect(2, 2);
                a.emit(op, x.reg(0), 0, 0, x.unsigned(1, 0xfffff, "'" + op.mnemonic + "' immediate") << 12);
            }
            case RD_TARGET -> {
                x.expect(1, 2);
                if (x.count() == 1) a.emit(op, RA, 0, 0, x.target(0, Format.J));
                else a.emit(op, x.reg(0), 0, 0, x.target(1, Format.J));
            }
            case RD_CSR_RS1 -> {
                x.expect(3, 3);
                if (!x.isRegister(2)) emitReal(a, x, IMMEDIATE_FORM.get(op), 0);
                else a.emit(op, x.reg(0), x.reg(2), 0, x.csr(1));
            }
            case RD_CSR_UIMM -> {
                x.expect(3, 3);
                a.emit(op, x.reg(0), x.unsigned(2, 31, "CSR immediate"), 0, x.csr(1));
            }
            case FENCE_SETS -> {
                x.expect(0, 2);
                if (x.count() == 1) throw new AsmFailure(x.first(0), "'fence' takes two sets (pred, succ) or none");
                a.emit(op, 0, 0, 0, x.count() == 0 ? 0xff : x.fenceSet(0) << 4 | x.fenceSet(1));
            }
            case RD_RS2_ADDR -> {
                x.expect(3, 3);
                a.emit(op, x.reg(0), x.addressRegister(2), x.reg(1), ordering);
            }
            case RD_ADDR -> {
                x.expect(2, 2);
                a.emit(op, x.reg(0), x.addressRegister(1), 0, ordering);
            }
            case RS2_ADDR -> {
                x.expect(2, 2);
                a.emit(op, 0, x.addressRegister(1), x.reg(0), 0);
            }
            case RS1_RS2 -> {
                x.expect(0, 2);
                a.emit(op, 0, x.count() > 0 ? x.reg(0) : 0, x.count() > 1 ? x.reg(1) : 0, 0);
            }
            case NONE -> {
                x.expect(0, 0);
                a.emit(op, 0, 0, 0, 0);
            }
        }
    }

    /** jalr rs | jalr off(rs) | jalr rd, rs | jalr rd, off(rs) | jalr rd, rs, off */
    private static void jalr(Assembly a, Args x) {
        x.expect(1, 3);
        int rd = x.count() == 1 ? RA : x.reg(0);
        int last = x.count() == 1 ? 0 : 1;
        if (x.count() == 3) a.emit(Opcode.JALR, rd, x.reg(1), 0, x.signed(2, 12));
        else if (x.isRegister(last)) a.emit(Opcode.JALR, rd, x.reg(last), 0, 0);
        else {
            Args.Mem m = x.mem(last);
            a.emit(Opcode.JALR, rd, m.base(), 0, x.offset(m, 12));
        }
    }

    // ---------------------------------------------------------------- messages

    static String show(long v) {
        if (v > -65536 && v < 65536) return Long.toString(v);
        return (v < 0 ? "-0x" + Long.toHexString(-v) : "0x" + Long.toHexString(v));
    }

    /** "unknown instruction 'ad'", with the nearest known mnemonic when one is close. */
    static AsmFailure unknown(Token op) {
        String name = op.text().toLowerCase(java.util.Locale.ROOT);
        TreeSet<String> known = new TreeSet<>(Pseudos.names());
        for (Opcode o : Opcode.all()) known.add(o.mnemonic);
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(name, k);
            if (d < bestDistance) { best = k; bestDistance = d; }
        }
        return new AsmFailure(op, "unknown instruction '" + op.text() + "'" + (best == null ? "" : " (did you mean '" + best + "'?)"));
    }

    private static int distance(String p, String q) {
        int[] prev = new int[q.length() + 1], cur = new int[q.length() + 1];
        for (int j = 0; j <= q.length(); j++) prev[j] = j;
        for (int i = 1; i <= p.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= q.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (p.charAt(i - 1) == q.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[q.length()];
    }
}
