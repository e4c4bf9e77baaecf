package vmsh.shell;

import java.util.Locale;

/** Link bandwidths as people write them, in bits per second: '1Gbit', '100Mbit', '64kbit', or a number of bits per second. */
public final class Bandwidths {
    private Bandwidths() {}

    /** Bits per second in {@code text}; throws IllegalArgumentException naming the text when it is not a bandwidth. */
    public static long parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT).replace("bit/s", "bit").replace("bps", "bit");
        if (!s.endsWith("bit")) throw invalid(text);
        s = s.substring(0, s.length() - 3).strip();
        double unit = 1;
        if (s.endsWith("k")) unit = 1e3;
        else if (s.endsWith("m")) unit = 1e6;
        else if (s.endsWith("g")) unit = 1e9;
        if (unit > 1) s = s.substring(0, s.length() - 1);
        try {
            double bits = Double.parseDouble(s.strip()) * unit;
            if (!(bits >= 1) || bits > 1e15) throw invalid(text);
            return Math.round(bits);
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
    }

    /** "1 Gbit/s", "100 Mbit/s", "2.5 Gbit/s". */
    public static String format(long bps) {
        if (bps >= 1_000_000_000L) return trim(bps / 1e9) + " Gbit/s";
        if (bps >= 1_000_000L) return trim(bps / 1e6) + " Mbit/s";
        if (bps >= 1_000L) return trim(bps / 1e3) + " kbit/s";
        return bps + " bit/s";
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid bandwidth '" + text + "' (use e.g. '1Gbit', '100Mbit', or a number of bits per second)");
    }
}
