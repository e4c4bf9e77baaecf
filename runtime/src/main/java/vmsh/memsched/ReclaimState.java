package vmsh.memsched;

/**
 * The host's free-memory state (Waldspurger, OSDI 2002, §6.3), from the thresholds high,
 * soft, hard and low (6%, 4%, 2%, 1% of host memory by default).
 *
 * <pre>
 *   HIGH  enough free memory: no reclamation
 *   SOFT  balloon VMs toward their targets; swap only VMs that cannot be ballooned
 *   HARD  swap as well, to reclaim at once
 *   LOW   keep swapping, and stall VMs above their target until memory is freed
 * </pre>
 *
 * The state drops as soon as free memory falls below the lower state's threshold (below
 * soft: SOFT, below hard: HARD, below low: LOW), and climbs past a state only when free
 * memory reaches the threshold above that state's own (SOFT back to HIGH at high, HARD to
 * SOFT at soft, LOW to HARD at hard). The gap is the paper's hysteresis, and it makes
 * reclamation drive free memory back above the high threshold.
 */
public enum ReclaimState {
    HIGH, SOFT, HARD, LOW;

    /** The state after this one, with {@code free} of {@code total} frames free. */
    public ReclaimState next(long free, long total, MemSchedConfig c) {
        double x = (double) free / total;
        ReclaimState fallen = x < c.get(Knob.LOW_FREE) ? LOW : x < c.get(Knob.HARD_FREE) ? HARD : x < c.get(Knob.SOFT_FREE) ? SOFT : HIGH;
        if (fallen.ordinal() > ordinal()) return fallen;
        ReclaimState s = this;
        while (s != HIGH && x >= s.exitThreshold(c)) s = ALL[s.ordinal() - 1];
        return s;
    }

    /** Free fraction at which this state gives way to the one above. */
    private double exitThreshold(MemSchedConfig c) {
        return switch (this) {
            case HIGH -> 0;
            case SOFT -> c.get(Knob.HIGH_FREE);
            case HARD -> c.get(Knob.SOFT_FREE);
            case LOW -> c.get(Knob.HARD_FREE);
        };
    }

    private static final ReclaimState[] ALL = values();
}
