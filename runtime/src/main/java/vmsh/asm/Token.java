package vmsh.asm;

/**
 * One lexical token of a source line. {@code column} is 1-based in the original line.
 * NUMBER carries its value (character literals are numbers too); STRING its decoded text;
 * RELOC is a {@code %name} operator such as {@code %hi}; the rest carry only their text.
 */
record Token(Kind kind, String text, long value, String string, int column) {

    enum Kind { IDENT, NUMBER, STRING, RELOC, PUNCT }

    static Token ident(String text, int column) { return new Token(Kind.IDENT, text, 0, null, column); }

    boolean is(String punct) { return kind == Kind.PUNCT && text.equals(punct); }

    boolean isIdent() { return kind == Kind.IDENT; }

    @Override public String toString() { return text; }
}
