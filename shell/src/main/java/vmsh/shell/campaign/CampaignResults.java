package vmsh.shell.campaign;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one or more sweep folders hold, as plain data (maps, lists, numbers, strings): the
 * values behind {@code --status}, {@code --collect} and {@code --collect --y}, for scripts
 * and the REPL ({@code campaign(dir)} in JavaScript). Read when made; make another to see
 * runs finished since.
 */
public final class CampaignResults {
    private final Collected collected;

    private CampaignResults(Collected collected) {
        this.collected = collected;
    }

    /** Reads the folders (a record cut short by a crash is reported on {@code warnings}). */
    public static CampaignResults read(List<Path> dirs, PrintStream warnings) {
        return new CampaignResults(Collected.of(dirs, warnings));
    }

    /** The swept script, as its sweep named it. */
    public String script() { return collected.script(); }

    /** The parameter names, in grid order. */
    public List<String> parameters() { return collected.parameters(); }

    /** Every finished run, in grid order: parameters, exit, the result's fields, insns, error (the rows of --collect). */
    public List<Map<String, Object>> runs() { return ResultTable.runs(collected).maps(); }

    /**
     * Mean, sd, min and max of each of {@code ys} per cell (the rows of --collect --y):
     * replicates differ only in {@code over} (empty: the seed), series in {@code groups}.
     */
    public List<Map<String, Object>> summary(String x, List<String> ys, List<String> groups, List<String> over) {
        return Summary.of(collected, x, groups, ys, Collect.over(collected, over)).table().maps();
    }

    /** Runs planned, done, failed and pending, and the failures with their parameters, exit status and error line. */
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("script", script());
        s.put("runs", (long) collected.entries().size());
        s.put("done", collected.count(Collected.Entry::done));
        s.put("failed", collected.count(Collected.Entry::failed));
        s.put("pending", collected.count(Collected.Entry::pending));
        List<Map<String, Object>> failures = new ArrayList<>();
        for (Collected.Entry e : collected.entries()) {
            if (!e.failed()) continue;
            Map<String, Object> f = new LinkedHashMap<>(e.point().params());
            f.put("exit", (long) e.record().exit());
            f.put("error", Status.firstLine(e.record().error()));
            failures.add(f);
        }
        s.put("failures", failures);
        return s;
    }
}
