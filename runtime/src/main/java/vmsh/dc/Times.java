package vmsh.dc;

import java.util.Locale;

/** Simulated times for people: cycles of the 1 GHz clock as seconds, milliseconds or microseconds. */
public final class Times {
    private Times() {}

    /** "1.250 s", "12.345 ms", "250.0 us", "800 ns". */
    public static String format(long cycles) {
        double ns = cycles * 1e9 / Cluster.CLOCK_HZ;
        if (Math.abs(ns) >= 1e9) return String.format(Locale.ROOT, "%.3f s", ns / 1e9);
        if (Math.abs(ns) >= 1e6) return String.format(Locale.ROOT, "%.3f ms", ns / 1e6);
        if (Math.abs(ns) >= 1e3) return String.format(Locale.ROOT, "%.1f us", ns / 1e3);
        return String.format(Locale.ROOT, "%d ns", Math.round(ns));
    }

    /** Cycles as milliseconds, rounded to microseconds (for tables). */
    public static double ms(long cycles) { return Math.round(cycles * 1e6 / Cluster.CLOCK_HZ) / 1e3; }
}
