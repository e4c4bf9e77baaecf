package vmsh.shell.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;
import vmsh.hv.Hypervisor;
import vmsh.hv.NumaConfig;
import vmsh.hv.NumaNode;
import vmsh.hv.NumaStats;
import vmsh.hv.Placement;

/** The NUMA host from JavaScript: hv.configure's numa option, hv.numa, vm.stats().numa. */
final class NumaOptions {
    private static final NumaConfig D = NumaConfig.UNIFORM;
    static final String HELP = "{nodes (1: uniform, up to " + NumaConfig.MAX_NODES + "), local (" + D.local() + ") and remote ("
            + D.remote() + ") cycles a TLB miss costs on a page of the vCPU's node or another, Disco's trigger (" + D.trigger()
            + " misses of one node in a period make a page hot), sharing (" + D.sharing() + " misses of a second node make it shared), period ("
            + D.period() + " cycles), moveLimit (" + D.moveLimit() + " moves per page), moveCost (" + D.moveCost() + " cycles)}";
    static final String PLACEMENTS = String.join(", ", java.util.Arrays.stream(Placement.values())
            .map(p -> "'" + p.label + "' (" + p.summary + ")").toList()) + "; 'first-touch' by default";

    private NumaOptions() {}

    /** hv.configure({numa: {...}}): the defaults with the keys given. */
    static NumaConfig of(Value v) {
        Value o = Args.options(v, "hv.configure() numa", "nodes", "local", "remote", "trigger", "sharing", "period", "moveLimit", "moveCost");
        NumaConfig c = NumaConfig.UNIFORM;
        long nodes = number(o, "nodes", c.nodes()), local = number(o, "local", c.local()), remote = number(o, "remote", c.remote());
        long trigger = number(o, "trigger", c.trigger()), sharing = number(o, "sharing", c.sharing());
        long period = number(o, "period", c.period()), limit = number(o, "moveLimit", c.moveLimit()), cost = number(o, "moveCost", c.moveCost());
        try {
            return new NumaConfig(Math.toIntExact(nodes), local, remote, Math.toIntExact(trigger), Math.toIntExact(sharing), period,
                    Math.toIntExact(limit), cost);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw JsError.range("hv.configure() numa: " + e.getMessage());
        }
    }

    private static long number(Value o, String key, long fallback) {
        Value v = Args.option(o, key);
        return v == null ? fallback : Args.integer(v, "numa." + key);
    }

    /** hv.numa: one row per node. */
    static Value nodes(ScriptHost host, Hypervisor hv) {
        List<Object> rows = new ArrayList<>();
        for (NumaNode n : hv.numaNodes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("node", n.node());
            m.put("frames", n.frames());
            m.put("free", n.free());
            m.put("pages", n.pages());
            m.put("replicas", n.replicas());
            m.put("localMisses", n.localMisses());
            m.put("remoteMisses", n.remoteMisses());
            m.put("migrations", n.migrations());
            m.put("replications", n.replications());
            rows.add(host.object(m));
        }
        return host.array(rows);
    }

    /** vm.stats().numa. */
    static Value stats(ScriptHost host, NumaStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("localMisses", s.localMisses());
        m.put("remoteMisses", s.remoteMisses());
        m.put("remoteFraction", Math.round(s.remoteFraction() * 1000) / 1000.0);
        m.put("migrations", s.migrations());
        m.put("replications", s.replications());
        m.put("collapses", s.collapses());
        m.put("cycles", s.cycles());
        return host.object(m);
    }
}
