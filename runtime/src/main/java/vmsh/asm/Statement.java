package vmsh.asm;

import java.util.ArrayList;
import java.util.List;

/**
 * One statement: its labels, its mnemonic or directive, and its operands (token lists
 * split at top-level commas), plus what the first pass learnt about it.
 */
final class Statement {
    final Line line;
    final int order;
    final List<Token> labels;
    /** The mnemonic or directive; null for a line holding only labels. */
    final Token op;
    final List<List<Token>> operands;
    private final String name;

    // learnt in the first pass, checked in the second
    Section section;
    int offset;
    int size;
    boolean failed;
    /** .incbin: the bytes the Frontend read, before skip and count. */
    byte[] included;
    /** Constants the first pass evaluated (li values, .zero counts), replayed in the second. */
    final List<Long> constants = new ArrayList<>();
    int constantCursor;

    Statement(Line line, int order, List<Token> labels, Token op, List<List<Token>> operands) {
        this.line = line;
        this.order = order;
        this.labels = labels;
        this.op = op;
        this.operands = operands;
        this.name = op == null ? "" : op.text().toLowerCase(java.util.Locale.ROOT);
    }

    /** The mnemonic or directive in lower case ("" for a label-only line). */
    String name() { return name; }

    int count() { return operands.size(); }

    List<Token> operand(int i) { return operands.get(i); }

    /** Requires between {@code min} and {@code max} operands. */
    void expectOperands(int min, int max) {
        int n = operands.size();
        if (n >= min && n <= max) return;
        String want = min == max ? String.valueOf(min) : max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max;
        Token at = n > max ? operands.get(max).get(0) : op;
        throw new AsmFailure(at, "'" + op.text() + "' takes " + want + " operand" + (min == 1 && max == 1 ? "" : "s") + ", got " + n);
    }
}
