package vmsh.board;

import java.util.function.Consumer;

/**
 * What a debugger drives: a bare machine's hart, or a VM's vCPU as its guest sees it. Hooks,
 * breakpoints and watchpoints (vmsh.debug) are written once against it. Addresses are the
 * target's own: a machine's virtual and physical addresses, a guest's virtual and
 * guest-physical ones.
 *
 * <p>The registers and the pc are live: during a run (in a hook) they are the running
 * hart's, between runs what the target will resume with.
 */
public interface Target {
    /** Runs at most {@code maxInsns} instructions: why it stopped (a monitor's stop is {@link StopReason#BREAK}). */
    RunResult run(long maxInsns);

    /** Asks a run to end soon (within one engine chunk); safe from any thread. */
    void requestStop();

    /** Forgets a stop asked for when nothing was running, so that the next run is not cut short by it. */
    void clearStopRequest();

    /** Instructions the target has retired in all. */
    long instructions();

    /** True while a replay re-runs history (hooks other than breakpoints and watchpoints keep quiet). */
    default boolean replaying() { return false; }

    int pc();

    void setPc(int pc);

    /** Register x{@code n}; x0 reads 0. */
    int reg(int n);

    /** Sets x{@code n}; writes to x0 are ignored. */
    void setReg(int n, int value);

    /** The privilege the target's software runs at now (0 U, 1 S, 3 M); a guest's, as it believes. */
    int privilege();

    /** True when CSR {@code number} exists for the target's software (a guest's: the CSRs its VMM gives it). */
    boolean hasCsr(int number);

    /** CSR {@code number} as the target's software would read it, without side effects; only for {@link #hasCsr}. */
    int csr(int number);

    /**
     * Writes CSR {@code number} as a debugger does: as a CSR instruction of the target's
     * software would (WARL rules), without its privilege checks; only for {@link #hasCsr}.
     * Throws with the reason when the target cannot make that write exactly.
     */
    void setCsr(int number, int value);

    /** Sets the privilege the target's software runs at (0 U, 1 S, 3 M), as a debugger does. */
    void setPrivilege(int privilege);

    /** The physical address virtual address {@code va} translates to now for {@code access} (vmsh.mmu.Access), or -1. */
    long physical(int va, int access);

    /** The same for an HLV/HSV's guest virtual address (both stages); targets without H: as {@link #physical}. */
    default long guestPhysical(int va, int access) { return physical(va, access); }

    /** {@code width} bytes at physical address {@code address}. */
    int read(int address, int width);

    /** Writes {@code width} bytes at physical address {@code address}, as a debugger does (decoded or translated code there is dropped). */
    void write(int address, int width, int value);

    /** True when {@code [address, address + width)} is RAM, which a debugger may read and write freely (a device register may not). */
    boolean isRam(long address, int width);

    /** The instruction word at virtual address {@code pc}, or null when it cannot be fetched. */
    Integer instructionAt(int pc);

    /** The debugger that watches the instructions it marks; null for none. Takes effect at once. */
    void setMonitor(Monitor monitor);

    /** The monitor's marks changed: decode again with them. */
    void refreshMarks();

    /** Calls {@code hook} after the target takes a trap or an interrupt. */
    void onTrap(Consumer<TrapEvent> hook);

    boolean removeTrapHook(Consumer<TrapEvent> hook);
}
