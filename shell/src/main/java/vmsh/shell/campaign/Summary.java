package vmsh.shell.campaign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vmsh.shell.ExitCode;
import vmsh.shell.VmshException;

/**
 * Mean and spread over replicates: runs that differ only in a replicate parameter (the
 * seed, or those named by --over) fall into one cell; each cell is a series (the --group
 * parameters) and an x value (--x). For every --y field a cell has its mean, sample standard
 * deviation, minimum and maximum over its successful runs. Cells and series keep grid order.
 *
 * @param x      the x parameter, or null
 * @param groups the series parameters
 * @param ys     the result fields summarised
 * @param over   the replicate parameters
 * @param cells  one per (series, x), in grid order
 * @param left   runs left out: failed, or without a number for some y
 */
record Summary(String x, List<String> groups, List<String> ys, List<String> over, List<Cell> cells, int left) {

    /** One (series, x) cell: its parameter values and the statistics of each y. */
    record Cell(Map<String, Object> key, int runs, Map<String, Stats> stats) {
        String series() {
            StringBuilder b = new StringBuilder();
            key.forEach((k, v) -> {
                if (!k.equals(SERIES_X)) b.append(b.isEmpty() ? "" : " ").append(k).append('=').append(Values.text(v));
            });
            return b.toString();
        }
    }

    /** Statistics of one y in one cell; mean and spread are NaN when no run gave a number. */
    record Stats(int n, double mean, double sd, double min, double max) {
        static Stats of(List<Double> v) {
            int n = v.size();
            if (n == 0) return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (double d : v) {
                sum += d;
                min = Math.min(min, d);
                max = Math.max(max, d);
            }
            double mean = min == max ? min : sum / n, squares = 0;   // equal values: exactly that value, spread 0
            for (double d : v) squares += (d - mean) * (d - mean);
            return new Stats(n, mean, n > 1 ? Math.sqrt(squares / (n - 1)) : 0, min, max);
        }
    }

    /** The key a cell's x value has in {@link Cell#key} (parameter names cannot contain a space). */
    private static final String SERIES_X = " x";

    static Summary of(Collected c, String x, List<String> groupsGiven, List<String> ys, List<String> over) {
        for (String name : concat(x == null ? List.of() : List.of(x), groupsGiven, over))
            if (!c.parameters().contains(name))
                throw new VmshException(ExitCode.USAGE, "'" + name + "' is not a parameter of this sweep (its parameters: " + String.join(", ", c.parameters()) + ")");
        List<Collected.Entry> ok = c.finished().stream().filter(Collected.Entry::done).toList();
        Set<String> varying = varying(c.parameters(), ok);
        List<String> groups = new ArrayList<>(groupsGiven);
        for (String p : c.parameters()) {
            boolean placed = p.equals(x) || groups.contains(p) || over.contains(p);
            if (placed || !varying.contains(p)) continue;
            if (!groupsGiven.isEmpty())
                throw new VmshException(ExitCode.USAGE, "parameter '" + p + "' varies too: name it in --group or --over");
            groups.add(p);
        }
        Map<Map<String, Object>, Map<Map<String, Object>, List<Collected.Entry>>> bySeries = new LinkedHashMap<>();
        for (Collected.Entry e : ok) {
            Map<String, Object> series = new LinkedHashMap<>();
            for (String g : groups) series.put(g, e.point().params().get(g));
            Map<String, Object> key = new LinkedHashMap<>(series);
            if (x != null) key.put(SERIES_X, e.point().params().get(x));
            bySeries.computeIfAbsent(series, k -> new LinkedHashMap<>()).computeIfAbsent(key, k -> new ArrayList<>()).add(e);
        }
        Map<Map<String, Object>, List<Collected.Entry>> byCell = new LinkedHashMap<>();
        bySeries.values().forEach(byCell::putAll);   // a series' cells together, each series and x in grid order
        List<Cell> cells = new ArrayList<>();
        int left = c.finished().size() - ok.size();
        for (Map.Entry<Map<String, Object>, List<Collected.Entry>> cell : byCell.entrySet()) {
            Map<String, Stats> stats = new LinkedHashMap<>();
            for (String y : ys) {
                List<Double> values = new ArrayList<>();
                for (Collected.Entry e : cell.getValue()) {
                    Object v = y.equals("insns") && !e.record().result().containsKey(y) ? (Object) e.record().insns() : e.record().result().get(y);
                    if (v instanceof Number n) values.add(n.doubleValue());
                }
                left += cell.getValue().size() - values.size();
                stats.put(y, Stats.of(values));
            }
            cells.add(new Cell(cell.getKey(), cell.getValue().size(), stats));
        }
        return new Summary(x, List.copyOf(groups), List.copyOf(ys), List.copyOf(over), List.copyOf(cells), left);
    }

    private static Set<String> varying(List<String> parameters, List<Collected.Entry> entries) {
        Set<String> varying = new LinkedHashSet<>();
        for (String p : parameters) {
            Set<Object> seen = new java.util.HashSet<>();
            for (Collected.Entry e : entries) seen.add(e.point().params().get(p));
            if (seen.size() > 1) varying.add(p);
        }
        return varying;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> l : lists) all.addAll(l);
        return all;
    }

    /** The x value of a cell, or null without --x. */
    Object x(Cell cell) { return cell.key().get(SERIES_X); }

    /** Columns: the series parameters, x, runs, then mean, sd, min and max of each y. */
    ResultTable table() {
        List<String> columns = new ArrayList<>(groups);
        if (x != null) columns.add(x);
        columns.add("runs");
        for (String y : ys) for (String s : List.of("mean", "sd", "min", "max")) columns.add(y + "_" + s);
        List<List<Object>> rows = new ArrayList<>();
        for (Cell cell : cells) {
            List<Object> row = new ArrayList<>();
            for (String g : groups) row.add(cell.key().get(g));
            if (x != null) row.add(x(cell));
            row.add((long) cell.runs());
            for (String y : ys) {
                Stats s = cell.stats().get(y);
                for (double d : new double[] {s.mean(), s.sd(), s.min(), s.max()}) row.add(Values.normalize(d));
            }
            rows.add(row);
        }
        return new ResultTable(List.copyOf(columns), List.copyOf(rows));
    }
}
