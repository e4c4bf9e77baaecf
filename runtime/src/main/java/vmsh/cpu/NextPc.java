package vmsh.cpu;

/**
 * What a step of the engine's slow paths returns besides the next pc: markers that are
 * never a pc (not 4-byte aligned).
 */
final class NextPc {
    private NextPc() {}

    /** The instruction ended the chunk (a CSR, fence.i or system instruction); the hart's pc is set. */
    static final int CHUNK_END = 1;
    /** The instruction raised a trap without throwing (see {@link Traps#raise}). */
    static final int TRAPPED = 3;
    /** A marked instruction its step leaves to the engine's slow step. */
    static final int SLOW_STEP = 5;
}
