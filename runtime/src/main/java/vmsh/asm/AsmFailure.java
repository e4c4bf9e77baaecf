package vmsh.asm;

/** An error found while handling one statement: the column of the offending token and why. */
final class AsmFailure extends RuntimeException {
    final int column;

    AsmFailure(int column, String message) {
        super(message, null, false, false);
        this.column = column;
    }

    AsmFailure(Token at, String message) {
        this(at == null ? 1 : at.column(), message);
    }
}
