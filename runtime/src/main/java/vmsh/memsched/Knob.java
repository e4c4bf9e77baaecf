package vmsh.memsched;

import java.util.List;
import java.util.Locale;

/**
 * The memory scheduler's knobs, one row each: the name scripts write, the unit, ESX's default,
 * the allowed range and a line of help. {@link MemSchedConfig} holds a value per row and checks
 * it against the row; hv.configure, help('knobs') and the README's knob list read the same rows.
 * A dotted name is a group member: {@code thresholds.high} is {@code thresholds: {high}} in
 * hv.configure. Times are simulated seconds.
 */
public enum Knob {
    IDLE_TAX("idleTax", Unit.FRACTION, 0.75, Range.closedOpen(0, 1),
            "tax rate τ on idle memory: an idle page costs 1/(1-τ) active ones (OSDI 2002 §5.2: \"defaults to 75%\")"),
    SAMPLE_PAGES("samplePages", Unit.PAGES, 100, Range.atLeast(0),
            "pages sampled per VM per period to estimate its active memory (§5.3)"),
    SAMPLE_PERIOD("samplePeriod", Unit.SECONDS, 30, Range.above(0), "length of a sampling period (§5.3)"),
    BALANCE_PERIOD("balancePeriod", Unit.SECONDS, 15, Range.above(0),
            "time between reallocations of memory targets (ESX Mem.BalancePeriod)"),
    SCAN_PER_VM("scanPerVm", Unit.PAGES_PER_SECOND, 50, Range.atLeast(0),
            "content-sharing scan rate of each VM (ESX Mem.ShareScanVM)"),
    SCAN_TOTAL("scanTotal", Unit.PAGES_PER_SECOND, 200, Range.atLeast(0),
            "content-sharing scan rate of all VMs together (ESX Mem.ShareScanTotal)"),
    HIGH_FREE("thresholds.high", Unit.FRACTION, 0.06, Range.closedOpen(0, 1),
            "free memory at which reclamation stops (§6.3: 6%, 4%, 2%, 1% of host memory)"),
    SOFT_FREE("thresholds.soft", Unit.FRACTION, 0.04, Range.closedOpen(0, 1),
            "free memory below which the host balloons VMs above their target"),
    HARD_FREE("thresholds.hard", Unit.FRACTION, 0.02, Range.closedOpen(0, 1),
            "free memory below which it also swaps them"),
    LOW_FREE("thresholds.low", Unit.FRACTION, 0.01, Range.closedOpen(0, 1),
            "free memory below which VMs above their target stall"),
    BALLOON_MAX("balloonMax", Unit.FRACTION, 0.65, Range.closed(0, 1),
            "largest balloon, as a fraction of VM memory (ESX Mem.CtlMaxPercent); 0: no ballooning"),
    SWAP("swap", Unit.BYTES, 64L << 30, Range.closed(0, 0x1p42),   // at most 2^30 slots of 4 KiB
            "swap space for the VMs' swap files, a datastore's (ESX sizes a VM's at power-on to max - min: admission needs the room, yet it costs nothing until pages are swapped)"),
    FAST_GAIN("fastGain", Unit.FRACTION, 0.5, Range.openClosed(0, 1),
            "weight of a new sample in the agile moving average of active memory (ours: the paper gives none)"),
    SLOW_GAIN("slowGain", Unit.FRACTION, 0.125, Range.openClosed(0, 1),
            "weight of a new sample in the stable moving average (ours)"),
    RECLAIM_POLICY("reclaim.policy", Reclaimers.POLICIES,
            "how memory is taken back as free memory falls (see the reclamation policies)"),
    RECLAIM_VICTIMS("reclaim.victims", Reclaimers.VICTIMS,
            "which VMs and which of their pages hypervisor swapping takes"),
    SUPERPAGE_SHARING("superpageSharing", PageSharing.SUPERPAGE_MODES,
            "whether the sharing scanner shares pages of promoted superpages (demoting them) or passes them by");

    /** What a knob's value measures; {@link #CHOICE} knobs take one of a list of names. */
    public enum Unit {
        FRACTION("fraction"), PAGES("pages"), SECONDS("seconds"), PAGES_PER_SECOND("pages/s"), BYTES("bytes"), CHOICE("name");

        public final String label;

        Unit(String label) { this.label = label; }
    }

    /** An interval of allowed values, each end open or closed. */
    public record Range(double min, boolean minClosed, double max, boolean maxClosed) {
        static Range closed(double min, double max) { return new Range(min, true, max, true); }

        static Range closedOpen(double min, double max) { return new Range(min, true, max, false); }

        static Range openClosed(double min, double max) { return new Range(min, false, max, true); }

        static Range atLeast(double min) { return new Range(min, true, Double.POSITIVE_INFINITY, false); }

        static Range above(double min) { return new Range(min, false, Double.POSITIVE_INFINITY, false); }

        public boolean contains(double v) {
            return (minClosed ? v >= min : v > min) && (maxClosed ? v <= max : v < max);
        }

        @Override public String toString() {
            if (max == Double.POSITIVE_INFINITY) return (minClosed ? ">= " : "> ") + format(min);
            return (minClosed ? "[" : "(") + format(min) + ", " + format(max) + (maxClosed ? "]" : ")");
        }
    }

    /** One name a {@link Unit#CHOICE} knob accepts, with a line of help. */
    public record Choice(String name, String help) {}

    private static final long PAGE = 4096;

    public final String name;
    public final Unit unit;
    public final String help;
    private final double defaultValue;
    private final Range range;
    private final List<Choice> choices;

    Knob(String name, Unit unit, double defaultValue, Range range, String help) {
        this(name, unit, defaultValue, range, List.of(), help);
    }

    /** A choice knob: its value is an index into {@code choices}; the first is the default. */
    Knob(String name, List<Choice> choices, String help) {
        this(name, Unit.CHOICE, 0, Range.closedOpen(0, choices.size()), choices, help);
    }

    Knob(String name, Unit unit, double defaultValue, Range range, List<Choice> choices, String help) {
        this.name = name;
        this.unit = unit;
        this.defaultValue = defaultValue;
        this.range = range;
        this.choices = choices;
        this.help = help;
    }

    /** The group a dotted name belongs to ({@code thresholds}), or null. */
    public String group() {
        int dot = name.indexOf('.');
        return dot < 0 ? null : name.substring(0, dot);
    }

    /** The name within its group ({@code high}), or the whole name. */
    public String member() { return name.substring(name.indexOf('.') + 1); }

    public boolean integral() { return unit == Unit.PAGES || unit == Unit.BYTES; }

    public Range range() { return range; }

    /** The names a choice knob accepts, the default first; empty for a numeric knob. */
    public List<Choice> choices() { return choices; }

    /** The default as scripts write it: a number, or a choice's name. */
    public String defaultText() { return text(defaultValue); }

    /** A value of this knob as scripts write it. */
    public String text(double value) {
        if (unit == Unit.CHOICE) return choices().get((int) value).name();
        return unit == Unit.BYTES ? size(value) : format(value);
    }

    /** The allowed values as scripts write them: "[0, 1]", "> 0", "[0, 4T]". */
    public String rangeText() {
        if (range.max == Double.POSITIVE_INFINITY) return (range.minClosed ? ">= " : "> ") + text(range.min);
        return (range.minClosed ? "[" : "(") + text(range.min) + ", " + text(range.max) + (range.maxClosed ? "]" : ")");
    }

    public double defaultValue() { return defaultValue; }

    /** {@code value} if this knob allows it; else an error naming the knob and the value. */
    double check(double value) {
        if (!range.contains(value))
            throw new IllegalArgumentException(name + " " + text(value) + " must be " + (range.max == Double.POSITIVE_INFINITY
                    ? rangeText() : "in " + rangeText()));
        if (integral() && value != Math.rint(value))
            throw new IllegalArgumentException(name + " " + format(value) + " must be a whole number of " + unit.label);
        if (unit == Unit.BYTES && value % PAGE != 0)
            throw new IllegalArgumentException(name + " " + format(value) + " must be a whole number of 4 KiB pages");
        return value;
    }

    /** The index of the choice called {@code choice}; else an error naming the knob, the value and the choices. */
    int indexOf(String choice) {
        List<Choice> all = choices();
        for (int i = 0; i < all.size(); i++) if (all.get(i).name().equals(choice)) return i;
        StringBuilder names = new StringBuilder();
        for (Choice c : all) names.append(names.isEmpty() ? "" : ", ").append(c.name());
        throw new IllegalArgumentException(name + " '" + choice + "' must be one of " + names);
    }

    /** The knob scripts call {@code name}, or null. */
    public static Knob named(String name) {
        for (Knob k : values()) if (k.name.equals(name)) return k;
        return null;
    }

    /** A size as scripts write it: 64G, 512M, 12K, or bytes. */
    static String size(double bytes) {
        long b = (long) bytes;
        if (b != bytes || b == 0) return format(bytes);
        for (int shift = 30; shift >= 10; shift -= 10)
            if (b % (1L << shift) == 0) return (b >> shift) + "GMK".substring(3 - shift / 10, 4 - shift / 10);
        return Long.toString(b);
    }

    /** A number as scripts write it: 30, 0.75, 1e-05. */
    public static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.valueOf(v).toLowerCase(Locale.ROOT);
    }
}
