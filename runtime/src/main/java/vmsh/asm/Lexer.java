package vmsh.asm;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one comment-free source line into tokens. Numeric local label references
 * ({@code 1b}, {@code 2f}) come out as identifiers {@code 1b}/{@code 2f}; the parser renames them.
 */
final class Lexer {
    private static final String[] TWO_CHAR = {"<<", ">>", "<=", ">=", "==", "!=", "<>", "&&", "||"};
    private static final String ONE_CHAR = ",():+-*/%&|^~!=<>;@[]{}";

    private final String s;
    private final Line line;
    private int i;

    private Lexer(Line line) {
        this.line = line;
        this.s = line.text();
    }

    static List<Token> tokens(Line line) {
        return new Lexer(line).all();
    }

    private List<Token> all() {
        List<Token> out = new ArrayList<>();
        while (true) {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
            if (i >= s.length()) return out;
            out.add(next());
        }
    }

    private Token next() {
        char c = s.charAt(i);
        int start = i;
        if (identStart(c)) {
            while (i < s.length() && identPart(s.charAt(i))) i++;
            return Token.ident(s.substring(start, i), start + 1);
        }
        if (c == '@' && i + 1 < s.length() && Character.isLetter(s.charAt(i + 1))) {
            i++;
            while (i < s.length() && identPart(s.charAt(i))) i++;
            return Token.ident(s.substring(start, i), start + 1);
        }
        if (Character.isDigit(c)) return number();
        if (c == '"') return string();
        if (c == '\'') return character();
        if (c == '%' && i + 1 < s.length() && Character.isLetter(s.charAt(i + 1))) {
            int j = i + 1;
            while (j < s.length() && identPart(s.charAt(j))) j++;
            String name = s.substring(i + 1, j);
            if (Expr.isRelocName(name) || j < s.length() && s.charAt(j) == '(') {
                i = j;
                return new Token(Token.Kind.RELOC, "%" + name, 0, null, start + 1);
            }
        }
        for (String two : TWO_CHAR) {
            if (s.startsWith(two, i)) {
                i += 2;
                return new Token(Token.Kind.PUNCT, two, 0, null, start + 1);
            }
        }
        if (ONE_CHAR.indexOf(c) >= 0) {
            i++;
            return new Token(Token.Kind.PUNCT, String.valueOf(c), 0, null, start + 1);
        }
        throw new AsmFailure(start + 1, "unexpected character '" + c + "'");
    }

    static boolean identStart(char c) { return Character.isLetter(c) || c == '_' || c == '.' || c == '$'; }

    static boolean identPart(char c) { return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '$'; }

    /** Decimal, 0x hex, 0b binary, leading-0 octal, or a local label reference such as 1b / 1f. */
    private Token number() {
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
        String text = s.substring(start, i);
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        char last = lower.charAt(lower.length() - 1);
        if ((last == 'b' || last == 'f') && lower.substring(0, lower.length() - 1).chars().allMatch(Character::isDigit)
                && !(last == 'b' && lower.length() > 2 && lower.startsWith("0b"))) {
            return Token.ident(text, start + 1);
        }
        try {
            long v;
            if (lower.startsWith("0x")) v = Long.parseUnsignedLong(lower.substring(2), 16);
            else if (lower.startsWith("0b")) v = Long.parseUnsignedLong(lower.substring(2), 2);
            else if (lower.length() > 1 && lower.startsWith("0")) v = Long.parseUnsignedLong(lower.substring(1), 8);
            else v = Long.parseUnsignedLong(lower, 10);
            return new Token(Token.Kind.NUMBER, text, v, null, start + 1);
        } catch (NumberFormatException e) {
            throw new AsmFailure(start + 1, "bad number '" + text + "'");
        }
    }

    private Token string() {
        int start = i++;
        StringBuilder b = new StringBuilder();
        while (true) {
            if (i >= s.length()) throw new AsmFailure(start + 1, "unterminated string");
            char c = s.charAt(i);
            if (c == '"') { i++; break; }
            if (c == '\\') b.append((char) escape());
            else { b.append(c); i++; }
        }
        return new Token(Token.Kind.STRING, s.substring(start, i), 0, b.toString(), start + 1);
    }

    /** 'a' or GNU's unterminated 'a; escapes as in strings. */
    private Token character() {
        int start = i++;
        if (i >= s.length()) throw new AsmFailure(start + 1, "empty character literal");
        int v;
        if (s.charAt(i) == '\\') v = escape();
        else v = s.charAt(i++);
        if (i < s.length() && s.charAt(i) == '\'') i++;
        return new Token(Token.Kind.NUMBER, s.substring(start, i), v, null, start + 1);
    }

    /** A C escape at {@code i} (which holds the backslash); returns the byte value. */
    private int escape() {
        int at = i;
        i++;
        if (i >= s.length()) throw new AsmFailure(at + 1, "backslash at end of line");
        char c = s.charAt(i++);
        switch (c) {
            case 'n': return '\n';
            case 't': return '\t';
            case 'r': return '\r';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'v': return 0x0b;
            case 'a': return 0x07;
            case 'e': return 0x1b;
            case '\\': return '\\';
            case '"': return '"';
            case '\'': return '\'';
            case 'x': case 'X': {
                int v = 0, n = 0;
                while (i < s.length() && Character.digit(s.charAt(i), 16) >= 0) { v = v * 16 + Character.digit(s.charAt(i++), 16); n++; }
                if (n == 0) throw new AsmFailure(at + 1, "\\x needs hex digits");
                return v & 0xff;
            }
            default:
                if (c >= '0' && c <= '7') {
                    int v = c - '0', n = 1;
                    while (n < 3 && i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7') { v = v * 8 + s.charAt(i++) - '0'; n++; }
                    return v & 0xff;
                }
                throw new AsmFailure(at + 1, "unknown escape '\\" + c + "'");
        }
    }
}
