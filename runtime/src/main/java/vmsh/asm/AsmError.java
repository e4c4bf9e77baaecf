package vmsh.asm;

/** One located assembly error: file:line:col, the message, and the source line. */
public record AsmError(String file, int line, int column, String message, String sourceLine) {

    /** GNU-style: {@code file:line:col: error: message}, then the line and a caret. */
    public String format() {
        StringBuilder b = new StringBuilder();
        b.append(file).append(':').append(line).append(':').append(column).append(": error: ").append(message);
        if (sourceLine != null) {
            b.append('\n').append("  ").append(sourceLine).append('\n').append("  ");
            for (int i = 1; i < column; i++) b.append(sourceLine.length() >= i && sourceLine.charAt(i - 1) == '\t' ? '\t' : ' ');
            b.append('^');
        }
        return b.toString();
    }
}
