package vmsh.cpu;

/**
 * Simulated time: the one place where costs are charged. An instruction costs
 * {@link #CYCLES_PER_INSN}; taking a trap (exception or interrupt) costs {@link #TRAP_CYCLES} more (the pipeline
 * flush and the jump to the handler); a wfi that waits adds the cycles it waited. An
 * instruction costs exactly one cycle, so the engine can stop a run at the very
 * instruction where a timer deadline falls. Later cost-model entries (TLB misses, walk
 * references, VM exits) are added here.
 *
 * <p>The engine counts the instructions of a running chunk in a local variable and
 * commits them when the chunk ends; slow paths that read time in the middle of a chunk
 * first publish the local count with {@link #inFlight(int)}.
 */
public final class Clock implements vmsh.state.Stateful {
    public static final int CYCLES_PER_INSN = 1;
    public static final int TRAP_CYCLES = 4;

    private long executed;   // instructions executed in committed chunks, trapped ones included
    private long traps;      // exceptions taken (their instruction did not retire)
    private long interrupts; // interrupts taken (between instructions)
    private int inFlight;    // instructions executed so far in the running chunk
    private long idle;       // cycles skipped while waiting for an interrupt (wfi)

    /** Publishes how far the running chunk has got (before a mid-chunk read of time). */
    public void inFlight(int n) { inFlight = n; }

    /** How far the running chunk has got, as last published (0 between chunks). */
    public int inFlight() { return inFlight; }

    /** Ends a chunk of {@code n} executed instructions. */
    public void commit(int n) { executed += n; inFlight = 0; }

    /** Charges a trap; its instruction counts as executed but not retired. */
    public void chargeTrap() { traps++; }

    /** Charges taking an interrupt. */
    public void chargeInterrupt() { interrupts++; }

    /** The hart waits {@code cycles} for an interrupt (wfi skips ahead to the next timer event). */
    public void idle(long cycles) { idle += cycles; }

    /** Cycles spent waiting in wfi. */
    public long idleCycles() { return idle; }

    public long interrupts() { return interrupts; }

    /** Instructions executed (attempted), including those that trapped. */
    public long executed() { return executed + inFlight; }

    /** Instructions retired: executed minus those that trapped. */
    public long retired() { return executed() - traps; }

    public long traps() { return traps; }

    public long cycles() { return executed() * CYCLES_PER_INSN + (traps + interrupts) * TRAP_CYCLES + idle; }

    /** The counts behind simulated time (between chunks: nothing in flight). */
    @Override
    public void save(vmsh.state.StateOut out) {
        out.putLong(executed()).putLong(traps).putLong(interrupts).putLong(idle);
    }

    @Override
    public void restore(vmsh.state.StateIn in) {
        executed = in.getLong();
        traps = in.getLong();
        interrupts = in.getLong();
        idle = in.getLong();
        inFlight = 0;
    }
}
