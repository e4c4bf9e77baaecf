package vmsh.memsched;

import java.util.Map;

/**
 * The memory scheduler's settings: the seed every random choice derives from (sampled pages,
 * swap victims, scan order), and a value for each {@link Knob}, ESX's defaults unless changed.
 * Immutable: {@link #with} returns a copy, checked knob by knob and then as a whole.
 */
public final class MemSchedConfig {
    public static final MemSchedConfig DEFAULTS = new MemSchedConfig(1, defaults());

    private final long seed;
    private final double[] values;

    private MemSchedConfig(long seed, double[] values) {
        this.seed = seed;
        this.values = values;
        checkThresholds();
    }

    public long seed() { return seed; }

    /** The knobs' values as raw double bits, in knob order (for saved state). */
    public long[] knobBits() {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) bits[i] = Double.doubleToRawLongBits(values[i]);
        return bits;
    }

    /** This config with the knob values {@link #knobBits} gave. */
    public MemSchedConfig withKnobBits(long[] bits) {
        if (bits == null || bits.length != values.length)
            throw new vmsh.state.StateException("saved memory scheduler knobs: " + (bits == null ? 0 : bits.length) + " values, " + values.length + " knobs here");
        double[] v = new double[bits.length];
        for (int i = 0; i < bits.length; i++) v[i] = Double.longBitsToDouble(bits[i]);
        return new MemSchedConfig(seed, v);
    }

    public MemSchedConfig withSeed(long s) { return new MemSchedConfig(s, values); }

    /** A numeric knob's value (a choice knob's: the index of its choice). */
    public double get(Knob k) { return values[k.ordinal()]; }

    /** A choice knob's value: the name of its choice. */
    public String choice(Knob k) { return k.text(get(k)); }

    /** This config with one knob changed: a number, or a choice knob's name. */
    public MemSchedConfig with(Knob k, Object value) { return with(Map.of(k, value)); }

    /**
     * This config with several knobs changed at once (so that, e.g., thresholds can move past
     * each other): numbers, or names for choice knobs. An illegal value is an error naming
     * the knob and the value.
     */
    public MemSchedConfig with(Map<Knob, ?> changes) {
        double[] v = values.clone();
        for (Map.Entry<Knob, ?> e : changes.entrySet()) v[e.getKey().ordinal()] = value(e.getKey(), e.getValue());
        return new MemSchedConfig(seed, v);
    }

    private static double value(Knob k, Object value) {
        if (k.unit == Knob.Unit.CHOICE) {
            if (value instanceof String s) return k.indexOf(s);
            throw new IllegalArgumentException(k.name + " must be a name, got " + value);
        }
        if (value instanceof Number n) return k.check(n.doubleValue());
        throw new IllegalArgumentException(k.name + " must be a number, got " + value);
    }

    /** The free-memory states need their thresholds in order (ReclaimState). */
    private void checkThresholds() {
        double high = get(Knob.HIGH_FREE), soft = get(Knob.SOFT_FREE), hard = get(Knob.HARD_FREE), low = get(Knob.LOW_FREE);
        if (!(low <= hard && hard <= soft && soft <= high))
            throw new IllegalArgumentException("thresholds must satisfy low <= hard <= soft <= high, got high "
                    + Knob.format(high) + ", soft " + Knob.format(soft) + ", hard " + Knob.format(hard)
                    + ", low " + Knob.format(low));
    }

    private static double[] defaults() {
        double[] v = new double[Knob.values().length];
        for (Knob k : Knob.values()) v[k.ordinal()] = k.defaultValue();
        return v;
    }

    /** "seed 1, idleTax 0.75, ...": every knob as scripts write it. */
    @Override public String toString() {
        StringBuilder b = new StringBuilder("seed " + seed);
        for (Knob k : Knob.values()) b.append(", ").append(k.name).append(' ').append(k.text(get(k)));
        return b.toString();
    }
}
