package vmsh.debug;

/** What a hook watches. */
public enum HookKind {
    /** before each instruction whose pc is in the range */
    INSN("insn"),
    /** after each load (or AMO) whose virtual address range overlaps the range */
    READ("read"),
    /** after each store (or AMO, or successful sc.w) that overlaps the range */
    WRITE("write"),
    /** after the hart entered the handler of an exception */
    TRAP("trap"),
    /** after the hart entered the handler of an interrupt */
    INTERRUPT("interrupt"),
    /** before the instruction at an address: the run stops there */
    BREAK("break"),
    /** after an access that overlaps the range: the run stops there */
    WATCH("watch");

    public final String label;

    HookKind(String label) { this.label = label; }

    /** Instruction-level kinds the run stops before; the others look after an access or a trap. */
    boolean before() { return this == INSN || this == BREAK; }

    boolean access() { return this == READ || this == WRITE || this == WATCH; }

    @Override public String toString() { return label; }
}
