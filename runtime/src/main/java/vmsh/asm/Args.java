package vmsh.asm;

import java.util.List;

import vmsh.isa.Csr;
import vmsh.isa.Format;
import vmsh.isa.Registers;

/** The operands of one instruction statement, read as registers, immediates, addresses. */
final class Args {
    /** An {@code offset(base)} memory operand; offset null when written as {@code (base)}. */
    record Mem(List<Token> offset, int base) {}

    final Assembly a;
    final Statement s;

    Args(Assembly a, Statement s) {
        this.a = a;
        this.s = s;
    }

    int count() { return s.count(); }

    List<Token> get(int i) { return s.operand(i); }

    Token first(int i) { return get(i).isEmpty() ? s.op : get(i).get(0); }

    void expect(int min, int max) { s.expectOperands(min, max); }

    // ---------------------------------------------------------------- registers

    static boolean isRegister(List<Token> t) {
        return t.size() == 1 && t.get(0).isIdent() && Registers.number(t.get(0).text()) >= 0;
    }

    boolean isRegister(int i) { return isRegister(get(i)); }

    /** A lone name that is no symbol: most likely a mistyped register. */
    boolean isUndefinedName(int i) {
        List<Token> t = get(i);
        if (t.size() != 1 || !t.get(0).isIdent()) return false;
        Symbol sym = a.symbols.get(t.get(0).text());
        return sym == null || !sym.isDefined();
    }

    int reg(int i) {
        List<Token> t = get(i);
        if (t.isEmpty()) throw new AsmFailure(s.op, "operand " + (i + 1) + " of '" + s.op.text() + "' is empty");
        if (isRegister(t)) return Registers.number(t.get(0).text());
        throw new AsmFailure(t.get(0), "'" + text(t) + "' is not a register");
    }

    // ---------------------------------------------------------------- values

    long value(int i) { return a.value(get(i), s.op); }

    /** A signed immediate that must fit {@code bits} bits (32-bit values wrap as on rv32). */
    int signed(int i, int bits) { return signed(value(i), bits, first(i)); }

    int signed(long v, int bits, Token at) {
        if (!a.writing) return 0;
        long min = -(1L << (bits - 1)), max = (1L << (bits - 1)) - 1;
        long x = wrap32(v);
        if (x < min || x > max) throw new AsmFailure(at, "immediate " + show(v) + " out of range " + min + ".." + max);
        return (int) x;
    }

    /** An unsigned immediate in 0..max. */
    int unsigned(int i, long max, String what) {
        long v = value(i);
        if (a.writing && (v < 0 || v > max)) throw new AsmFailure(first(i), what + " " + show(v) + " out of range 0.." + max);
        return (int) v;
    }

    /** 32-bit values written unsigned (0xfffff800) mean their signed rv32 reading. */
    static long wrap32(long v) { return v >= 0x80000000L && v <= 0xffffffffL ? (int) v : v; }

    static String show(long v) { return Instructions.show(v); }

    /** A branch or jump target (an absolute address) as an offset from this instruction. */
    int target(int i, Format format) {
        long t = value(i);
        if (!a.writing) return 0;
        long pc = a.pc() + (a.current.size() - a.stmt.offset);
        int off = (int) (t - pc);
        if (!format.fits(off)) {
            String range = format == Format.B ? "-4096..4094" : "-1048576..1048574";
            if ((off & 1) != 0) throw new AsmFailure(first(i), "target 0x" + Long.toHexString(t & 0xffffffffL) + " is at an odd offset " + off);
            throw new AsmFailure(first(i), "target 0x" + Long.toHexString(t & 0xffffffffL) + " out of range (offset " + off
                    + ", must be within " + range + ")");
        }
        return off;
    }

    /** A target address as an auipc+12-bit pair offset from the current instruction. */
    long pcDelta(int i) {
        long t = value(i);
        if (!a.writing) return 0;
        return (int) (t - a.pc());
    }

    // ---------------------------------------------------------------- memory operands

    /** True when operand i ends with {@code (register)}. */
    boolean isMem(int i) {
        List<Token> t = get(i);
        int n = t.size();
        return n >= 3 && t.get(n - 1).is(")") && t.get(n - 3).is("(") && isRegister(t.subList(n - 2, n - 1));
    }

    Mem mem(int i) {
        List<Token> t = get(i);
        int n = t.size();
        if (!isMem(i)) {
            if (n >= 3 && t.get(n - 1).is(")") && t.get(n - 3).is("(")) throw new AsmFailure(t.get(n - 2), "'" + t.get(n - 2) + "' is not a register");
            throw new AsmFailure(first(i), "expected 'offset(register)', got '" + text(t) + "'");
        }
        int base = Registers.number(t.get(n - 2).text());
        return new Mem(n == 3 ? null : t.subList(0, n - 3), base);
    }

    int offset(Mem m, int bits) {
        if (m.offset() == null) return 0;
        return signed(a.value(m.offset(), s.op), bits, m.offset().get(0));
    }

    /** {@code (rs1)} or {@code 0(rs1)} as atomics take it. */
    int addressRegister(int i) {
        Mem m = mem(i);
        if (m.offset() != null && a.writing && a.value(m.offset(), s.op) != 0) {
            throw new AsmFailure(m.offset().get(0), "'" + s.op.text() + "' takes no offset, only '(register)'");
        }
        return m.base();
    }

    // ---------------------------------------------------------------- csr, fence

    int csr(int i) {
        List<Token> t = get(i);
        if (t.size() == 1 && t.get(0).isIdent()) {
            int n = Csr.number(t.get(0).text());
            if (n >= 0) return n;
            Symbol sym = a.symbols.get(t.get(0).text());
            if (sym == null || !sym.isDefined()) throw new AsmFailure(t.get(0), "unknown CSR '" + t.get(0) + "'");
        }
        return unsigned(i, 0xfff, "CSR number");
    }

    /** A fence set such as "iorw" or "rw" as its 4-bit mask (i=8, o=4, r=2, w=1). */
    int fenceSet(int i) {
        List<Token> t = get(i);
        if (t.size() == 1 && t.get(0).isIdent()) {
            String set = t.get(0).text().toLowerCase(java.util.Locale.ROOT);
            int bits = 0;
            String order = "iorw";
            int last = -1;
            boolean ok = !set.isEmpty();
            for (char c : set.toCharArray()) {
                int k = order.indexOf(c);
                if (k <= last) { ok = false; break; }
                last = k;
                bits |= 8 >> k;
            }
            if (ok) return bits;
        }
        throw new AsmFailure(first(i), "'" + text(t) + "' is not a fence set (some of i, o, r, w in that order)");
    }

    static String text(List<Token> t) {
        StringBuilder b = new StringBuilder();
        for (Token k : t) {
            if (b.length() > 0 && k.isIdent() && Character.isLetterOrDigit(b.charAt(b.length() - 1))) b.append(' ');
            b.append(k.string() != null && k.isIdent() ? k.string() : k.text());
        }
        return b.toString();
    }
}
