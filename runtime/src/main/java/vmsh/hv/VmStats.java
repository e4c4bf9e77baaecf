package vmsh.hv;

import java.util.Map;

/**
 * A VM's counters, like {@code perf kvm stat} plus the TLB: the cycles are priced by the
 * cost model in force when the stats were taken.
 *
 * @param name           the VM
 * @param technique      its {@link Technique}'s label
 * @param insns          guest instructions executed (trapped ones included)
 * @param cycles         simulated cycles (see {@link CostModel})
 * @param exits          exits in total
 * @param callouts       calls of translated code into the VMM, which do an exit's work without one (bt; 0 otherwise)
 * @param exitsByReason  exits by reason label, every reason listed (zeros too), in a fixed order
 * @param guestTraps     traps the guest took natively (without the VMM): hw's delegated traps
 * @param tlbMisses      TLB misses while the VM ran (each one a walk)
 * @param walkReferences page-table memory references of those walks
 * @param idleCycles     cycles the vCPU skipped waiting in wfi
 */
public record VmStats(String name, String technique, long insns, long cycles, long exits, long callouts,
                      Map<String, Long> exitsByReason, long guestTraps, long tlbMisses, long walkReferences,
                      long idleCycles) {
    /** Walk references per TLB miss: 2 for Sv32 (or a shadow table), up to 8 for Sv32 over Sv32x4. */
    public double referencesPerMiss() { return tlbMisses == 0 ? 0 : (double) walkReferences / tlbMisses; }

    @Override public String toString() {
        StringBuilder b = new StringBuilder(String.format("%s (%s): %d insns, %d cycles, %d exits", name, technique,
                insns, cycles, exits));
        if (callouts > 0) b.append(String.format(" (and %d callouts)", callouts));
        exitsByReason.forEach((r, n) -> { if (n > 0) b.append(", ").append(r).append(' ').append(n); });
        b.append(String.format("; %d TLB misses, %d walk refs (%.2f per miss)", tlbMisses, walkReferences, referencesPerMiss()));
        return b.toString();
    }
}
