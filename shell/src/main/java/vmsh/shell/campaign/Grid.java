package vmsh.shell.campaign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vmsh.shell.ExitCode;
import vmsh.shell.VmshException;

/**
 * The parameter settings of a campaign, in order: the rows of a parameter file (or one empty
 * row) times every combination of the swept parameters, the last {@code --param} varying
 * fastest, as nested loops would.
 */
record Grid(List<String> names, List<Map<String, Object>> points) {
    /** At most this many runs in one campaign. */
    static final int MAX_POINTS = 10_000_000;

    static Grid of(List<Map<String, Object>> rows, List<ParamAxis> axes) {
        List<String> names = new ArrayList<>();
        for (Map<String, Object> row : rows) for (String k : row.keySet()) if (!names.contains(k)) names.add(k);
        for (ParamAxis axis : axes) {
            if (names.contains(axis.name()))
                throw new VmshException(ExitCode.USAGE, "parameter '" + axis.name() + "' is given twice");
            names.add(axis.name());
        }
        long size = Math.max(rows.size(), 1);
        for (ParamAxis axis : axes) size *= axis.values().size();
        if (size > MAX_POINTS) throw new VmshException(ExitCode.USAGE, "the grid has " + size + " runs; at most " + MAX_POINTS + " in one campaign");
        List<Map<String, Object>> points = new ArrayList<>();
        for (Map<String, Object> row : rows.isEmpty() ? List.<Map<String, Object>>of(Map.of()) : rows) expand(row, axes, 0, points);
        return new Grid(List.copyOf(names), List.copyOf(points));
    }

    private static void expand(Map<String, Object> prefix, List<ParamAxis> axes, int next, List<Map<String, Object>> out) {
        if (next == axes.size()) {
            out.add(java.util.Collections.unmodifiableMap(prefix));
            return;
        }
        ParamAxis axis = axes.get(next);
        for (Object value : axis.values()) {
            Map<String, Object> point = new LinkedHashMap<>(prefix);
            point.put(axis.name(), value);
            expand(point, axes, next + 1, out);
        }
    }

    int size() { return points.size(); }
}
