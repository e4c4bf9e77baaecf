package vmsh.shell.api;

/** Text drawn for a person (a table, a heat map): printed or echoed as it is, not quoted. */
final class Rendered extends ApiObject {
    static final ApiType<Rendered> TYPE = ApiType.<Rendered>of("text", "t",
                    "What table() and heatmap() return: print it (or String(t)) to see it.")
            .property("text", "the text itself", r -> r.text)
            .property("lines", "the text's lines, as an array", r -> r.host.array(java.util.List.of((Object[]) r.text.split("\n", -1))));

    private final String text;

    Rendered(ScriptHost host, String text) {
        super(host);
        this.text = text;
    }

    @Override
    ApiType<?> type() { return TYPE; }

    @Override
    public String toString() { return text; }
}
