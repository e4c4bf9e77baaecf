package vmsh.gdb;

/**
 * Why the target stopped, as a stop reply tells gdb.
 *
 * @param kind    what stopped it
 * @param point   the breakpoint or watchpoint hit (for {@link Kind#HIT}), else null
 * @param address the data address a watchpoint saw accessed (for a watchpoint hit)
 * @param code    the exit code (for {@link Kind#EXITED})
 * @param message a line for gdb's console (faults, an idle guest), or empty
 */
public record Stop(Kind kind, Point point, int address, int code, String message) {
    public enum Kind {
        /** one instruction done, or stopped for another debugger reason (SIGTRAP) */
        TRAP,
        /** a breakpoint or watchpoint was hit */
        HIT,
        /** gdb's Ctrl-C, or a stop from outside (SIGINT) */
        INTERRUPTED,
        /** the guest ended itself */
        EXITED,
        /** the guest cannot go on (SIGSEGV) */
        FAULT,
        /** going back reached the oldest point of history */
        OLDEST
    }

    public static Stop trap(String message) { return new Stop(Kind.TRAP, null, 0, 0, message); }

    public static Stop hit(Point point, int address) { return new Stop(Kind.HIT, point, address, 0, ""); }

    public static Stop interrupted() { return new Stop(Kind.INTERRUPTED, null, 0, 0, ""); }

    public static Stop exited(int code) { return new Stop(Kind.EXITED, null, 0, code, ""); }

    public static Stop fault(String message) { return new Stop(Kind.FAULT, null, 0, 0, message); }

    public static Stop oldest(String message) { return new Stop(Kind.OLDEST, null, 0, 0, message); }

    /** Signal numbers of gdb's remote protocol. */
    static final int SIGINT = 2, SIGTRAP = 5, SIGSEGV = 11;

    /** The stop reply packet: T with the signal and what was hit, or W with the exit code. */
    String reply() {
        return switch (kind) {
            case EXITED -> String.format("W%02x", code & 0xff);
            case INTERRUPTED -> String.format("T%02x", SIGINT);
            case FAULT -> String.format("T%02x", SIGSEGV);
            case OLDEST -> String.format("T%02xreplaylog:begin;", SIGTRAP);
            case TRAP -> String.format("T%02x", SIGTRAP);
            case HIT -> point.type().breakpoint() ? String.format("T%02x%s:;", SIGTRAP, point.type().stopName())
                    : String.format("T%02x%s:%x;", SIGTRAP, point.type().stopName(), Integer.toUnsignedLong(address));
        };
    }
}
