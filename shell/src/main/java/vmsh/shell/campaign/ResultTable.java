package vmsh.shell.campaign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collected results as a table of values, written three ways: CSV (full precision), JSON
 * (an array of objects, one per line) and aligned text for the terminal (numbers
 * right-aligned and rounded to four decimals). The same rows give the same bytes.
 */
record ResultTable(List<String> columns, List<List<Object>> rows) {

    String csv() {
        StringBuilder b = new StringBuilder(Csv.line(columns));
        for (List<Object> row : rows) b.append(Csv.line(row.stream().map(Values::text).toList()));
        return b.toString();
    }

    String json() {
        StringBuilder b = new StringBuilder("[");
        List<Map<String, Object>> maps = maps();
        for (int i = 0; i < maps.size(); i++) b.append(i == 0 ? "\n  " : ",\n  ").append(Records.json(maps.get(i)));
        return b.append(rows.isEmpty() ? "]\n" : "\n]\n").toString();
    }

    /** The rows as objects: column name to value, in column order. */
    List<Map<String, Object>> maps() {
        List<Map<String, Object>> maps = new ArrayList<>();
        for (List<Object> row : rows) {
            Map<String, Object> o = new LinkedHashMap<>();
            for (int j = 0; j < columns.size(); j++) o.put(columns.get(j), row.get(j));
            maps.add(o);
        }
        return maps;
    }

    String text() {
        int n = columns.size();
        List<String[]> cells = new ArrayList<>();
        boolean[] numeric = new boolean[n];
        int[] width = new int[n];
        for (int j = 0; j < n; j++) {
            numeric[j] = true;
            width[j] = columns.get(j).length();
        }
        for (List<Object> row : rows) {
            String[] line = new String[n];
            for (int j = 0; j < n; j++) {
                Object v = row.get(j);
                line[j] = Status.firstLine(Values.rounded(v));
                if (v != null && !(v instanceof Number)) numeric[j] = false;
                width[j] = Math.max(width[j], line[j].length());
            }
            cells.add(line);
        }
        StringBuilder b = new StringBuilder();
        line(b, columns.toArray(String[]::new), width, numeric);
        String[] rule = new String[n];
        for (int j = 0; j < n; j++) rule[j] = "-".repeat(width[j]);
        line(b, rule, width, numeric);
        for (String[] row : cells) line(b, row, width, numeric);
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

    /**
     * One row per finished run, in grid order: the parameters, the exit status, the result's
     * fields (a field named like a parameter becomes result.NAME), instructions and the error.
     */
    static ResultTable runs(Collected c) {
        List<String> resultNames = new ArrayList<>();
        for (Collected.Entry e : c.finished())
            for (String k : e.record().result().keySet()) if (!resultNames.contains(k)) resultNames.add(k);
        List<String> columns = new ArrayList<>(c.parameters());
        columns.add("exit");
        for (String k : resultNames) columns.add(c.parameters().contains(k) || k.equals("exit") || k.equals("insns") || k.equals("error") ? "result." + k : k);
        columns.add("insns");
        columns.add("error");
        List<List<Object>> rows = new ArrayList<>();
        for (Collected.Entry e : c.finished()) {
            List<Object> row = new ArrayList<>();
            for (String p : c.parameters()) row.add(e.point().params().get(p));
            row.add((long) e.record().exit());
            for (String k : resultNames) row.add(e.record().result().get(k));
            row.add(e.record().insns());
            row.add(e.record().error());
            rows.add(row);
        }
        return new ResultTable(List.copyOf(columns), List.copyOf(rows));
    }
}
