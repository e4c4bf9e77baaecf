package vmsh.hv;

import static vmsh.isa.Encoding.*;
import java.util.ArrayList;
import java.util.List;

/**
 * Exit accounting across levels for a nested VM (the host L0 runs a guest hypervisor L1,
 * which runs its own guest L2): every exit L0 takes is counted by the level that was on the
 * hart when it happened ({@link Level#L1} or {@link Level#L2}) and by who finished it: L0
 * alone, or L1 (an L2 exit reflected to L1 as the trap L1 expects, or a fault of L1's own
 * injected into it).
 *
 * <p>Turtles' exit multiplication: while L1 handles a reflected L2 exit it runs its own exit
 * handler, whose accesses to its (virtual) hypervisor CSRs, its SBI calls and its sret back
 * into L2 each exit to L0. Those L1 exits, from a reflection to the vm-entry that resumes
 * L2, are counted per reflection.
 */
public final class NestedExits {
    /** The level on the hart when an exit happened. */
    enum Level { L1, L2 }

    /** One row of the levels table: exits of {@code reason} caused at {@code level}, finished by {@code handledBy}. */
    public record Row(String level, String handledBy, String reason, long exits, long cycles) {}

    /**
     * The totals: L2 exits (reflected to L1 or handled by L0 alone), L1's own exits, and the
     * L1 exits of the reflections L1 resumed L2 after (the vm-entry included): their mean
     * is the exit multiplication.
     */
    public record Summary(long l2Exits, long reflected, long l2HandledByL0, long l1Exits, long l1ExitsHandlingReflections,
                   long reflectionsResumed, double multiplication, java.util.Map<String, Long> reflectedBy) {}

    private static final int L0 = 0, BY_L1 = 1;
    private final long[][][] counts = new long[2][2][ExitReason.ALL.length];
    private Level running = Level.L1;
    private boolean handling;
    private long current, handlingExits, resumed;
    /** Reflected L2 exits by the trap L1 took (its scause, named), in order of first appearance. */
    private final java.util.Map<String, Long> reflectedBy = new java.util.LinkedHashMap<>();

    /** The counts by level, handler and reason, the level on the hart, the reflection being handled, the reflections by trap. */
    void save(vmsh.state.StateOut out) {
        for (long[][] byHandler : counts) for (long[] byReason : byHandler) out.putLongs(byReason);
        out.putInt(running.ordinal()).putBoolean(handling).putLong(current).putLong(handlingExits).putLong(resumed);
        out.putInt(reflectedBy.size());
        reflectedBy.forEach((trap, n) -> out.putString(trap).putLong(n));
    }

    void restore(vmsh.state.StateIn in) {
        for (long[][] byHandler : counts) for (long[] byReason : byHandler) in.getLongs(byReason);
        int level = in.getInt();
        if (level < 0 || level >= Level.values().length) throw new vmsh.state.StateException("state section 'nested exits': level " + level);
        running = Level.values()[level];
        handling = in.getBoolean();
        current = in.getLong();
        handlingExits = in.getLong();
        resumed = in.getLong();
        reflectedBy.clear();
        for (int n = in.getInt(); n > 0; n--) reflectedBy.put(in.getString(), in.getLong());
    }

    /** An L2 exit is reflected to L1 as trap {@code cause} (scause; bit 31 for interrupts). */
    void reflected(int cause) {
        String name = cause < 0 ? vmsh.isa.Encoding.interruptName(cause & ~vmsh.isa.Encoding.MCAUSE_INTERRUPT) : vmsh.isa.Encoding.causeName(cause);
        reflectedBy.merge(name, 1L, Long::sum);
    }

    /** The level now on the hart. */
    Level running() { return running; }

    void running(Level level) { running = level; }

    /** Counts one exit of {@code reason} at the level on the hart. */
    void exit(ExitReason reason) {
        boolean byL1 = reason == ExitReason.REFLECT || running == Level.L1 && reason == ExitReason.GUEST_FAULT;
        counts[running.ordinal()][byL1 ? BY_L1 : L0][reason.ordinal()]++;
        if (running == Level.L2) {
            if (reason == ExitReason.REFLECT) handling = true;
            return;
        }
        if (!handling) return;
        current++;
        if (reason == ExitReason.VM_ENTRY) {
            handling = false;
            handlingExits += current;
            current = 0;
            resumed++;
        }
    }

    /** The non-zero rows, L2 before L1, L0's before L1's, reasons in their order; cycles priced by {@code costs}. */
    List<Row> rows(CostModel costs) {
        List<Row> rows = new ArrayList<>();
        for (Level level : new Level[] {Level.L2, Level.L1})
            for (int by = L0; by <= BY_L1; by++)
                for (ExitReason r : ExitReason.ALL) {
                    long n = counts[level.ordinal()][by][r.ordinal()];
                    if (n > 0) rows.add(new Row(level.name(), by == L0 ? "L0" : "L1", r.label(), n, n * costs.exit(r)));
                }
        return rows;
    }

    Summary summary() {
        long l2ByL0 = total(Level.L2, L0), reflected = total(Level.L2, BY_L1);
        long l1 = total(Level.L1, L0) + total(Level.L1, BY_L1);
        return new Summary(l2ByL0 + reflected, reflected, l2ByL0, l1, handlingExits, resumed,
                resumed == 0 ? 0 : Math.round(100.0 * handlingExits / resumed) / 100.0, java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(reflectedBy)));
    }

    private long total(Level level, int by) {
        long n = 0;
        for (long c : counts[level.ordinal()][by]) n += c;
        return n;
    }
}
