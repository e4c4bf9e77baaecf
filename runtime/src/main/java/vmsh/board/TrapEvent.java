package vmsh.board;

import static vmsh.isa.Encoding.*;

import vmsh.isa.Encoding;

/**
 * A trap the hart took, as trap hooks see it (after the hart entered the handler).
 *
 * @param code      the exception or interrupt code (mcause without bit 31)
 * @param interrupt an interrupt (else a synchronous exception)
 * @param tval      mtval/stval (0 for interrupts)
 * @param pc        the trapping instruction (for an interrupt, the one it preempted)
 * @param handler   where the handler starts (the pc now)
 * @param from      the privilege before the trap (0 U, 1 S, 3 M)
 * @param to        the privilege of the handler
 * @param virt      the hart entered the handler in VS-mode (V=1, the H extension's way into a
 *                  guest): {@code from} and {@code to} are then VU/VS. A VMM that emulates trap
 *                  entry on a guest's virtual hart delivers to its virtual S or M, not VS.
 */
public record TrapEvent(int code, boolean interrupt, int tval, int pc, int handler, int from, int to, boolean virt) {
    /** A trap with V=0 on both sides. */
    public TrapEvent(int code, boolean interrupt, int tval, int pc, int handler, int from, int to) {
        this(code, interrupt, tval, pc, handler, from, to, false);
    }

    /** The privilege before the trap by name: U, S, M, or VU, VS. */
    public String fromName() { return (virt ? "V" : "") + Encoding.privilegeName(from); }

    /** The handler's privilege by name: U, S, M, or VS. */
    public String toName() { return (virt ? "V" : "") + Encoding.privilegeName(to); }

    /** mcause/scause as the hart wrote it. */
    public int cause() { return interrupt ? code | MCAUSE_INTERRUPT : code; }

    /** The spec's name: "load page fault", "supervisor timer interrupt", ... */
    public String name() { return interrupt ? Encoding.interruptName(code) : Encoding.causeName(code); }

    public boolean pageFault() {
        return !interrupt && (code == CAUSE_FETCH_PAGE_FAULT || code == CAUSE_LOAD_PAGE_FAULT || code == CAUSE_STORE_PAGE_FAULT);
    }

    @Override public String toString() {
        return String.format("%s (cause %d%s) at pc 0x%08x, tval 0x%08x: %s -> %s, handler 0x%08x", name(), code,
                interrupt ? ", interrupt" : "", pc, tval, fromName(), toName(), handler);
    }
}
