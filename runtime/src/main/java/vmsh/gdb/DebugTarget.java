package vmsh.gdb;

/**
 * What the stub needs of the thing it debugs: one hart's registers and memory, running and
 * stopping it, breakpoints and watchpoints, going back in time, and monitor commands.
 * {@link BoardTarget} is one for every board target: a bare machine or a VM's vCPU.
 */
public interface DebugTarget {
    /** Integer register {@code n}, 0 to 31 (x0 reads 0). */
    int reg(int n);

    /** Sets integer register {@code n} (writes to x0 are ignored). */
    void setReg(int n, int value);

    int pc();

    void setPc(int pc);

    /** The privilege the hart runs in: 0 U, 1 S, 3 M. */
    int privilege();

    /** True when the CSR numbered {@code number} exists on this hart. */
    boolean hasCsr(int number);

    /** A CSR's value as a debugger sees it (no side effects); only for {@link #hasCsr}. */
    int csr(int number);

    /** Writes a CSR as a debugger does (WARL rules, no privilege checks); throws with the reason when it cannot. */
    void setCsr(int number, int value);

    /** Sets the privilege the hart runs in; throws with the reason when it cannot. */
    void setPrivilege(int privilege);

    /**
     * The byte at {@code address}, as the hart sees it now through the MMU, or physical;
     * -1 when nothing is there (no translation, no memory or device).
     */
    int readByte(int address, boolean physical);

    /** Writes a byte as {@link #readByte} reads it; false when nothing is there. */
    boolean writeByte(int address, boolean physical, int value);

    /** Executes one instruction ({@code step}) or runs until something stops it. */
    Stop resume(boolean step);

    /** Asks a {@link #resume} in progress to stop soon ({@link Stop.Kind#INTERRUPTED}); any thread. */
    void requestStop();

    /** Forgets a stop asked for when nothing was running. */
    void clearStopRequest();

    /** Sets a breakpoint or watchpoint; false when this target cannot. */
    boolean insert(Point point);

    /** Removes one set with {@link #insert}; false when it was not set. */
    boolean remove(Point point);

    /** True when the target keeps a history that {@link #reverseStep} and {@link #reverseContinue} go back in. */
    boolean reversible();

    /** Goes back one instruction ({@link Stop.Kind#OLDEST} without moving when at the oldest point). */
    Stop reverseStep();

    /** Goes back to the previous breakpoint or watchpoint hit, or to the oldest point. */
    Stop reverseContinue();

    /** Runs a monitor command of the tool that hosts the target and returns what it prints. */
    String monitor(String command);
}
