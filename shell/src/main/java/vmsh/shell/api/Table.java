package vmsh.shell.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.graalvm.polyglot.Value;

/**
 * table(rows): an array of objects (columns are their keys, in order of first appearance)
 * or of arrays (columns by position) as aligned text. Numbers are right-aligned and written
 * as JavaScript writes them (round them first to show fewer digits); columns whose name says
 * they hold addresses (va, pa, pc, addr, ...) are shown in hex.
 */
final class Table {
    /** Column names that hold addresses. */
    private static final Pattern ADDRESS = Pattern.compile(
            "(?i)(va|pa|gpa|hpa|gva|pc|epc|tval|handler|pte|end|base|from|to)|.*(addr|address)");
    private static final int MAX_ROWS = 1000;

    private Table() {}

    static Object global(ScriptHost host, Value[] a) {
        Value rows = Args.at(a, 0);
        if (rows == null || !rows.hasArrayElements())
            throw JsError.type("table(rows): rows must be an array of objects or arrays, got " + ValueFormat.inspect(rows));
        return new Rendered(host, render(rows));
    }

    static String render(Value rows) {
        List<String> columns = new ArrayList<>();
        List<Map<String, Value>> data = new ArrayList<>();
        long n = rows.getArraySize();
        for (long i = 0; i < Math.min(n, MAX_ROWS); i++) {
            Value row = rows.getArrayElement(i);
            Map<String, Value> cells = new LinkedHashMap<>();
            if (row.hasArrayElements()) {
                for (long j = 0; j < row.getArraySize(); j++) cells.put(String.valueOf(j), row.getArrayElement(j));
            } else if (row.hasMembers() && !row.isString()) {
                for (String k : row.getMemberKeys()) cells.put(k, row.getMember(k));
            } else {
                cells.put("value", row);
            }
            for (String k : cells.keySet()) if (!columns.contains(k)) columns.add(k);
            data.add(cells);
        }
        boolean positional = !columns.isEmpty() && columns.stream().allMatch(c -> c.matches("\\d+"));
        return layout(columns, data, positional) + (n > MAX_ROWS ? "\n... " + (n - MAX_ROWS) + " more rows" : "");
    }

    private static String layout(List<String> columns, List<Map<String, Value>> data, boolean positional) {
        int c = columns.size();
        String[][] text = new String[data.size()][c];
        boolean[] numeric = new boolean[c];
        int[] width = new int[c];
        for (int j = 0; j < c; j++) {
            String name = columns.get(j);
            boolean address = !positional && ADDRESS.matcher(name).matches();
            numeric[j] = true;
            width[j] = positional ? 0 : name.length();
            for (int i = 0; i < data.size(); i++) {
                Value v = data.get(i).get(name);
                text[i][j] = cell(v, address);
                if (v != null && !v.isNumber() && !v.isNull()) numeric[j] = false;
                width[j] = Math.max(width[j], text[i][j].length());
            }
        }
        StringBuilder b = new StringBuilder();
        if (!positional) {
            line(b, columns.toArray(String[]::new), width, numeric);
            String[] rule = new String[c];
            for (int j = 0; j < c; j++) rule[j] = "-".repeat(width[j]);
            line(b, rule, width, numeric);
        }
        for (String[] row : text) line(b, row, width, numeric);
        if (!b.isEmpty()) b.setLength(b.length() - 1);
        return b.toString();
    }

    private static void line(StringBuilder b, String[] cells, int[] width, boolean[] numeric) {
        StringBuilder l = new StringBuilder();
        for (int j = 0; j < cells.length; j++) {
            if (j > 0) l.append("  ");
            String pad = " ".repeat(width[j] - cells[j].length());
            l.append(numeric[j] ? pad + cells[j] : cells[j] + pad);
        }
        b.append(l.toString().stripTrailing()).append('\n');
    }

    private static String cell(Value v, boolean address) {
        if (v == null || v.isNull()) return "";
        if (v.isNumber() && address && v.fitsInLong()) {
            long n = v.asLong();
            return n < 0 ? String.valueOf(n) : String.format(n >>> 32 == 0 ? "0x%08x" : "0x%09x", n);
        }
        return ValueFormat.print(v);
    }
}
