package vmsh.shell;

import java.util.Locale;

/** Memory sizes as people write them: 64M, 1G, 16K, 4096, 0x1000. */
public final class Sizes {
    private Sizes() {}

    /** Bytes in {@code text}; throws IllegalArgumentException naming the text when it is not a size. */
    public static long parse(String text) {
        String s = text.strip().toUpperCase(Locale.ROOT);
        try {
            if (s.startsWith("0X")) return checked(text, Long.parseLong(s.substring(2), 16));
            int shift = switch (s.isEmpty() ? ' ' : s.charAt(s.length() - 1)) {
                case 'K' -> 10;
                case 'M' -> 20;
                case 'G' -> 30;
                default -> 0;
            };
            String digits = shift == 0 ? s : s.substring(0, s.length() - 1);
            long n = Long.parseLong(digits);
            if (n > (Long.MAX_VALUE >> shift)) throw new NumberFormatException();
            return checked(text, n << shift);
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
    }

    /** 64M, 1G, 16K or plain bytes: the shortest exact form. */
    public static String format(long bytes) {
        if (bytes != 0 && bytes % (1L << 30) == 0) return (bytes >> 30) + "G";
        if (bytes != 0 && bytes % (1L << 20) == 0) return (bytes >> 20) + "M";
        if (bytes != 0 && bytes % (1L << 10) == 0) return (bytes >> 10) + "K";
        return Long.toString(bytes);
    }

    private static long checked(String text, long n) {
        if (n <= 0) throw invalid(text);
        return n;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid size '" + text + "' (use e.g. 64M, 1G, 4096)");
    }
}
