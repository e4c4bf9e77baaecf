package vmsh.machine;

import java.util.Map;
import vmsh.mmu.TlbStats;

/**
 * What the machine has done since power-on.
 *
 * @param insns      instructions executed (those that trapped included)
 * @param retired    instructions retired
 * @param cycles     simulated cycles (an instruction 1, a trap 4 more, wfi waits)
 * @param idleCycles cycles spent waiting in wfi
 * @param exceptions exceptions taken, by the spec's name, in cause order
 * @param interrupts interrupts taken, by the spec's name, in code order
 * @param tlb        the TLB counters (see {@link TlbStats} for the exact counting rules)
 */
public record MachineStats(long insns, long retired, long cycles, long idleCycles, Map<String, Long> exceptions,
                           Map<String, Long> interrupts, TlbStats tlb) {

    public long traps() { return exceptions.values().stream().mapToLong(Long::longValue).sum(); }

    @Override public String toString() {
        return String.format("insns %d, retired %d, cycles %d (idle %d)%n  exceptions %s%n  interrupts %s%n  tlb %s",
                insns, retired, cycles, idleCycles, exceptions, interrupts, tlb);
    }
}
