package vmsh.cpu;

import vmsh.isa.Encoding;

/**
 * A synchronous exception raised while executing an instruction. It unwinds to the
 * engine, which enters the trap handler; it carries no stack trace, so guests that trap
 * often stay fast.
 */
public final class Trap extends RuntimeException {
    public final int cause;
    public final int tval;
    /** The guest-physical address of a guest-page fault (htval/mtval2 get it shifted right by 2), else -1. */
    public final long gpa;
    /**
     * For a guest-page fault of an implicit access (the G-stage check of a VS-stage PTE read
     * or A/D update), the pseudoinstruction htinst gets ({@link TrapInstruction}); else 0.
     */
    public final int pseudoinstruction;

    public Trap(int cause, int tval) { this(cause, tval, -1, 0); }

    public Trap(int cause, int tval, long gpa) { this(cause, tval, gpa, 0); }

    public Trap(int cause, int tval, long gpa, int pseudoinstruction) {
        super(null, null, false, false);
        this.cause = cause;
        this.tval = tval;
        this.gpa = gpa;
        this.pseudoinstruction = pseudoinstruction;
    }

    @Override public String getMessage() {
        return Encoding.causeName(cause) + String.format(" (tval 0x%08x)", tval);
    }
}
