package vmsh.shell.campaign;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs of one or more sweep folders, merged: every planned point (in the order of the
 * first folder's grid, then points only later folders plan), each with its newest record
 * whose files are unchanged, or none yet. Folders of the shards of one campaign, run on
 * different machines, merge into the campaign.
 *
 * @param script     the script of the first folder
 * @param parameters the parameter names, in grid order
 * @param entries    one per point
 */
record Collected(String script, List<String> parameters, List<Entry> entries) {

    /**
     * A point and what is known of it.
     *
     * @param record  its newest valid record, or null while it is pending
     * @param changed when it has records but a file they read has changed since: that file
     */
    record Entry(Point point, RunRecord record, String changed) {
        boolean done() { return record != null && record.ok(); }

        boolean failed() { return record != null && !record.ok(); }

        boolean pending() { return record == null; }
    }

    static Collected of(List<Path> dirs, PrintStream warnings) {
        Map<String, Point> points = new LinkedHashMap<>();
        List<String> parameters = new ArrayList<>();
        List<RunRecord> records = new ArrayList<>();
        String script = null;
        for (Path dir : dirs) {
            Manifest m = Manifest.read(dir);
            if (script == null) script = m.script();
            for (String name : m.parameters()) if (!parameters.contains(name)) parameters.add(name);
            for (Point p : m.points()) points.putIfAbsent(p.key(), p);
            records.addAll(new SweepFolder(dir).records(warnings));
        }
        Path base = Path.of("").toAbsolutePath();
        Hashes hashes = new Hashes();
        Map<String, RunRecord> valid = Sweep.validRecords(records, base, hashes);
        Map<String, RunRecord> any = new HashMap<>();
        for (RunRecord r : records) any.put(r.point(), r);
        List<Entry> entries = new ArrayList<>();
        for (Point p : points.values()) {
            RunRecord r = valid.get(p.key());
            String changed = r == null && any.containsKey(p.key()) ? any.get(p.key()).changedFile(base, hashes) : null;
            entries.add(new Entry(p, r, changed));
        }
        return new Collected(script, List.copyOf(parameters), List.copyOf(entries));
    }

    long count(java.util.function.Predicate<Entry> which) { return entries.stream().filter(which).count(); }

    /** The finished runs (done or failed), in grid order. */
    List<Entry> finished() { return entries.stream().filter(e -> !e.pending()).toList(); }
}
