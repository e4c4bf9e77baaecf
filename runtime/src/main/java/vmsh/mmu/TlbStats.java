package vmsh.mmu;

/**
 * TLB counters: a snapshot of one TLB, or of the MMU's TLBs together. The counting rules:
 * <ul>
 * <li>{@code lookups}: one per translated access: every instruction fetch (the engine's
 *     fetch-page latch reports the fetches it served, {@link Mmu#fetchHits}), every load,
 *     every store/AMO (each {@link Mmu#translate} call, plus the hits the engine serves from
 *     its cached translations and reports with {@link Mmu#fastPathUsed}). A misaligned access
 *     looks up once per page it touches. Untranslated accesses (M-mode, Bare) do not look up.
 * <li>LRU order: an entry's recency is its last use, a fetch counting before the data
 *     accesses of the same instruction; the engine's late stamps keep this order exactly,
 *     so a run gives the same counters however it is split into steps.
 * <li>{@code hits}: a valid entry matched the address space and allowed the access as
 *     cached (a store also needs D set in every stage).
 * <li>{@code misses}: every other lookup; each one walks the page tables, and refills the
 *     TLB when the walk succeeds. lookups = hits + misses.
 * <li>{@code walkReferences}: PTE reads of those walks, every stage (a walk that faults
 *     counts the reads it made). Debugger views count nothing.
 * <li>{@code adUpdates}: PTE writes that set A or D (hardware A/D updating).
 * <li>{@code flushes}: sfence.vma, hfence.vvma and hfence.gvma instructions executed.
 * <li>{@code entriesFlushed}: valid entries those instructions removed.
 * <li>{@code evictions}: valid entries a refill replaced in a full set.
 * </ul>
 */
public record TlbStats(long lookups, long hits, long misses, long walkReferences, long adUpdates, long flushes,
                       long entriesFlushed, long evictions) {

    public static final TlbStats ZERO = new TlbStats(0, 0, 0, 0, 0, 0, 0, 0);

    /** Sums two TLBs' counters; {@code flushes} counts instructions, which flush both alike. */
    public TlbStats plus(TlbStats o) {
        return new TlbStats(lookups + o.lookups, hits + o.hits, misses + o.misses,
                walkReferences + o.walkReferences, adUpdates + o.adUpdates, Math.max(flushes, o.flushes),
                entriesFlushed + o.entriesFlushed, evictions + o.evictions);
    }

    /** Hits per lookup, 0 without lookups. */
    public double hitRate() { return lookups == 0 ? 0 : (double) hits / lookups; }

    /** Walk references per miss, 0 without misses. */
    public double referencesPerMiss() { return misses == 0 ? 0 : (double) walkReferences / misses; }

    @Override public String toString() {
        return String.format("lookups %d, hits %d, misses %d (hit rate %.2f%%), walk references %d, A/D updates %d, "
                        + "flushes %d, entries flushed %d, evictions %d",
                lookups, hits, misses, 100 * hitRate(), walkReferences, adUpdates, flushes, entriesFlushed, evictions);
    }
}
