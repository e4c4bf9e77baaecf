package vmsh.memsched;

/**
 * Simulated time for the memory scheduler: cycles in, seconds out, at a fixed clock rate.
 * Nothing here reads the wall clock.
 */
public final class SimulatedTime implements vmsh.state.Stateful {
    /** Cycles per simulated second on a host: the 1 GHz core of the cost model. */
    public static final long CLOCK_HZ = 1_000_000_000L;

    private final long clockHz;
    private long cycles;

    public SimulatedTime(long clockHz) {
        if (clockHz <= 0) throw new IllegalArgumentException("clock rate " + clockHz + " Hz must be positive");
        this.clockHz = clockHz;
    }

    public long clockHz() { return clockHz; }

    /** Moves time forward by {@code delta} cycles. */
    public void advance(long delta) {
        if (delta < 0) throw new IllegalArgumentException("time cannot go back: " + delta + " cycles");
        cycles += delta;
    }

    public long cycles() { return cycles; }

    @Override public void save(vmsh.state.StateOut out) { out.putLong(cycles); }

    @Override public void restore(vmsh.state.StateIn in) { cycles = in.getLong(); }

    public double seconds() { return (double) cycles / clockHz; }

    /** Cycles in {@code s} simulated seconds. */
    public long cyclesIn(double s) { return Math.round(s * clockHz); }
}
