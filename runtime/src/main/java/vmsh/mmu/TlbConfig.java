package vmsh.mmu;

/**
 * The shape of the modelled TLB.
 *
 * @param entries     entries per TLB (a power of two)
 * @param ways        associativity (a power of two dividing {@code entries}): 1 is
 *                    direct-mapped, {@code ways == entries} fully associative
 * @param split       separate instruction and data TLBs of {@code entries} each, or one unified
 * @param replacement victim choice in a full set
 * @param seed        seed of the random replacement (the data TLB of a split pair uses seed + 1)
 */
public record TlbConfig(int entries, int ways, boolean split, Replacement replacement, long seed) {
    public enum Replacement { LRU, RANDOM }

    /** The largest TLB the model accepts. */
    public static final int MAX_ENTRIES = 1 << 16;

    /**
     * 32 entries, 4-way, split, LRU: the size of a small in-order core's L1 TLBs (Rocket's
     * are 32 entries). Its reach is 128 KiB per TLB, so a small kernel fits while a guest
     * striding over a few hundred KiB misses visibly; 4 ways keep a lookup to a 4-step loop
     * and still show conflict misses that a fully associative TLB would not.
     */
    public static final TlbConfig DEFAULT = new TlbConfig(32, 4, true, Replacement.LRU, 1);

    public TlbConfig {
        if (entries < 1 || entries > MAX_ENTRIES || Integer.bitCount(entries) != 1)
            throw new IllegalArgumentException("TLB entries " + entries + " must be a power of two from 1 to " + MAX_ENTRIES);
        if (ways < 1 || Integer.bitCount(ways) != 1)
            throw new IllegalArgumentException("TLB ways " + ways + " must be a power of two");
        if (ways > entries)
            throw new IllegalArgumentException("TLB ways " + ways + " must not exceed the entries (" + entries + ")");
        if (replacement == null) throw new IllegalArgumentException("TLB replacement must be LRU or RANDOM, not null");
    }

    public TlbConfig(int entries, int ways) { this(entries, ways, DEFAULT.split, DEFAULT.replacement, DEFAULT.seed); }

    public int sets() { return entries / ways; }

    public TlbConfig withSplit(boolean split) { return new TlbConfig(entries, ways, split, replacement, seed); }

    public TlbConfig withReplacement(Replacement r, long seed) { return new TlbConfig(entries, ways, split, r, seed); }

    /** Parses "lru" or "random" (any case). */
    public static Replacement replacement(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "lru" -> Replacement.LRU;
            case "random" -> Replacement.RANDOM;
            default -> throw new IllegalArgumentException("TLB replacement '" + name + "' must be lru or random");
        };
    }
}
