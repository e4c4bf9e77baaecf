package vmsh.shell.api;

import java.util.Map;
import vmsh.hv.CostModel;

/**
 * The hypervisor's cost model ({@code hv.costs}), live: every entry reads the cycles the
 * model charges now and can be assigned ({@code hv.costs.exitRoundTrip = 500},
 * {@code hv.costs['pt-write'] = 2000}); changing the model re-prices past runs too.
 */
final class JsCosts extends ApiObject {
    static final ApiType<JsCosts> TYPE = entries(ApiType.<JsCosts>of("costs", "hv.costs",
            "The cost model in cycles, live: read an entry, or assign one to change it (`hv.costs.exitRoundTrip = 500`, "
            + "`hv.costs['pt-write'] = 2000`); entries of exit reasons are the VMM's handler cost after the round trip."));

    private final JsHypervisor owner;

    JsCosts(ScriptHost host, JsHypervisor owner) {
        super(host);
        this.owner = owner;
    }

    /** One member per entry of the model, in its order. */
    private static ApiType<JsCosts> entries(ApiType<JsCosts> type) {
        for (String name : new CostModel().asMap().keySet()) {
            type.property(name, help(name), c -> c.model().asMap().get(name),
                    (c, v) -> set(c.model(), name, Args.integer(v, "hv.costs." + name)));
        }
        return type;
    }

    private static String help(String name) {
        return switch (name) {
            case "instruction" -> "cycles of one instruction (a TLB hit included)";
            case "walkReference" -> "cycles of one page-table reference on a TLB miss";
            case "trap" -> "cycles of a trap the guest takes natively";
            case "exitRoundTrip" -> "cycles of leaving the guest for the VMM and resuming it";
            default -> "cycles of the VMM's handler for a '" + name + "' exit";
        };
    }

    private CostModel model() { return owner.hv().costs(); }

    @Override
    ApiType<?> type() { return TYPE; }

    @Override
    Object json() { return model().asMap(); }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{ ");
        for (Map.Entry<String, Long> e : model().asMap().entrySet()) {
            if (b.length() > 2) b.append(", ");
            String key = e.getKey().contains("-") ? "'" + e.getKey() + "'" : e.getKey();
            b.append(key).append(": ").append(e.getValue());
        }
        return b.append(" }").toString();
    }

    /** Used by the hypervisor for {@code hv.costs = {...}}. */
    static void assign(CostModel model, org.graalvm.polyglot.Value v) {
        if (v == null || !v.hasMembers()) throw JsError.type("hv.costs = {...} needs an object of cycle counts, e.g. {exitRoundTrip: 500}");
        for (String key : v.getMemberKeys()) set(model, key, Args.integer(v.getMember(key), "costs." + key));
    }

    private static void set(CostModel model, String key, long cycles) {
        try {
            model.set(key, cycles);
        } catch (IllegalArgumentException e) {
            throw JsError.range("hv.costs: " + e.getMessage());
        }
    }
}
