package vmsh.hostmem;

/**
 * A 64-bit hash of one 4 KiB page for content-based sharing. Four independent lanes
 * (the structure of xxHash64) each fold 8 bytes per step with one multiply and a rotate,
 * so the CPU overlaps the four multiply chains; a final avalanche mixes the lanes. A match
 * is only a hint: pages are compared byte for byte before they are shared.
 */
public final class PageHash {
    private static final long P1 = 0x9E3779B185EBCA87L, P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long M1 = 0xFF51AFD7ED558CCDL, M2 = 0xC4CEB9FE1A85EC53L;
    private static final long SEED = 0x5EED_0F_E5_0F_0D0L;

    /** The hash of an all-zero page. */
    public static final long ZERO = of(new int[MachineMemory.WORDS]);

    private PageHash() {}

    /** The hash of a page given as 1024 little-endian words. */
    public static long of(int[] w) {
        long a = SEED + P1, b = SEED ^ P2, c = SEED, d = SEED - P1;
        for (int i = 0; i + 7 < w.length; i += 8) {
            a = round(a, pair(w[i], w[i + 1]));
            b = round(b, pair(w[i + 2], w[i + 3]));
            c = round(c, pair(w[i + 4], w[i + 5]));
            d = round(d, pair(w[i + 6], w[i + 7]));
        }
        long h = Long.rotateLeft(a, 1) + Long.rotateLeft(b, 7) + Long.rotateLeft(c, 12) + Long.rotateLeft(d, 18);
        return avalanche(h ^ (w.length * 4L));
    }

    private static long pair(int lo, int hi) { return (lo & 0xFFFF_FFFFL) | (long) hi << 32; }

    /** One lane step: the rotate feeds high product bits back into the low ones. */
    private static long round(long acc, long v) { return Long.rotateLeft((acc ^ v) * P1, 29); }

    /** Every input bit affects every output bit (a 64-bit finalizer: xor-shift, multiply). */
    private static long avalanche(long h) {
        h ^= h >>> 33;
        h *= M1;
        h ^= h >>> 33;
        h *= M2;
        return h ^ h >>> 33;
    }
}
