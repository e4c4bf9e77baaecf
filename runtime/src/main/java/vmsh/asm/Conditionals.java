package vmsh.asm;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Conditional assembly as GNU as does it, in one pass over the source: {@code .if expr}
 * (and {@code .ifeq .ifne .ifgt .ifge .iflt .ifle}), {@code .ifdef sym} / {@code .ifndef}
 * ({@code .ifnotdef}), {@code .ifb text} / {@code .ifnb}, {@code .ifc a,b} / {@code .ifnc}
 * (raw text, case-sensitive, outer spaces trimmed; quotes are part of the text),
 * {@code .ifeqs "a","b"} / {@code .ifnes}, then {@code .elseif expr}, {@code .else},
 * {@code .endif}.
 *
 * <p>A condition sees the symbols defined before it, as GNU as's single pass does: labels
 * (defined, not constant) and {@code .equ/.set/.equiv/=} symbols whose value is a constant
 * of earlier ones. An expression must be such a constant; a label or an undefined symbol in
 * it is an error. Inside a branch not taken nothing is evaluated, nested conditionals
 * included.
 */
final class Conditionals {
    /** One open {@code .if}: was the enclosing code assembled, is this branch, was one taken, was .else seen. */
    private record Level(boolean outer, boolean active, boolean taken, boolean sawElse, Line line, Token at) {}

    private static final Set<String> OPENERS = Set.of(".if", ".ifeq", ".ifne", ".ifgt", ".ifge", ".iflt", ".ifle",
            ".ifdef", ".ifndef", ".ifnotdef", ".ifb", ".ifnb", ".ifc", ".ifnc", ".ifeqs", ".ifnes");

    private final Deque<Level> open = new ArrayDeque<>();
    private final Map<String, Long> constants = new HashMap<>();
    private final Set<String> defined = new HashSet<>();

    /** True for the directives this class handles. */
    static boolean directive(String word) {
        return OPENERS.contains(word) || word.equals(".elseif") || word.equals(".else") || word.equals(".endif");
    }

    /** True while the code being read is assembled (every enclosing branch taken). */
    boolean active() { return open.isEmpty() || open.peek().active(); }

    /** How many conditionals are open. */
    int depth() { return open.size(); }

    /** Where the innermost open conditional started, for "without .endif" errors. */
    Line openedAt() { return open.peek().line(); }

    Token openedBy() { return open.peek().at(); }

    /** Drops the conditionals opened beyond {@code depth} (after reporting them unclosed). */
    void closeTo(int depth) {
        while (open.size() > depth) open.pop();
    }

    // ---------------------------------------------------------------- symbols

    /** A label: defined, with no constant value. */
    void label(String name) {
        defined.add(name);
        constants.remove(name);
    }

    /** {@code name} = {@code value} (.equ, .set, .equiv, =): a constant when every symbol in it is one. */
    void assign(String name, List<Token> value, Token at) {
        defined.add(name);
        try {
            constants.put(name, evaluate(value, at));
        } catch (AsmFailure | Expr.Unresolved e) {
            constants.remove(name);
        }
    }

    // ---------------------------------------------------------------- directives

    /** Handles one conditional directive {@code op} with its operand tokens and the raw operand text. */
    void handle(Line line, Token op, List<Token> operands, String text) {
        String d = op.text().toLowerCase(Locale.ROOT);
        switch (d) {
            case ".endif" -> {
                if (open.isEmpty()) throw new AsmFailure(op, "'.endif' without '.if'");
                open.pop();
            }
            case ".else" -> {
                Level l = top(op, d);
                if (l.sawElse()) throw new AsmFailure(op, "second '.else' for the '.if' at line " + l.line().number());
                open.pop();
                open.push(new Level(l.outer(), l.outer() && !l.taken(), true, true, l.line(), l.at()));
            }
            case ".elseif" -> {
                Level l = top(op, d);
                if (l.sawElse()) throw new AsmFailure(op, "'.elseif' after '.else'");
                open.pop();
                open.push(new Level(l.outer(), false, true, false, l.line(), l.at()));   // if the test fails: nothing more taken
                boolean now = l.outer() && !l.taken() && evaluate(operands, op) != 0;
                open.pop();
                open.push(new Level(l.outer(), now, l.taken() || now, false, l.line(), l.at()));
            }
            default -> {
                boolean outer = active();
                open.push(new Level(outer, false, true, false, line, op));   // if the test fails: the .if still counts
                boolean now = outer && test(d, op, operands, text);
                open.pop();
                open.push(new Level(outer, now, now, false, line, op));
            }
        }
    }

    private Level top(Token op, String d) {
        if (open.isEmpty()) throw new AsmFailure(op, "'" + d + "' without '.if'");
        return open.peek();
    }

    private boolean test(String d, Token op, List<Token> operands, String text) {
        return switch (d) {
            case ".if", ".ifne" -> evaluate(operands, op) != 0;
            case ".ifeq" -> evaluate(operands, op) == 0;
            case ".ifgt" -> evaluate(operands, op) > 0;
            case ".ifge" -> evaluate(operands, op) >= 0;
            case ".iflt" -> evaluate(operands, op) < 0;
            case ".ifle" -> evaluate(operands, op) <= 0;
            case ".ifdef" -> defined.contains(symbolName(operands, op));
            case ".ifndef", ".ifnotdef" -> !defined.contains(symbolName(operands, op));
            case ".ifb" -> operands.isEmpty();
            case ".ifnb" -> !operands.isEmpty();
            case ".ifc" -> sameText(text, op);
            case ".ifnc" -> !sameText(text, op);
            case ".ifeqs" -> sameStrings(operands, op);
            default -> !sameStrings(operands, op);   // .ifnes
        };
    }

    private static String symbolName(List<Token> operands, Token op) {
        if (operands.size() != 1 || !operands.get(0).isIdent())
            throw new AsmFailure(operands.isEmpty() ? op : operands.get(0), "'" + op + "' takes one symbol name");
        return operands.get(0).text();
    }

    /** .ifc: the texts before and after the first comma outside quotes, outer blanks trimmed, compared as written. */
    private static boolean sameText(String text, Token op) {
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) return text.substring(0, i).strip().equals(text.substring(i + 1).strip());
        }
        throw new AsmFailure(op, "'" + op + "' needs two strings separated by a comma");
    }

    /** .ifeqs: two quoted strings. */
    private static boolean sameStrings(List<Token> operands, Token op) {
        List<List<Token>> parts = Frontend.splitAt(operands, ",");
        if (parts.size() != 2 || parts.stream().anyMatch(p -> p.size() != 1 || p.get(0).kind() != Token.Kind.STRING))
            throw new AsmFailure(operands.isEmpty() ? op : operands.get(0), "'" + op + "' needs two quoted strings separated by a comma");
        return parts.get(0).get(0).string().equals(parts.get(1).get(0).string());
    }

    /** The value of a condition: a constant of numbers and constant symbols defined before it. */
    private long evaluate(List<Token> tokens, Token at) {
        Expr e = Expr.parse(tokens, at);
        Expr.Env env = new Expr.Env() {
            public Expr.Value symbol(Token name) {
                Long v = constants.get(name.text());
                if (v != null) return Expr.Value.abs(v);
                throw new AsmFailure(name, defined.contains(name.text())
                        ? "'" + at + "' needs a constant expression: '" + name + "' is not a constant"
                        : "'" + at + "' needs a constant expression: '" + name + "' is not defined before it");
            }

            public Expr.Value dot(Token t) { throw new AsmFailure(t, "'" + at + "' needs a constant expression, not '.'"); }

            public long pc(Token t) { throw new AsmFailure(t, "'" + at + "' needs a constant expression"); }

            public long pcrelLo(long a, Token t) { throw new AsmFailure(t, "'" + at + "' needs a constant expression"); }
        };
        Expr.Value v = e.eval(env);
        if (!v.absolute()) throw new AsmFailure(at, "'" + at + "' needs a constant expression");
        return v.v();
    }
}
