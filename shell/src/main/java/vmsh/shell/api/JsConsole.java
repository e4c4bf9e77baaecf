package vmsh.shell.api;

import vmsh.dev.Console;

/** A machine's console: what the guest wrote, and input for it to read. */
final class JsConsole extends ApiObject {
    static final ApiType<JsConsole> TYPE = ApiType.<JsConsole>of("console", "m.console",
                    "The guest's UART: what it wrote, and input for it. Printed, the text itself.")
            .property("text", "everything the guest has written to its UART", c -> c.console.text())
            .method("feed(text)", "queue text for the guest to read from its UART", (c, a) -> {
                c.console.feed(Args.string(Args.at(a, 0), "feed(text): text"));
                return null;
            })
            .method("clear()", "forget the text written so far", (c, a) -> {
                c.console.clear();
                return null;
            });

    private final Console console;

    JsConsole(ScriptHost host, Console console) {
        super(host);
        this.console = console;
    }

    @Override
    ApiType<?> type() { return TYPE; }

    @Override
    Object json() { return console.text(); }

    /** The text itself: what a user who prints the console wants to see. */
    @Override
    public String toString() { return console.text(); }
}
