package vmsh.cpu;

/**
 * Told about every trap the hart takes, after it has entered the handler. The engine
 * calls it only when one is registered, so trap paths cost nothing more without one.
 */
@FunctionalInterface
public interface TrapListener {
    /**
     * @param cause  mcause/scause: the exception code, or the interrupt code with bit 31 set
     * @param tval   mtval/stval (0 for interrupts)
     * @param epc    the pc of the trapping instruction (or of the next one, for interrupts)
     * @param from   the privilege before the trap (Encoding.PRV_U, PRV_S or PRV_M)
     * @param to     the privilege of the handler
     */
    void trapTaken(int cause, int tval, int epc, int from, int to);
}
