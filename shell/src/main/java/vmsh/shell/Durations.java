package vmsh.shell;

import java.util.Locale;

/**
 * Simulated durations as people write them, in cycles of the hosts' 1 GHz clock: '100us',
 * '1.5ms', '2s', '250ns', or a number of seconds.
 */
public final class Durations {
    private static final long HZ = 1_000_000_000L;

    private Durations() {}

    /** Cycles in {@code text}; throws IllegalArgumentException naming the text when it is not a duration. */
    public static long parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        double unit;
        String number;
        if (s.endsWith("ns")) { unit = 1e-9; number = s.substring(0, s.length() - 2); }
        else if (s.endsWith("us") || s.endsWith("µs")) { unit = 1e-6; number = s.substring(0, s.length() - 2); }
        else if (s.endsWith("ms")) { unit = 1e-3; number = s.substring(0, s.length() - 2); }
        else if (s.endsWith("s")) { unit = 1; number = s.substring(0, s.length() - 1); }
        else throw invalid(text);
        try {
            return seconds(Double.parseDouble(number.strip()) * unit, text);
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
    }

    /** Cycles in {@code s} seconds. */
    public static long seconds(double s, String text) {
        if (!(s >= 0) || s > 1e9) throw invalid(text);
        return Math.round(s * HZ);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid duration '" + text + "' (use e.g. '100us', '1.5ms', '2s', or a number of seconds)");
    }
}
