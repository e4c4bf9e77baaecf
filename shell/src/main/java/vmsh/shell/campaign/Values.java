package vmsh.shell.campaign;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parameter and result values as a sweep keeps them: numbers, strings, booleans, null and
 * lists and maps of those. A number is a {@link Long} when it is whole (JavaScript cannot
 * tell 1 from 1.0, so neither do run keys), else a {@link Double}.
 */
final class Values {
    /** Whole numbers up to 2^53 are exact in JavaScript. */
    private static final long EXACT = 1L << 53;
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern HEX = Pattern.compile("[+-]?0[xX][0-9a-fA-F]+");

    private Values() {}

    /** A value written on the command line or in a CSV cell: a number, true/false, or the text itself. */
    static Object parse(String text) {
        String s = text.strip();
        if (s.equals("true") || s.equals("false")) return Boolean.valueOf(s);
        if (HEX.matcher(s).matches()) {
            boolean negative = s.startsWith("-");
            long n = Long.parseLong(s.replaceFirst("^[+-]?0[xX]", ""), 16);
            return negative ? -n : n;
        }
        if (DECIMAL.matcher(s).matches()) return number(new BigDecimal(s));
        return text;
    }

    /** True when {@code text} reads as a number. */
    static boolean isNumber(String text) {
        String s = text.strip();
        return DECIMAL.matcher(s).matches() || HEX.matcher(s).matches();
    }

    static Object number(BigDecimal d) {
        BigDecimal whole = d.stripTrailingZeros();
        if (whole.scale() <= 0 && whole.abs().compareTo(BigDecimal.valueOf(EXACT)) <= 0) return whole.longValueExact();
        return d.doubleValue();
    }

    /**
     * Data read from JSON or given by a script in the sweep's form: Integer and other
     * numbers become Long or Double, non-finite numbers null (as JSON.stringify does).
     */
    static Object normalize(Object v) {
        if (v instanceof Double d) {
            if (!Double.isFinite(d)) return null;
            return d == Math.rint(d) && Math.abs(d) <= EXACT ? (Object) (long) (double) d : d;
        }
        if (v instanceof Float f) return normalize(f.doubleValue());
        if (v instanceof BigDecimal b) return number(b);
        if (v instanceof Number n) return n.longValue();
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put(String.valueOf(e.getKey()), normalize(e.getValue()));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(normalize(o));
            return out;
        }
        return v;
    }

    /** A value as JavaScript's String(v) writes it: 0.25, 1e+21, 3000000000, true; lists and maps as JSON. */
    static String text(Object v) {
        if (v == null) return "";
        if (v instanceof Double d) return number(d);
        if (v instanceof Map<?, ?> || v instanceof List<?>) return Records.json(v);
        return String.valueOf(v);
    }

    /** A double as JavaScript prints it: shortest digits, plain from 1e-6 up to 1e21, else with an exponent. */
    static String number(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
        if (d == 0) return "0";
        BigDecimal shortest = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        double abs = Math.abs(d);
        if (abs >= 1e-6 && abs < 1e21) return shortest.toPlainString();
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (d < 0 ? "-" : "") + mantissa + "e" + (exponent >= 0 ? "+" : "") + exponent;
    }

    /** A number rounded to four decimals for a table people read (full precision stays in CSV and JSON). */
    static String rounded(Object v) {
        if (!(v instanceof Double d) || !Double.isFinite(d)) return text(v);
        double abs = Math.abs(d);
        if (abs >= 1e15) return number(d);
        if (abs < 1e-4 && abs > 0) return number(new BigDecimal(d).round(new java.math.MathContext(4)).doubleValue());
        String s = new BigDecimal(d).setScale(4, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }
}
