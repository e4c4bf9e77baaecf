package vmsh.hv.sbi;

/**
 * What SBI calls reach in the VMM: the VM's console, its guest-physical memory, its vCPU's
 * virtual timer and its power. The hypervisor implements it per VM; tests fake it.
 */
public interface SbiEnvironment {
    /** The guest transmits one byte to its console. */
    void consoleWrite(int b);

    /** The next console input byte, or -1 when none waits. */
    int consoleRead();

    /** True when {@code [gpa, gpa + length)} is guest RAM. */
    boolean isGuestRam(long gpa, long length);

    /** Reads guest-physical memory (inside guest RAM, checked by the caller). */
    byte[] readGuest(long gpa, int length);

    /** Writes guest-physical memory (inside guest RAM, checked by the caller). */
    void writeGuest(long gpa, byte[] bytes);

    /** Programs the vCPU's supervisor timer for {@code time} (in ticks of the time CSR); clears a pending one. */
    void setTimer(long time);

    /** The guest asks to shut down ({@code type} 0) or reboot; {@code reason} becomes the exit code. */
    void systemReset(int type, int reason);

    /** The harts (vCPUs) of the machine, numbered from 0. */
    default int harts() { return 1; }

    /** SBI HSM hart_start: stopped hart {@code id} starts at {@code pc} with a1 = {@code opaque}; false when it is not stopped. */
    default boolean hartStart(int id, int pc, int opaque) { return false; }

    /** SBI HSM hart_stop: the calling hart stops for good. */
    default void hartStop() {}

    /** True when hart {@code id} has stopped. */
    default boolean hartStopped(int id) { return false; }

    /** True for a paravirtual guest: the VMM answers its hypercalls (EXT_VMSH), and probing finds them. */
    default boolean paravirtual() { return false; }

    /** The VM's block device (SBI VMSH_BLOCK), or null when it has no disk. */
    default BlockExtension block() { return null; }

    /** The VM's balloon (SBI VMSH_BALLOON), or null when it offers none. */
    default BalloonExtension balloon() { return null; }
}
