package vmsh.shell.campaign;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import vmsh.shell.ExitCode;
import vmsh.shell.VmshException;

/**
 * One swept parameter, from {@code --param name=VALUES}: a name and its values in order.
 * VALUES is a comma-separated list whose items are values ({@code 0.25}, {@code hw}, {@code
 * true}) or ranges: {@code 1..20} (whole numbers, both ends included), {@code 0..1:0.25} (a
 * step; decimal steps are exact, 0.1 stays 0.1) and {@code 10..1} (counting down).
 */
record ParamAxis(String name, List<Object> values) {
    /** At most this many values from one range: a typo should not build a billion runs. */
    static final int MAX_VALUES = 1_000_000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    private static final Pattern RANGE = Pattern.compile("(.+?)\\.\\.(.+?)(?::(.+))?");

    static ParamAxis parse(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) throw bad(text, "write NAME=VALUES, e.g. tau=0,0.25,0.5 or seed=1..20");
        String name = text.substring(0, eq).strip();
        checkName(name, "--param " + text);
        String spec = text.substring(eq + 1);
        if (spec.isBlank()) throw bad(text, "no values after '='");
        List<Object> values = new ArrayList<>();
        for (String item : spec.split(",", -1)) {
            if (item.isBlank()) throw bad(text, "an empty value between commas");
            values.addAll(item(item.strip(), text));
            if (values.size() > MAX_VALUES) throw bad(text, "more than " + MAX_VALUES + " values");
        }
        return new ParamAxis(name, List.copyOf(values));
    }

    /** Parameter names are JavaScript identifiers: the script reads params.NAME. */
    static void checkName(String name, String where) {
        if (!NAME.matcher(name).matches())
            throw new VmshException(ExitCode.USAGE, where + ": '" + name + "' is not a parameter name (letters, digits, _ and $; not starting with a digit)");
    }

    private static List<Object> item(String item, String text) {
        var m = RANGE.matcher(item);
        boolean numbers = m.matches() && Values.isNumber(m.group(1)) && Values.isNumber(m.group(2));
        if (!numbers && item.contains("..") && (item.startsWith("..") || item.endsWith("..") || Values.isNumber(item.split("\\.\\.", 2)[0])))
            throw bad(text, "'" + item + "' is not a range (write FROM..TO or FROM..TO:STEP)");
        if (!numbers) return List.of(Values.parse(item));
        BigDecimal from = decimal(m.group(1), text), to = decimal(m.group(2), text);
        BigDecimal step = m.group(3) == null ? BigDecimal.ONE : decimal(m.group(3), text).abs();
        if (step.signum() == 0) throw bad(text, "a range's step must not be 0");
        BigDecimal count = to.subtract(from).abs().divide(step, 0, RoundingMode.FLOOR).add(BigDecimal.ONE);
        if (count.compareTo(BigDecimal.valueOf(MAX_VALUES)) > 0) throw bad(text, "'" + item + "' has " + count + " values (at most " + MAX_VALUES + ")");
        if (from.compareTo(to) > 0) step = step.negate();
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < count.intValue(); i++) values.add(Values.number(from.add(step.multiply(BigDecimal.valueOf(i)))));
        return values;
    }

    private static BigDecimal decimal(String s, String text) {
        Object n = Values.parse(s);
        if (n instanceof Long l) return BigDecimal.valueOf(l);
        if (n instanceof Double) return new BigDecimal(s.strip());
        throw bad(text, "'" + s + "' is not a number");
    }

    private static VmshException bad(String text, String why) {
        return new VmshException(ExitCode.USAGE, "--param " + text + ": " + why);
    }
}
