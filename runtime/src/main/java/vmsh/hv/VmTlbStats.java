package vmsh.hv;

import vmsh.hostmem.SuperpageStats;

/**
 * A VM's TLB and superpages: what its guest cost the host TLB, and how its memory is mapped.
 *
 * @param lookups        host TLB lookups while the VM ran
 * @param misses         of them, misses (each one a walk)
 * @param walkReferences page-table memory references of those walks
 * @param megapages      4 MiB mappings in the VMM's tables now (G-stage or shadow megapages)
 * @param superpages     the pmap's superpages (reservations, promotions, demotions), all zero
 *                       for a VM without {@code superpages: 'reserve'}
 */
public record VmTlbStats(long lookups, long misses, long walkReferences, int megapages, SuperpageStats superpages) {
    /** Walk references per miss: 2 for Sv32 or a shadow table, 8 for Sv32 over Sv32x4, fewer over megapages. */
    public double referencesPerMiss() { return misses == 0 ? 0 : (double) walkReferences / misses; }

    /** Misses per thousand lookups. */
    public double missesPerThousand() { return lookups == 0 ? 0 : 1000.0 * misses / lookups; }
}
