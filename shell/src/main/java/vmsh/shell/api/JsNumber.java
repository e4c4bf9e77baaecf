package vmsh.shell.api;

import java.math.BigDecimal;
import org.graalvm.polyglot.Value;

/**
 * Numbers as JavaScript writes them (ECMAScript Number::toString): {@code 2147483648},
 * {@code 0.1}, {@code 1e+21}, {@code 1e-7}, {@code 0} for -0. The one number format of
 * every output: print, the REPL's echo, table(), JSON, heat maps and plot labels.
 *
 * <p>The digits are the shortest that read back as the same double. Java's
 * {@link Double#toString} (JDK 19 and later) gives those, except that it never gives
 * fewer than two ({@code 4.9E-324} where JavaScript writes {@code 5e-324}); the one-digit
 * case is checked here.
 */
public final class JsNumber {
    /** Plain notation for exponents (the decimal point's position) from -6 through 21. */
    private static final int PLAIN_MIN = -5, PLAIN_MAX = 21;

    private JsNumber() {}

    /** A number of a script (any polyglot number: int, long, double, BigInt) as JavaScript prints it. */
    public static String format(Value v) {
        if (isBigInt(v)) return v.asBigInteger().toString();
        if (v.fitsInDouble()) return format(v.asDouble());
        if (v.fitsInLong()) return format((double) v.asLong());
        return v.toString();
    }

    /** True for a BigInt (10n): print shows its digits, the REPL adds the n. */
    public static boolean isBigInt(Value v) {
        Value meta = v.isNumber() ? v.getMetaObject() : null;
        return meta != null && "bigint".equals(meta.getMetaSimpleName());
    }

    public static String format(double x) {
        if (Double.isNaN(x)) return "NaN";
        if (x == 0) return "0";
        if (x < 0) return "-" + format(-x);
        if (Double.isInfinite(x)) return "Infinity";
        Decimal d = shortest(x);
        return layout(d.digits, d.point);
    }

    /** The decimal digits (no leading or trailing zeros) and the point's position: x = 0.digits * 10^point. */
    private record Decimal(String digits, int point) {}

    private static Decimal shortest(double x) {
        Decimal d = parse(Double.toString(x));
        if (d.digits.length() != 2) return d;
        Decimal best = null;
        int first = d.digits.charAt(0) - '0';
        for (int digit : new int[] {first, first + 1}) {
            Decimal one = digit == 10 ? new Decimal("1", d.point + 1) : new Decimal(String.valueOf(digit), d.point);
            if (Double.parseDouble(text(one)) == x && (best == null || closer(one, best, x))) best = one;
        }
        return best != null ? best : d;
    }

    private static boolean closer(Decimal a, Decimal b, double x) {
        BigDecimal exact = new BigDecimal(x);
        return new BigDecimal(text(a)).subtract(exact).abs().compareTo(new BigDecimal(text(b)).subtract(exact).abs()) < 0;
    }

    /** "0.digits E point", for parsing back. */
    private static String text(Decimal d) { return "0." + d.digits + "E" + d.point; }

    /** Java's "123.45", "1.0E-5" or "4.9E-324" as digits and point. */
    private static Decimal parse(String java) {
        int e = java.indexOf('E');
        String mantissa = e < 0 ? java : java.substring(0, e);
        int exponent = e < 0 ? 0 : Integer.parseInt(java.substring(e + 1));
        int dot = mantissa.indexOf('.');
        String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        int point = dot + exponent;
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') lead++;
        digits = digits.substring(lead);
        point -= lead;
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') end--;
        return new Decimal(digits.substring(0, end), point);
    }

    /** Number::toString's layout of digits s (k of them) with the point at n. */
    private static String layout(String s, int n) {
        int k = s.length();
        if (k <= n && n <= PLAIN_MAX) return s + "0".repeat(n - k);
        if (0 < n && n <= PLAIN_MAX) return s.substring(0, n) + "." + s.substring(n);
        if (PLAIN_MIN <= n && n <= 0) return "0." + "0".repeat(-n) + s;
        int e = n - 1;
        String exponent = (e < 0 ? "e-" : "e+") + Math.abs(e);
        return k == 1 ? s + exponent : s.charAt(0) + "." + s.substring(1) + exponent;
    }
}
