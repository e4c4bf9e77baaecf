package vmsh.machine;

import vmsh.cpu.Cause;
import vmsh.cpu.Priv;

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
 */
public record TrapEvent(int code, boolean interrupt, int tval, int pc, int handler, int from, int to) {

    /** mcause/scause as the hart wrote it. */
    public int cause() { return interrupt ? code | Cause.INTERRUPT : code; }

    /** The spec's name: "load page fault", "supervisor timer interrupt", ... */
    public String name() { return interrupt ? Cause.interruptName(code) : Cause.name(code); }

    public boolean pageFault() {
        return !interrupt && (code == Cause.FETCH_PAGE_FAULT || code == Cause.LOAD_PAGE_FAULT || code == Cause.STORE_PAGE_FAULT);
    }

    @Override public String toString() {
        return String.format("%s (cause %d%s) at pc 0x%08x, tval 0x%08x: %s -> %s, handler 0x%08x", name(), code,
                interrupt ? ", interrupt" : "", pc, tval, Priv.name(from), Priv.name(to), handler);
    }
}
