package vmsh.shell.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;

/**
 * heatmap(pages): one cell per page, a letter per state, 64 pages a line with the first
 * page's index in front, and a legend with counts. On a terminal each state also gets a
 * background colour; piped, letters only. Pages are {state} objects (a pmap's rows) or
 * plain state strings.
 */
final class Heatmap {
    static final int PER_LINE = 64;

    /** The page states of a pmap (hostmem PageState) with fixed letters and ANSI colours; others get their own. */
    private static final Map<String, String[]> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put("private", new String[] {"P", "42"});      // green
        KNOWN.put("shared", new String[] {"S", "44"});       // blue
        KNOWN.put("zero", new String[] {"Z", "46"});         // cyan
        KNOWN.put("ballooned", new String[] {"B", "43"});    // yellow
        KNOWN.put("swapped", new String[] {"W", "41"});      // red
        KNOWN.put("unbacked", new String[] {".", "100"});    // grey
        KNOWN.put("free", new String[] {"_", "47"});         // white
    }

    private static final String[] SPARE_COLOURS = {"45", "101", "102", "103", "104", "105", "106"};

    private Heatmap() {}

    static Object global(ScriptHost host, Value[] a) {
        Value pages = Args.at(a, 0);
        if (pages == null || !pages.hasArrayElements())
            throw JsError.type("heatmap(pages): pages must be an array of {state} objects or state strings, got " + ValueFormat.inspect(pages));
        List<String> states = new ArrayList<>();
        for (long i = 0; i < pages.getArraySize(); i++) states.add(state(pages.getArrayElement(i), i));
        return new Rendered(host, render(states, host.colors()));
    }

    private static String state(Value v, long i) {
        if (v.isString()) return v.asString();
        if (v.hasMembers() && v.hasMember("state")) {
            Value s = v.getMember("state");
            if (s != null && s.isString()) return s.asString();
        }
        throw JsError.type("heatmap(pages): page " + i + " has no state: " + ValueFormat.inspect(v));
    }

    static String render(List<String> states, boolean colour) {
        Map<String, String[]> styles = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String s : states) {
            styles.computeIfAbsent(s, k -> style(k, styles));
            counts.merge(s, 1, Integer::sum);
        }
        StringBuilder b = new StringBuilder();
        int digits = Math.max(1, Long.toHexString(Math.max(0, states.size() - 1)).length());
        for (int i = 0; i < states.size(); i += PER_LINE) {
            b.append(String.format("%" + digits + "x ", i));
            for (int j = i; j < Math.min(states.size(), i + PER_LINE); j++) b.append(cell(styles.get(states.get(j)), colour));
            b.append('\n');
        }
        b.append(states.size()).append(" pages:");
        for (Map.Entry<String, Integer> e : counts.entrySet())
            b.append("  ").append(cell(styles.get(e.getKey()), colour)).append(' ').append(e.getKey()).append(' ').append(e.getValue());
        return b.toString();
    }

    private static String cell(String[] style, boolean colour) {
        return colour ? "\033[30;" + style[1] + "m" + style[0] + "\033[0m" : style[0];
    }

    /** A known state's letter and colour; another state gets its first free letter and a spare colour. */
    private static String[] style(String state, Map<String, String[]> taken) {
        String[] known = KNOWN.get(state.toLowerCase(java.util.Locale.ROOT));
        if (known != null) return known;
        String colour = SPARE_COLOURS[taken.size() % SPARE_COLOURS.length];
        for (char c : (state.toUpperCase(java.util.Locale.ROOT) + "ACDEFGHIJKLMNOQRTUVXY0123456789").toCharArray()) {
            String letter = String.valueOf(c);
            boolean used = taken.values().stream().anyMatch(s -> s[0].equals(letter))
                    || KNOWN.values().stream().anyMatch(s -> s[0].equals(letter));
            if (Character.isLetterOrDigit(c) && !used) return new String[] {letter, colour};
        }
        return new String[] {"?", colour};
    }
}
