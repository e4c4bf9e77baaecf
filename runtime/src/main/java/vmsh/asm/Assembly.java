package vmsh.asm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import vmsh.isa.Encoder;
import vmsh.isa.Isa;
import vmsh.isa.Opcode;

/**
 * The state of one assembly run and its two passes. The first pass sizes every statement
 * and defines labels as section offsets; the layout then gives sections addresses; the
 * second pass evaluates expressions and writes bytes, checking each statement takes the
 * size the first pass gave it.
 */
final class Assembly implements Expr.Env {
    final Diagnostics diag;
    final Map<String, Section> sections = new LinkedHashMap<>();
    /** Sections in the order they first received bytes or a label: the layout order. */
    final List<Section> used = new ArrayList<>();
    final Map<String, Symbol> symbols = new HashMap<>();
    /** Symbols in the order they were defined (the image lists them so). */
    final List<Symbol> definitionOrder = new ArrayList<>();
    /** Explicit {@code auipc rd, %pcrel_hi(x)} in the first pass, for %pcrel_lo. */
    private final List<Statement> pcrelHi = new ArrayList<>();
    private Map<Long, Statement> pcrelHiByAddress;

    /** The extensions whose instructions assemble: every one the table knows, until .option arch changes it. */
    Isa arch = Isa.ALL;
    private final Deque<Isa> archStack = new ArrayDeque<>();

    Section current;
    private Section previous;
    private final Deque<Section[]> sectionStack = new ArrayDeque<>();
    boolean writing;
    Statement stmt;

    private final Cancellation cancellation;

    Assembly(Diagnostics diag, Cancellation cancellation) {
        this.diag = diag;
        this.cancellation = cancellation;
    }

    /** .option push: saves the arch (GNU as saves every option; only the arch matters here). */
    void pushOptions() { archStack.push(arch); }

    /** .option pop: the arch saved by the last .option push. */
    void popOptions(Token at) {
        if (archStack.isEmpty()) throw new AsmFailure(at, "'.option pop' without a '.option push'");
        arch = archStack.pop();
    }

    // ---------------------------------------------------------------- passes

    void pass(List<Statement> statements, boolean writing) {
        this.writing = writing;
        for (Section s : sections.values()) s.startPass(writing);
        previous = null;
        sectionStack.clear();
        arch = Isa.ALL;
        archStack.clear();
        current = section(".text", null, null);
        long done = 0;
        for (Statement s : statements) {
            if (++done % Cancellation.INTERVAL == 0) cancellation.check();
            stmt = s;
            diag.order = s.order;
            if (writing) write(s); else size(s);
        }
        stmt = null;
        for (Section s : sections.values()) if (s.code) s.padCode(((1L << s.alignLog2) - s.size()) & ((1L << s.alignLog2) - 1));
    }

    private void size(Statement s) {
        try {
            for (Token label : s.labels) defineLabel(label, current, current.size());
            s.section = current;
            s.offset = current.size();
            if (s.op != null) {
                if (s.name().startsWith(".")) Directives.handle(this, s);
                else {
                    if (current.kind == Section.Kind.BSS) throw new AsmFailure(s.op, "instructions cannot go in '" + current.name + "' (it holds only zeros)");
                    int n = Instructions.size(this, s);
                    current.fill(n, 0);
                    if (s.name().equals("auipc") && s.count() == 2 && !s.operand(1).isEmpty()
                            && s.operand(1).get(0).text().equals("%pcrel_hi")) pcrelHi.add(s);
                }
            }
        } catch (AsmFailure f) {
            s.failed = true;
            diag.error(s.line, f);
        }
        s.size = s.section == current ? current.size() - s.offset : 0;
        if (s.section != null && (s.size > 0 || !s.labels.isEmpty()) && !used.contains(s.section)) used.add(s.section);
        if (current.size() > 0 && !used.contains(current)) used.add(current);
    }

    private void write(Statement s) {
        s.constantCursor = 0;
        if (s.failed) {
            skipTo(s);
            return;
        }
        try {
            if (s.op != null) {
                if (s.name().startsWith(".")) Directives.handle(this, s);
                else Instructions.emit(this, s);
            }
        } catch (AsmFailure f) {
            diag.error(s.line, f);
            skipTo(s);
            return;
        }
        if (s.section == current && current.size() != s.offset + s.size) {
            diag.error(s.line, s.op == null ? 1 : s.op.column(), "internal error: '" + s.name()
                    + "' took " + (current.size() - s.offset) + " bytes in the second pass, " + s.size + " in the first");
        }
    }

    /** After a failed statement: switch to where it was and keep later offsets in step. */
    private void skipTo(Statement s) {
        if (s.section == null) return;
        current = s.section;
        long want = s.offset + (long) s.size;
        if (current.size() < want) current.fill(want - current.size(), 0);
    }

    // ---------------------------------------------------------------- sections

    Section section(String name, String flags, String type) {
        return sections.computeIfAbsent(name, n -> Section.named(n, flags, type));
    }

    void switchTo(Section s) {
        previous = current;
        current = s;
    }

    void pushSection(Section s) {
        sectionStack.push(new Section[] {current, previous});
        switchTo(s);
    }

    void popSection(Token at) {
        if (sectionStack.isEmpty()) throw new AsmFailure(at, "'.popsection' without '.pushsection'");
        Section[] saved = sectionStack.pop();
        current = saved[0];
        previous = saved[1];
    }

    void previousSection(Token at) {
        if (previous == null) throw new AsmFailure(at, "'.previous' with no earlier section");
        switchTo(previous);
    }

    // ---------------------------------------------------------------- symbols

    Symbol symbol(String name) { return symbols.computeIfAbsent(name, Symbol::new); }

    void defineLabel(Token name, Section section, int offset) {
        Symbol sym = symbol(name.text());
        if (sym.isDefined()) {
            throw new AsmFailure(name, (sym.label ? "duplicate label '" : "label '") + sym.displayName() + "' "
                    + (sym.label ? "(first defined at " : "is already a symbol (set at ") + sym.defined.file() + ":" + sym.defined.number() + ")");
        }
        sym.defined = stmt.line;
        sym.label = true;
        sym.section = section;
        sym.offset = offset;
        definitionOrder.add(sym);
    }

    /** .equ / .set / = : (re)binds {@code name} to {@code expr} evaluated here. */
    void setSymbol(Token name, Expr expr, boolean once) {
        Symbol sym = symbol(name.text());
        if (sym.label && sym.isDefined()) throw new AsmFailure(name, "'" + name + "' is already a label (defined at "
                + sym.defined.file() + ":" + sym.defined.number() + ")");
        if (once && sym.isDefined() && !writing) throw new AsmFailure(name, "'" + name + "' is already defined (at "
                + sym.defined.file() + ":" + sym.defined.number() + ")");
        // evaluate now when possible (with the old binding), so ".set x, x + 1" uses the old x
        Expr now = expr;
        try {
            Expr.Value v = expr.eval(new At(current, current.size()));
            if (v.absolute()) now = new Expr.Num(v.v());
        } catch (Expr.Unresolved | AsmFailure later) {
            // a forward reference or an address before layout: evaluated where it is used
        }
        if (!sym.isDefined()) {
            sym.defined = stmt.line;
            definitionOrder.add(sym);
        }
        sym.setSection = current;
        sym.setOffset = current.size();
        sym.expr = now;
    }

    /** After layout: labels get addresses; explicit %pcrel_hi auipcs are indexed by address. */
    void placeLabels() {
        for (Symbol sym : symbols.values()) if (sym.label) sym.address = sym.section.address + sym.offset;
        pcrelHiByAddress = new HashMap<>();
        for (Statement s : pcrelHi) pcrelHiByAddress.put(s.section.address + s.offset, s);
    }

    // ---------------------------------------------------------------- Expr.Env

    @Override
    public Expr.Value symbol(Token name) {
        Symbol sym = symbols.get(name.text());
        if (sym == null || !sym.isDefined()) {
            String shown = name.string() != null && name.isIdent() ? name.string() : name.text();
            if (!writing) throw new Expr.Unresolved("'" + shown + "' is not defined yet");
            if (name.text().indexOf(Frontend.LOCAL_MARK) >= 0) throw new AsmFailure(name, "no local label '"
                    + shown.substring(0, shown.length() - 1) + ":' after '" + shown + "'");
            throw new AsmFailure(name, "undefined symbol '" + shown + "'");
        }
        if (sym.label) return writing ? Expr.Value.abs(sym.address) : new Expr.Value(sym.section, sym.offset);
        if (sym.evaluating) throw new AsmFailure(name, "symbol '" + sym.name + "' is defined in terms of itself");
        sym.evaluating = true;
        try {
            return sym.expr.eval(new At(sym.setSection, sym.setOffset));
        } finally {
            sym.evaluating = false;
        }
    }

    @Override
    public Expr.Value dot(Token at) { return location(current, current.size()); }

    @Override
    public long pc(Token at) {
        if (!writing) throw new Expr.Unresolved("addresses are not known yet");
        return stmt.section.address + stmt.offset;
    }

    @Override
    public long pcrelLo(long auipc, Token at) {
        if (!writing) throw new Expr.Unresolved("addresses are not known yet");
        Statement hi = pcrelHiByAddress.get(auipc);
        if (hi == null) throw new AsmFailure(at, "%pcrel_lo needs the label of an 'auipc rd, %pcrel_hi(...)', none at 0x"
                + Long.toHexString(auipc));
        Expr.Reloc reloc = (Expr.Reloc) Expr.parse(hi.operand(1), hi.op);
        long target = reloc.operand().eval(new At(hi.section, hi.offset)).v();
        return Expr.lo12(target - auipc);
    }

    private Expr.Value location(Section section, int offset) {
        return writing ? Expr.Value.abs(section.address + offset) : new Expr.Value(section, offset);
    }

    /** The environment of a set symbol: "." means where it was set. */
    private final class At implements Expr.Env {
        private final Section section;
        private final int offset;

        At(Section section, int offset) { this.section = section; this.offset = offset; }

        public Expr.Value symbol(Token name) { return Assembly.this.symbol(name); }
        public Expr.Value dot(Token at) { return location(section, offset); }
        public long pc(Token at) {
            if (!writing) throw new Expr.Unresolved("addresses are not known yet");
            return section.address + offset;
        }
        public long pcrelLo(long auipc, Token at) { return Assembly.this.pcrelLo(auipc, at); }
    }

    // ---------------------------------------------------------------- values

    /** A value for emitting: in the first pass unknowns read as 0 (sizes never depend on it). */
    long value(List<Token> tokens, Token context) {
        Expr e = Expr.parse(tokens, context);
        try {
            Expr.Value v = e.eval(this);
            if (!v.absolute()) {
                if (writing) throw new AsmFailure(tokens.get(0), "expression is not absolute");
                return 0;
            }
            return v.v();
        } catch (Expr.Unresolved u) {
            if (writing) throw new AsmFailure(tokens.get(0), u.getMessage());
            return 0;
        }
    }

    /**
     * A value the first pass needs (li values, .zero counts, alignments): it must be
     * known at this point; the second pass replays it.
     */
    long constant(List<Token> tokens, Token context, String what) {
        if (writing) return stmt.constants.get(stmt.constantCursor++);
        Expr e = Expr.parse(tokens, context);
        try {
            Expr.Value v = e.eval(this);
            if (!v.absolute()) throw new AsmFailure(tokens.get(0), what + " needs a constant, not an address");
            stmt.constants.add(v.v());
            return v.v();
        } catch (Expr.Unresolved u) {
            throw new AsmFailure(tokens.get(0), what + " needs a constant known here: " + u.getMessage());
        }
    }

    /** Like {@link #constant} but answers null (and remembers that) when not a constant. */
    Long constantOrNull(List<Token> tokens, Token context) {
        if (writing) {
            long flag = stmt.constants.get(stmt.constantCursor++);
            return flag == 0 ? null : stmt.constants.get(stmt.constantCursor++);
        }
        try {
            Expr.Value v = Expr.parse(tokens, context).eval(this);
            if (v.absolute()) {
                stmt.constants.add(1L);
                stmt.constants.add(v.v());
                return v.v();
            }
        } catch (Expr.Unresolved u) {
            // an address or a forward reference
        }
        stmt.constants.add(0L);
        return null;
    }

    /** The address of the statement being assembled (second pass). */
    long pc() { return stmt.section.address + stmt.offset; }

    // ---------------------------------------------------------------- output

    void emit(Opcode op, int rd, int rs1, int rs2, int imm) {
        current.putLittle(Encoder.encode(op, rd, rs1, rs2, imm), 4);
    }
}
