package vmsh.shell.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vmsh.dc.Migration;
import vmsh.dc.PostCopy;
import vmsh.dc.Times;

/** A live migration under way or ended, and its report. */
final class JsMigration extends ApiObject {
    static final ApiType<JsMigration> TYPE = ApiType.<JsMigration>of("migration", "m",
                    "A live migration (`m = dc.migrate(vm, h1, {method: 'precopy', maxRounds: 30, stopWhenDirtyBelow: 64})`, or {method: 'postcopy'}): "
                    + "it goes on as the cluster runs; times in milliseconds of simulated time.")
            .property("report", "the report as text: per round pages sent and dirtied, the dirty rate; downtime, total time, pages and bytes sent, the gap the clients saw", m -> m.migration.report())
            .property("outcome", "'in progress', 'done' or 'aborted: why'", m -> m.migration.outcome())
            .property("done", "true once the VM runs on the target (post-copy: with all its pages)", m -> m.migration.done())
            .property("phase", "'precopy', 'stop-and-copy', 'postcopy' (the VM runs on the target, pages still come), 'done' or 'aborted'", m -> m.migration.phase().label)
            .property("method", "'stop-and-copy', 'precopy' or 'postcopy'", m -> m.migration.options().method().label)
            .property("rounds", "[{round, sent, dirtied, ms, dirtyRate, last}]: pre-copy rounds, then the stop-and-copy one (last: true)", JsMigration::rounds)
            .property("downtime", "ms the VM was paused (null until it resumed on the target)", m -> ms(m.migration.downtime()))
            .property("totalTime", "ms from the start to the end: the target's copy taking over, for post-copy the last page arriving (null until then)", m -> ms(m.migration.totalTime()))
            .property("postcopy", "post-copy after the resume: {pages, pushed, onDemand, resent, remoteFaults, stall (ms the vCPU waited for pages), ms (until the last page came), missing}; null for the other methods or before the resume", JsMigration::postCopy)
            .property("pagesSent", "pages sent, again-sent ones included", m -> m.migration.pagesSent())
            .property("bytes", "bytes the migration put on the wire, headers included", m -> m.migration.bytesSent())
            .property("clientGap", "ms: the longest wait between two replies to the VM's clients across the downtime (post-copy: until the last page came; null until a reply came after it)", m -> ms(m.migration.clientGap()));

    private Migration migration;

    JsMigration(ScriptHost host, Migration migration) {
        super(host);
        this.migration = migration;
    }

    @Override ApiType<?> type() { return TYPE; }

    /** The migration this handle stands for. */
    Migration migration() { return migration; }

    /** Stands for {@code other} from now on: its counterpart on a replay's cluster. */
    void rebind(Migration other) { migration = other; }

    private static Object ms(long cycles) { return cycles < 0 ? null : Times.ms(cycles); }

    private Object postCopy() {
        PostCopy p = migration.postCopy();
        if (p == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pages", p.pages());
        m.put("pushed", p.pushed());
        m.put("onDemand", p.onDemand());
        m.put("resent", p.resent());
        m.put("remoteFaults", p.remoteFaults());
        m.put("stall", Times.ms(p.stallCycles()));
        m.put("ms", ms(p.duration()));
        m.put("missing", p.missing());
        return host.object(m);
    }

    private Object rounds() {
        List<Object> rows = new ArrayList<>();
        for (Migration.Round r : migration.rounds()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("round", r.number());
            m.put("sent", r.pagesSent());
            m.put("dirtied", r.pagesDirtied());
            m.put("ms", Times.ms(r.end() - r.start()));
            m.put("dirtyRate", Math.round(r.dirtyRate()));
            m.put("last", r.last());
            rows.add(host.object(m));
        }
        return host.array(rows);
    }

    @Override public String toString() { return migration.report().stripTrailing(); }
}
