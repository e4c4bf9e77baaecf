package vmsh.asm;

/**
 * A named value: a label (a section and an offset, an address after layout) or a symbol
 * set by {@code .equ}/{@code .set}/{@code =} (an expression, evaluated where it was set).
 */
final class Symbol {
    final String name;
    /** Where the name was first defined (null while only declared, e.g. by .globl). */
    Line defined;
    boolean label;
    Section section;
    int offset;
    long address;
    // .equ / .set: the expression and the location "." meant when it was set
    Expr expr;
    Section setSection;
    int setOffset;
    boolean evaluating;
    boolean global;

    Symbol(String name) { this.name = name; }

    boolean isDefined() { return defined != null; }

    /** Compiler-internal (.L*) and numeric local labels never become image symbols. */
    boolean isLocalName() { return name.startsWith(".L") || name.indexOf(Frontend.LOCAL_MARK) >= 0; }

    /** The name as the user wrote it (1b/1f labels are shown as "1"). */
    String displayName() {
        int mark = name.indexOf(Frontend.LOCAL_MARK);
        return mark < 0 ? name : name.substring(2, mark);
    }
}
