package vmsh.cpu;

/**
 * The hypervisor's hook into the hart: a trap that would enter HS-mode or M-mode goes to
 * the interceptor instead of a trap vector, so a hypervisor written in Java plays the
 * HS-mode trap handler. Traps the hart takes into VS-mode (delegated by hedeleg/hideleg)
 * never reach it: they stay inside the guest, as on hardware.
 *
 * <p>When it is called, the hart is exactly as the trap found it: privilege, V, registers
 * and CSRs untouched, {@code hart.pc} = {@code epc}. The interceptor handles the trap
 * (emulates the instruction and moves the pc on, injects a trap into the guest, fills a
 * page table, or asks the engine to stop) and leaves the hart where the guest goes on.
 * The engine ends its run chunk after every intercepted trap.
 */
@FunctionalInterface
public interface TrapInterceptor {
    /**
     * @param cause the exception code, or the interrupt code with bit 31 set
     * @param tval  what xtval would get (the faulting address or instruction word)
     * @param epc   the pc of the trapping instruction (or of the next one, for interrupts)
     * @param gpa   the guest-physical address of a guest-page fault (what htval would get,
     *              before the shift by 2), else -1
     * @param tinst what htinst would get: the transformed instruction of a faulting load or
     *              store, the pseudoinstruction of an implicit access, else 0 (see
     *              {@link TrapInstruction})
     */
    void trap(int cause, int tval, int epc, long gpa, int tinst);
}
