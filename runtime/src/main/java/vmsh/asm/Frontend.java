package vmsh.asm;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns source text into statements: blanks out comments, follows {@code .include},
 * expands {@code .macro}, {@code .rept} and {@code .irp}, keeps or drops code by the
 * conditionals ({@code .if} and its family, see {@link Conditionals}), splits
 * {@code ;}-separated statements, and gives numeric local labels ({@code 1:}, {@code 1b},
 * {@code 1f}) unique names.
 */
final class Frontend {
    private static final int MAX_DEPTH = 64;
    /** Numeric local labels become ".L<n>^B<instance>", as GNU as names them; never image symbols. */
    static final char LOCAL_MARK = '\u0002';

    private record Macro(String name, List<String> params, List<String> defaults, List<Line> body) {}

    private final SourceResolver resolver;
    private final Diagnostics diag;
    private final List<Statement> out = new ArrayList<>();
    private final Map<String, Macro> macros = new HashMap<>();
    private final Map<Long, Integer> localCount = new HashMap<>();
    private final Conditionals conditionals = new Conditionals();
    private int macroUses;
    /** .exitm was met: the rest of the macro body being expanded is skipped. */
    private boolean exitMacro;
    /** How many macro expansions are under way. */
    private int inMacro;
    private int depth;
    private boolean ended;

    private final Cancellation cancellation;
    private long linesRead;

    Frontend(SourceResolver resolver, Diagnostics diag, Cancellation cancellation) {
        this.resolver = resolver;
        this.diag = diag;
        this.cancellation = cancellation;
    }

    List<Statement> statements(String text, String file) {
        lines(split(file, text));
        return out;
    }

    // ---------------------------------------------------------------- comments

    /** The lines of {@code text} with #, //, and (multi-line) slash-star comments blanked. */
    List<Line> split(String file, String text) {
        String[] raw = text.split("\r?\n", -1);
        List<Line> lines = new ArrayList<>(raw.length);
        boolean inBlock = false;
        for (int n = 0; n < raw.length; n++) {
            if (n % Cancellation.INTERVAL == 0) cancellation.check();
            String s = raw[n];
            StringBuilder b = new StringBuilder(s);
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (inBlock) {
                    if (s.startsWith("*/", i)) { b.setCharAt(i, ' '); b.setCharAt(i + 1, ' '); i += 2; inBlock = false; }
                    else { if (c != '\t') b.setCharAt(i, ' '); i++; }
                } else if (c == '"') {
                    i++;
                    while (i < s.length() && s.charAt(i) != '"') i += s.charAt(i) == '\\' ? 2 : 1;
                    i++;
                } else if (c == '\'') {
                    i += i + 1 < s.length() && s.charAt(i + 1) == '\\' ? 3 : 2;
                    if (i < s.length() && s.charAt(i) == '\'') i++;
                } else if (c == '#' || s.startsWith("//", i)) {
                    b.setLength(i);
                    break;
                } else if (s.startsWith("/*", i)) {
                    inBlock = true;
                } else i++;
            }
            lines.add(new Line(file, n + 1, b.toString(), s, null));
        }
        return lines;
    }

    // ---------------------------------------------------------------- lines

    private void lines(List<Line> lines) {
        int depth = conditionals.depth();
        for (int n = 0; n < lines.size() && !ended && !exitMacro; n++) {
            if (++linesRead % Cancellation.INTERVAL == 0) cancellation.check();
            Line line = lines.get(n);
            List<Token> tokens;
            try {
                tokens = Lexer.tokens(line);
            } catch (AsmFailure f) {
                if (!conditionals.active()) continue;   // GNU as does not read skipped lines
                diag.order = out.size();
                diag.error(line, f);
                continue;
            }
            if (tokens.isEmpty()) continue;
            String first = firstWord(tokens);
            if (conditionals.active() && (first.equals(".macro") || first.equals(".rept") || first.equals(".irp") || first.equals(".irpc"))) {
                int end = blockEnd(lines, n, first.equals(".macro") ? ".endm" : ".endr");
                if (end < 0) {
                    error(line, tokens.get(0), "'" + first + "' without " + (first.equals(".macro") ? "'.endm'" : "'.endr'"));
                    return;
                }
                block(first, line, tokens, lines.subList(n + 1, end));
                n = end;
                continue;
            }
            for (List<Token> part : splitAt(tokens, ";")) {
                if (part.isEmpty()) continue;
                if (Conditionals.directive(firstWord(part))) conditional(line, part);
                else if (conditionals.active()) statement(line, part);
            }
        }
        if (conditionals.depth() > depth && !exitMacro) {   // .exitm leaves the conditionals it is in
            Line at = conditionals.openedAt();
            diag.order = out.size();
            diag.error(at, conditionals.openedBy().column(), "'" + conditionals.openedBy() + "' without '.endif'");
        }
        conditionals.closeTo(depth);
    }

    /** A conditional directive: opens, switches or closes a branch. */
    private void conditional(Line line, List<Token> part) {
        diag.order = out.size();
        try {
            List<Token> operands = part.subList(1, part.size());
            conditionals.handle(line, part.get(0), operands, text(line, operands));
        } catch (AsmFailure f) {
            diag.error(line, f);
        }
    }

    private static String firstWord(List<Token> tokens) {
        Token t = tokens.get(0);
        return t.isIdent() ? t.text().toLowerCase(Locale.ROOT) : "";
    }

    /** The index of the line closing the block opened at {@code start}, or -1. */
    private static int blockEnd(List<Line> lines, int start, String closer) {
        int nesting = 0;
        for (int n = start + 1; n < lines.size(); n++) {
            String w = firstWordOf(lines.get(n).text());
            if (w.equals(closer)) {
                if (nesting == 0) return n;
                nesting--;
            } else if (closer.equals(".endm") ? w.equals(".macro") : w.equals(".rept") || w.equals(".irp") || w.equals(".irpc")) {
                nesting++;
            }
        }
        return -1;
    }

    private static String firstWordOf(String text) {
        String s = text.strip();
        int i = 0;
        while (i < s.length() && Lexer.identPart(s.charAt(i))) i++;
        return s.substring(0, i).toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------- statements

    private void statement(Line line, List<Token> tokens) {
        diag.order = out.size();
        try {
            List<Token> labels = new ArrayList<>();
            int i = 0;
            while (i + 1 < tokens.size() && tokens.get(i + 1).is(":")
                    && (tokens.get(i).isIdent() || tokens.get(i).kind() == Token.Kind.NUMBER)) {
                Token label = labelName(tokens.get(i));
                labels.add(label);
                conditionals.label(label.text());
                i += 2;
            }
            if (i == tokens.size()) {
                out.add(new Statement(line, out.size(), labels, null, List.of()));
                return;
            }
            Token op = tokens.get(i);
            if (!op.isIdent()) throw new AsmFailure(op, "expected an instruction or directive, found '" + op + "'");
            List<Token> rest = localRefs(tokens.subList(i + 1, tokens.size()));
            if (!rest.isEmpty() && rest.get(0).is("=")) {           // sym = expr
                Token set = new Token(Token.Kind.IDENT, ".set", 0, null, op.column());
                out.add(new Statement(line, out.size(), labels, set, List.of(List.of(op), rest.subList(1, rest.size()))));
                conditionals.assign(op.text(), rest.subList(1, rest.size()), op);
                return;
            }
            String name = op.text().toLowerCase(Locale.ROOT);
            if (name.equals(".include")) {
                if (!labels.isEmpty()) out.add(new Statement(line, out.size(), labels, null, List.of()));
                include(line, op, rest);
            } else if (name.equals(".incbin")) {
                Statement s = new Statement(line, out.size(), labels, op, splitAt(rest, ","));
                s.included = incbin(line, op, s);
                out.add(s);
            } else if (name.equals(".end")) {
                ended = true;
            } else if (name.equals(".exitm")) {
                if (!labels.isEmpty()) out.add(new Statement(line, out.size(), labels, null, List.of()));
                if (inMacro == 0) throw new AsmFailure(op, "'.exitm' outside a macro");
                exitMacro = true;
            } else if (name.equals(".purgem")) {
                if (rest.size() != 1 || !rest.get(0).isIdent() || macros.remove(rest.get(0).text().toLowerCase(Locale.ROOT)) == null)
                    throw new AsmFailure(rest.isEmpty() ? op : rest.get(0), "'.purgem' needs the name of a defined macro");
            } else if (name.equals(".error") || name.equals(".err")) {
                if (!rest.isEmpty() && (rest.size() != 1 || rest.get(0).kind() != Token.Kind.STRING))
                    throw new AsmFailure(rest.get(0), "'.error' takes one quoted message");
                throw new AsmFailure(op, rest.isEmpty() ? "'" + name + "' encountered" : rest.get(0).string());
            } else if (name.equals(".warning")) {
                if (!labels.isEmpty()) out.add(new Statement(line, out.size(), labels, null, List.of()));   // vmsh prints no warnings
            } else if (macros.containsKey(name)) {
                if (!labels.isEmpty()) out.add(new Statement(line, out.size(), labels, null, List.of()));
                expand(macros.get(name), line, op, rest);
            } else {
                List<List<Token>> operands = splitAt(rest, ",");
                out.add(new Statement(line, out.size(), labels, op, operands));
                defines(name, operands, op);
            }
        } catch (AsmFailure f) {
            diag.error(line, f);
        }
    }

    /** A label token's symbol name; numeric labels get their next instance name. */
    private Token labelName(Token t) {
        if (t.kind() != Token.Kind.NUMBER) return t;
        if (!t.text().chars().allMatch(Character::isDigit)) throw new AsmFailure(t, "bad label '" + t + "'");
        int k = localCount.merge(t.value(), 1, Integer::sum);
        return Token.ident(localName(t.value(), k), t.column());
    }

    /** Tells the conditionals about a symbol a directive defines (.equ, .set, .equiv, .comm, .lcomm). */
    private void defines(String directive, List<List<Token>> operands, Token op) {
        if (operands.isEmpty() || operands.get(0).size() != 1 || !operands.get(0).get(0).isIdent()) return;
        String name = operands.get(0).get(0).text();
        switch (directive) {
            case ".equ", ".set", ".equiv" -> conditionals.assign(name, operands.size() > 1 ? operands.get(1) : List.of(), op);
            case ".comm", ".lcomm" -> conditionals.label(name);
            default -> { }
        }
    }

    static String localName(long n, int instance) { return ".L" + n + LOCAL_MARK + instance; }

    /** Replaces 1b / 1f references by the instance names they mean. */
    private List<Token> localRefs(List<Token> tokens) {
        List<Token> r = new ArrayList<>(tokens.size());
        for (Token t : tokens) {
            String s = t.text();
            char last = s.isEmpty() ? ' ' : Character.toLowerCase(s.charAt(s.length() - 1));
            if (t.isIdent() && s.length() > 1 && Character.isDigit(s.charAt(0)) && (last == 'b' || last == 'f')) {
                long n = Long.parseLong(s.substring(0, s.length() - 1));
                int defined = localCount.getOrDefault(n, 0);
                if (last == 'b' && defined == 0) throw new AsmFailure(t, "no local label '" + n + ":' before '" + s + "'");
                int instance = last == 'b' ? defined : defined + 1;
                r.add(new Token(Token.Kind.IDENT, localName(n, instance), 0, s, t.column()));
            } else r.add(t);
        }
        return r;
    }

    /** Splits tokens at top-level (unparenthesised) occurrences of {@code sep}. */
    static List<List<Token>> splitAt(List<Token> tokens, String sep) {
        List<List<Token>> parts = new ArrayList<>();
        if (tokens.isEmpty()) return parts;
        int depth = 0, start = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.is("(")) depth++;
            else if (t.is(")")) depth--;
            else if (depth == 0 && t.is(sep)) {
                parts.add(tokens.subList(start, i));
                start = i + 1;
            }
        }
        parts.add(tokens.subList(start, tokens.size()));
        return parts;
    }

    // ---------------------------------------------------------------- .include

    private void include(Line line, Token op, List<Token> args) {
        if (args.size() != 1 || args.get(0).kind() != Token.Kind.STRING) {
            throw new AsmFailure(args.isEmpty() ? op : args.get(0), ".include takes a quoted file name");
        }
        String path = args.get(0).string();
        if (depth >= MAX_DEPTH) throw new AsmFailure(args.get(0), "includes nested too deeply at '" + path + "'");
        SourceResolver.Source src;
        try {
            src = resolver.read(path, line.file());
        } catch (IOException | RuntimeException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? ": no such file"
                    : e instanceof SourceResolver.Refused ? ": " + e.getMessage() : "";
            throw new AsmFailure(args.get(0), "cannot open include '" + path + "'" + why);
        }
        if (src == null) throw new AsmFailure(args.get(0), "cannot open include '" + path + "'");
        depth++;
        lines(split(src.name(), src.text()));
        depth--;
        ended = false;
    }

    /** .incbin "file.s"[, skip[, count]]: the program it assembles to (see {@link IncludedProgram}). */
    private byte[] incbin(Line line, Token op, Statement s) {
        if (s.count() < 1 || s.count() > 3 || s.operand(0).size() != 1 || s.operand(0).get(0).kind() != Token.Kind.STRING)
            throw new AsmFailure(s.count() == 0 || s.operand(0).isEmpty() ? op : s.operand(0).get(0),
                    ".incbin takes a quoted file name, then optionally skip and count");
        Token file = s.operand(0).get(0);
        String path = file.string();
        if (!IncludedProgram.isSource(path))
            throw new AsmFailure(file, "'.incbin' of '" + path + "': vmsh includes programs, given as assembly source (.s),"
                    + " which it assembles; build other files into a .s first");
        SourceResolver.Source src;
        try {
            src = resolver.read(path, line.file());
        } catch (IOException | RuntimeException e) {
            throw new AsmFailure(file, "cannot open '" + path + "'");
        }
        if (src == null) throw new AsmFailure(file, "cannot open '" + path + "'");
        return IncludedProgram.bytes(src, resolver, file);
    }

    // ---------------------------------------------------------------- macros

    private void block(String kind, Line line, List<Token> tokens, List<Line> body) {
        diag.order = out.size();
        try {
            List<Token> args = tokens.subList(1, tokens.size());
            switch (kind) {
                case ".macro" -> defineMacro(tokens.get(0), args, body);
                case ".rept" -> {
                    long n = constant(Expr.parse(args, tokens.get(0)));
                    if (n < 0 || n > 100_000) throw new AsmFailure(args.get(0), ".rept count " + n + " out of range 0..100000");
                    for (long k = 0; k < n; k++) nested(body, Map.of(), ".rept at " + where(line));
                }
                default -> {        // .irp sym, v1, v2 ... / .irpc sym, chars
                    List<List<Token>> parts = splitAt(args, ",");
                    if (parts.isEmpty() || parts.get(0).size() != 1) throw new AsmFailure(tokens.get(0), kind + " needs a symbol name");
                    String sym = parts.get(0).get(0).text();
                    List<String> values = new ArrayList<>();
                    if (kind.equals(".irp")) for (List<Token> p : parts.subList(1, parts.size())) values.add(text(line, p));
                    else if (parts.size() > 1) for (char c : text(line, parts.get(1)).toCharArray()) values.add(String.valueOf(c));
                    for (String v : values) nested(body, Map.of(sym, v), kind + " at " + where(line));
                }
            }
        } catch (AsmFailure f) {
            diag.error(line, f);
        }
    }

    private void defineMacro(Token directive, List<Token> args, List<Line> body) {
        if (args.isEmpty() || !args.get(0).isIdent()) throw new AsmFailure(directive, ".macro needs a name");
        String name = args.get(0).text().toLowerCase(Locale.ROOT);
        List<String> params = new ArrayList<>(), defaults = new ArrayList<>();
        List<Token> rest = args.subList(1, args.size());
        if (!rest.isEmpty() && rest.get(0).is(",")) rest = rest.subList(1, rest.size());
        for (List<Token> p : splitAt(rest, ",")) {
            // "a b" without commas declares two parameters
            for (int i = 0; i < p.size(); i++) {
                Token t = p.get(i);
                if (!t.isIdent()) throw new AsmFailure(t, "bad macro parameter '" + t + "'");
                String param = t.text();
                String def = "";
                if (i + 1 < p.size() && p.get(i + 1).is(":")) i += 2;              // a:req
                if (i + 1 < p.size() && p.get(i + 1).is("=")) {
                    def = i + 2 < p.size() ? p.get(i + 2).text() : "";
                    i += 2;
                }
                params.add(param);
                defaults.add(def);
            }
        }
        macros.put(name, new Macro(name, params, defaults, List.copyOf(body)));
    }

    private void expand(Macro m, Line line, Token op, List<Token> rest) {
        if (depth >= MAX_DEPTH) throw new AsmFailure(op, "macro '" + m.name() + "' nested too deeply");
        List<List<Token>> args = splitAt(rest, ",");
        if (args.size() > m.params().size()) throw new AsmFailure(args.get(m.params().size()).get(0),
                "macro '" + m.name() + "' takes " + m.params().size() + " arguments, got " + args.size());
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < m.params().size(); i++) {
            String v = i < args.size() ? text(line, args.get(i)) : "";
            if (v.isEmpty()) v = m.defaults().get(i);
            values.put(m.params().get(i), v);
        }
        macroUses++;
        inMacro++;
        try {
            nested(m.body(), values, "in macro '" + m.name() + "' used at " + where(line));
        } finally {
            inMacro--;
            exitMacro = false;
        }
    }

    /** Processes a block body with \name substitutions; errors carry {@code note}. */
    private void nested(List<Line> body, Map<String, String> values, String note) {
        List<Line> expanded = new ArrayList<>(body.size());
        for (Line l : body) {
            String t = substitute(l.text(), values);
            expanded.add(new Line(l.file(), l.number(), t, t, note));
        }
        depth++;
        lines(expanded);
        depth--;
    }

    private String substitute(String text, Map<String, String> values) {
        if (text.indexOf('\\') < 0) return text;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 >= text.length()) { b.append(c); continue; }
            if (text.startsWith("()", i + 1)) { i += 2; continue; }
            if (text.charAt(i + 1) == '@') { b.append(macroUses); i++; continue; }
            int j = i + 1;
            while (j < text.length() && Lexer.identPart(text.charAt(j))) j++;
            String name = text.substring(i + 1, j);
            if (values.containsKey(name)) { b.append(values.get(name)); i = j - 1; }
            else b.append(c);
        }
        return b.toString();
    }

    /** The source text a token list spans. */
    private static String text(Line line, List<Token> tokens) {
        if (tokens.isEmpty()) return "";
        Token first = tokens.get(0), last = tokens.get(tokens.size() - 1);
        String lastText = last.string() != null && last.isIdent() ? last.string() : last.text();
        return line.text().substring(first.column() - 1, last.column() - 1 + lastText.length());
    }

    private static String where(Line line) { return line.file() + ":" + line.number(); }

    private void error(Line line, Token at, String message) {
        diag.order = out.size();
        diag.error(line, at.column(), message);
    }

    /** A constant needing no symbols (.rept counts). */
    private static long constant(Expr e) {
        Expr.Env none = new Expr.Env() {
            public Expr.Value symbol(Token name) { throw new AsmFailure(name, ".rept needs a constant, '" + name + "' is a symbol"); }
            public Expr.Value dot(Token at) { throw new AsmFailure(at, ".rept needs a constant"); }
            public long pc(Token at) { throw new AsmFailure(at, ".rept needs a constant"); }
            public long pcrelLo(long a, Token at) { throw new AsmFailure(at, ".rept needs a constant"); }
        };
        return e.eval(none).v();
    }
}
