package vmsh.shell.js;

import vmsh.dev.Console;

/** A machine's console: what the guest wrote, and input for it to read. */
final class JsConsole extends JsObject {
    private final Console console;

    JsConsole(Session session, Console console) {
        super(session);
        this.console = console;
        property("text", "everything the guest has written to its UART", console::text);
        method("feed", "feed(text): queue text for the guest to read from its UART", a -> {
            console.feed(Args.string(Args.at(a, 0), "feed(text): text"));
            return null;
        });
        method("clear", "clear(): forget the text written so far", a -> {
            console.clear();
            return null;
        });
    }

    @Override
    String kind() { return "console"; }

    /** The text itself: what a user who prints the console wants to see. */
    @Override
    public String toString() { return console.text(); }
}
