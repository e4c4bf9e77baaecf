package vmsh.machine;

/**
 * Told about everything that reaches a machine from outside the guest: input for its
 * console, and changes a user, a script, a debugger or a hook makes to its registers, CSRs, privilege, pc
 * or memory, or
 * to the whole state (load, restore). A run's own execution is never reported. Outside a
 * run each call happens between instructions; inside one (from a hook) at the instruction
 * boundary {@link Machine#instructions()} says, before the run goes on.
 */
public interface InputObserver {
    /** A run is about to start. */
    void beforeRun();

    /** Bytes were queued for the guest to read from its console. */
    void consoleInput(byte[] bytes);

    /** The console's text was cleared. */
    void consoleCleared();

    /** Register {@code n} was set to {@code value}. */
    void registerWritten(int n, int value);

    /** CSR {@code number} was written with {@code value} (its WARL rules applied after). */
    void csrWritten(int number, int value);

    /** The privilege mode was set. */
    void privilegeWritten(int privilege);

    /** The pc was set. */
    void pcWritten(int value);

    /** Physical memory was written (1, 2 or 4 bytes; a device included). */
    void memoryWritten(int address, int width, int value);

    /** The whole state was replaced: an image loaded, a snapshot restored. */
    void replaced();
}
