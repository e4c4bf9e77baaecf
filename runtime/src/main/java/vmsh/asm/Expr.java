package vmsh.asm;

import java.util.List;
import java.util.Set;

/**
 * Constant expressions as GNU as reads them: 64-bit arithmetic, {@code >>} logical,
 * comparisons give -1 for true, and GNU's precedence (lowest first):
 * {@code ||}; {@code &&}; {@code + - == != <> < > <= >=}; {@code | & ^}; {@code * / % << >>};
 * unary {@code - ~ ! +}. {@code %hi %lo %pcrel_hi %pcrel_lo} apply to a parenthesised expression.
 */
sealed interface Expr {

    record Num(long value) implements Expr {}
    record Sym(Token name) implements Expr {}
    record Dot(Token at) implements Expr {}
    record Unary(Token op, Expr operand) implements Expr {}
    record Binary(Token op, Expr left, Expr right) implements Expr {}
    record Reloc(Token op, Expr operand) implements Expr {}

    Set<String> RELOCS = Set.of("hi", "lo", "pcrel_hi", "pcrel_lo");

    static boolean isRelocName(String name) { return RELOCS.contains(name); }

    /**
     * A value: an absolute number (section null) or an offset in a section whose address
     * is not known yet (first pass only).
     */
    record Value(Section section, long v) {
        static Value abs(long v) { return new Value(null, v); }

        boolean absolute() { return section == null; }
    }

    /** The value is not known in this pass (a forward reference, or an address before layout). */
    final class Unresolved extends RuntimeException {
        Unresolved(String message) { super(message, null, false, false); }
    }

    /** What an expression can ask of the assembler. */
    interface Env {
        Value symbol(Token name);

        Value dot(Token at);

        /** The address of the instruction being assembled (for %pcrel_hi). */
        long pc(Token at);

        /** The low 12 bits that pair with the %pcrel_hi auipc at {@code auipc}. */
        long pcrelLo(long auipc, Token at);
    }

    // ---------------------------------------------------------------- parsing

    static Expr parse(List<Token> tokens, Token context) {
        if (tokens.isEmpty()) throw new AsmFailure(context, "missing expression");
        Parser p = new Parser(tokens);
        Expr e = p.or();
        if (p.i < tokens.size()) throw new AsmFailure(tokens.get(p.i), "unexpected '" + tokens.get(p.i) + "' in expression");
        return e;
    }

    final class Parser {
        private static final List<Set<String>> LEVELS = List.of(
                Set.of("||"), Set.of("&&"),
                Set.of("+", "-", "==", "!=", "<>", "<", ">", "<=", ">="),
                Set.of("|", "&", "^"),
                Set.of("*", "/", "%", "<<", ">>"));

        private final List<Token> t;
        private int i;

        Parser(List<Token> tokens) { this.t = tokens; }

        Expr or() { return level(0); }

        private Expr level(int n) {
            if (n == LEVELS.size()) return unary();
            Expr left = level(n + 1);
            while (i < t.size() && t.get(i).kind() == Token.Kind.PUNCT && LEVELS.get(n).contains(t.get(i).text())) {
                Token op = t.get(i++);
                left = new Binary(op, left, level(n + 1));
            }
            return left;
        }

        private Expr unary() {
            Token tok = peek("expression");
            if (tok.is("-") || tok.is("~") || tok.is("!") || tok.is("+")) {
                i++;
                return new Unary(tok, unary());
            }
            return primary();
        }

        private Expr primary() {
            Token tok = peek("expression");
            i++;
            switch (tok.kind()) {
                case NUMBER: return new Num(tok.value());
                case IDENT: return tok.text().equals(".") ? new Dot(tok) : new Sym(tok);
                case RELOC: {
                    String name = tok.text().substring(1);
                    if (!isRelocName(name)) throw new AsmFailure(tok, "unsupported relocation '" + tok.text() + "'");
                    expect("(", tok);
                    Expr inner = or();
                    expect(")", tok);
                    return new Reloc(tok, inner);
                }
                case PUNCT:
                    if (tok.is("(")) {
                        Expr inner = or();
                        expect(")", tok);
                        return inner;
                    }
                    // fall through
                default:
                    throw new AsmFailure(tok, "unexpected '" + tok + "' in expression");
            }
        }

        private Token peek(String what) {
            if (i >= t.size()) {
                Token last = t.get(t.size() - 1);
                throw new AsmFailure(last.column() + last.text().length(), "expression ends early, expected " + what);
            }
            return t.get(i);
        }

        private void expect(String punct, Token opener) {
            if (i >= t.size() || !t.get(i).is(punct)) {
                throw new AsmFailure(i < t.size() ? t.get(i) : opener, "expected '" + punct + "' to close '" + opener + "'");
            }
            i++;
        }
    }

    // ---------------------------------------------------------------- evaluation

    default Value eval(Env env) {
        return switch (this) {
            case Num n -> Value.abs(n.value());
            case Sym s -> env.symbol(s.name());
            case Dot d -> env.dot(d.at());
            case Unary u -> Value.abs(unaryOp(u.op(), absolute(u.operand().eval(env), u.op())));
            case Binary b -> binary(b, b.left().eval(env), b.right().eval(env));
            case Reloc r -> Value.abs(reloc(r, env));
        };
    }

    private static long absolute(Value v, Token op) {
        if (!v.absolute()) throw new Unresolved("an address is not known before layout ('" + op + "')");
        return v.v();
    }

    private static long unaryOp(Token op, long v) {
        return switch (op.text()) {
            case "-" -> -v;
            case "~" -> ~v;
            case "!" -> v == 0 ? 1 : 0;
            default -> v;
        };
    }

    private static Value binary(Binary b, Value l, Value r) {
        String op = b.op().text();
        if (op.equals("+") && (l.absolute() || r.absolute())) {
            return new Value(l.absolute() ? r.section() : l.section(), l.v() + r.v());
        }
        if (op.equals("-") && r.absolute()) return new Value(l.section(), l.v() - r.v());
        if (op.equals("-") && l.section() == r.section()) return Value.abs(l.v() - r.v());
        long a = absolute(l, b.op()), c = absolute(r, b.op());
        return Value.abs(switch (op) {
            case "+" -> a + c;
            case "-" -> a - c;
            case "*" -> a * c;
            case "/" -> { if (c == 0) throw new AsmFailure(b.op(), "division by zero"); yield a / c; }
            case "%" -> { if (c == 0) throw new AsmFailure(b.op(), "division by zero"); yield a % c; }
            case "<<" -> c >= 64 ? 0 : a << c;
            case ">>" -> c >= 64 ? 0 : a >>> c;
            case "&" -> a & c;
            case "|" -> a | c;
            case "^" -> a ^ c;
            case "==" -> a == c ? -1 : 0;
            case "!=", "<>" -> a != c ? -1 : 0;
            case "<" -> a < c ? -1 : 0;
            case ">" -> a > c ? -1 : 0;
            case "<=" -> a <= c ? -1 : 0;
            case ">=" -> a >= c ? -1 : 0;
            case "&&" -> a != 0 && c != 0 ? 1 : 0;
            case "||" -> a != 0 || c != 0 ? 1 : 0;
            default -> throw new AsmFailure(b.op(), "unknown operator '" + op + "'");
        });
    }

    /** hi = (x + 0x800) >> 12 so that (hi << 12) + sext(lo) == x. */
    private static long reloc(Reloc r, Env env) {
        long x = absolute(r.operand().eval(env), r.op());
        return switch (r.op().text()) {
            case "%hi" -> hi20(x);
            case "%lo" -> lo12(x);
            case "%pcrel_hi" -> hi20(x - env.pc(r.op()));
            default -> env.pcrelLo(x, r.op());
        };
    }

    static long hi20(long x) { return ((x + 0x800) >> 12) & 0xfffff; }

    static long lo12(long x) { return (x << 52) >> 52; }
}
