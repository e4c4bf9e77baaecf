package vmsh.state;

import java.util.random.RandomGenerator;

/**
 * A seeded random generator whose state can be saved and restored: SplitMix64 with a gamma
 * (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014),
 * the algorithm of {@link java.util.SplittableRandom}, so the same seed gives the same
 * numbers as it does. Its state is two longs, the seed and the gamma.
 */
public final class SeededRandom implements RandomGenerator, Stateful {
    private static final long GOLDEN_GAMMA = 0x9e37_79b9_7f4a_7c15L;

    private long seed;
    private long gamma;

    public SeededRandom(long seed) { this(seed, GOLDEN_GAMMA); }

    private SeededRandom(long seed, long gamma) {
        this.seed = seed;
        this.gamma = gamma;
    }

    /** A new generator seeded from this one (this one moves on), as SplittableRandom.split does. */
    public SeededRandom split() { return new SeededRandom(nextLong(), mixGamma(nextSeed())); }

    @Override public long nextLong() { return mix64(nextSeed()); }

    @Override public int nextInt() { return mix32(nextSeed()); }

    private long nextSeed() { return seed += gamma; }

    /** The 64-bit finalizer of MurmurHash3, variant 13 (Stafford). */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58_476d_1ce4_e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d0_49bb_1331_11ebL;
        return z ^ (z >>> 31);
    }

    private static int mix32(long z) {
        z = (z ^ (z >>> 33)) * 0x62a9_d9ed_7997_05f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24_d0a5_c88c_35b3L) >>> 32);
    }

    /** An odd gamma with enough bit transitions for a split-off generator. */
    private static long mixGamma(long z) {
        z = (z ^ (z >>> 33)) * 0xff51_afd7_ed55_8ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ce_b9fe_1a85_ec53L;
        z = (z ^ (z >>> 33)) | 1L;
        int transitions = Long.bitCount(z ^ (z >>> 1));
        return transitions < 24 ? z ^ 0xaaaa_aaaa_aaaa_aaaaL : z;
    }

    @Override
    public void save(StateOut out) { out.putLong(seed).putLong(gamma); }

    @Override
    public void restore(StateIn in) {
        seed = in.getLong();
        gamma = in.getLong();
    }
}
