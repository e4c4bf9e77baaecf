package vmsh.shell.api;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.graalvm.polyglot.Value;
import vmsh.shell.VmshException;
import vmsh.shell.campaign.CampaignResults;

/**
 * A sweep's results folder, or several merged ({@code campaign('runs/tlb')}): its runs, a
 * summary over seeds and its status as plain JavaScript values, for {@code table()},
 * {@code plot()} and the REPL. Each call reads the folders again, so a campaign still
 * running shows its progress.
 */
final class JsCampaign extends ApiObject {
    static final ApiType<JsCampaign> TYPE = ApiType.<JsCampaign>of("campaign", "c",
                    "The results of a sweep (`vmsh sweep ... --out DIR`): `c = campaign('runs/tlb')`, or `campaign(['runs/a', 'runs/b'])` "
                    + "to merge the folders of shards; each call reads the folders again.")
            .property("script", "the swept script, as the sweep named it", c -> c.read(CampaignResults::script))
            .property("parameters", "the parameter names, in grid order", c -> c.host.array(List.copyOf(c.read(CampaignResults::parameters))))
            .method("runs()", "every finished run in grid order: its parameters, exit, the result's fields, insns and error "
                    + "(what vmsh sweep --collect prints); table(c.runs())", (c, a) -> c.plain(c.read(CampaignResults::runs)))
            .method("summary({y, x, group, over})", "mean, sd, min and max of each y (a field or a list) over the seeds (or the "
                    + "parameters in over), per group series and x value: rows of missRate_mean, missRate_sd, ... (vmsh sweep --collect --y)",
                    JsCampaign::summary)
            .method("status()", "{script, runs, done, failed, pending, failures: [{...params, exit, error}]} (vmsh sweep --status)",
                    (c, a) -> c.plain(c.read(CampaignResults::status)));

    /** Where reading puts its warnings (a record cut short by a crash): vmsh sweep --status shows them. */
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);

    private final List<Path> dirs;
    private final String label;

    private JsCampaign(ScriptHost host, List<Path> dirs, String label) {
        super(host);
        this.dirs = dirs;
        this.label = label;
    }

    /** campaign(dir) or campaign([dir, ...]): folders under the script's folder or the working directory. */
    static JsCampaign create(ScriptHost host, Value[] a) {
        Value v = Args.at(a, 0);
        List<String> names = new ArrayList<>();
        if (v != null && v.hasArrayElements()) for (long i = 0; i < v.getArraySize(); i++) names.add(Args.string(v.getArrayElement(i), "campaign([dirs]): dir"));
        else names.add(Args.string(v, "campaign(dir): dir"));
        if (names.isEmpty()) throw JsError.type("campaign([dirs]) needs at least one sweep folder");
        List<Path> dirs = new ArrayList<>();
        for (String name : names) dirs.add(folder(host, name));
        return new JsCampaign(host, List.copyOf(dirs), String.join(", ", names));
    }

    /** The sweep folder {@code name}, found as readFile finds files: by its sweep.json. */
    private static Path folder(ScriptHost host, String name) {
        try {
            return host.files().resolve(Path.of(name, "sweep.json").toString()).getParent();
        } catch (JsError e) {
            throw new JsError("Error", "campaign: '" + name + "' is no sweep folder under the script's folder or the working directory "
                    + "(no sweep.json: vmsh sweep SCRIPT --param ... --out " + name + " makes one)");
        }
    }

    private static Object summary(JsCampaign c, Value[] a) {
        Value o = Args.at(a, 0);
        if (o == null || !o.hasMembers()) throw JsError.type("c.summary({y, x, group, over}) needs an object, e.g. {y: 'missRate', x: 'pages'}");
        List<String> ys = names(o.getMember("y"), "c.summary({y}): y");
        if (ys.isEmpty()) throw JsError.type("c.summary({y}) needs y: the result field (or fields) to summarise");
        Value x = o.getMember("x");
        String xName = Args.absent(x) ? null : Args.string(x, "c.summary({x}): x");
        List<String> groups = names(o.getMember("group"), "c.summary({group}): group");
        List<String> over = names(o.getMember("over"), "c.summary({over}): over");
        return c.plain(c.read(r -> r.summary(xName, ys, groups, over)));
    }

    /** A name or a list of names; empty when absent. */
    private static List<String> names(Value v, String what) {
        List<String> names = new ArrayList<>();
        if (Args.absent(v)) return names;
        if (v.hasArrayElements()) for (long i = 0; i < v.getArraySize(); i++) names.add(Args.string(v.getArrayElement(i), what));
        else names.add(Args.string(v, what));
        return names;
    }

    /** Reads the folders now; their problems (no sweep.json, a parameter that is not one) come back as errors. */
    private <T> T read(Function<CampaignResults, T> what) {
        try {
            return what.apply(CampaignResults.read(dirs, QUIET));
        } catch (VmshException e) {
            throw new JsError("Error", "campaign: " + e.getMessage());
        }
    }

    private Object plain(Object data) { return Params.toJs(host, data); }

    @Override
    ApiType<?> type() { return TYPE; }

    @Override
    Object json() { return read(CampaignResults::status); }

    @Override
    public String toString() { return "campaign(" + label + ")"; }
}
