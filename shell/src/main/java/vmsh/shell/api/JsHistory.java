package vmsh.shell.api;

import vmsh.history.History;
import vmsh.shell.Sizes;

/** A machine's history as scripts see it (`m.history`): where it is in time and what it keeps. */
final class JsHistory extends ApiObject {
    static final ApiType<JsHistory> TYPE = ApiType.<JsHistory>of("history", "m.history",
                    "A machine's past, kept for going back (`m.reverseStep(n)`, `m.reverseContinue()`, `m.seek({insn})`): "
                    + "a checkpoint every `interval` instructions (memory shared copy-on-write) and the input between them.")
            .property("insn", "the instruction the machine is at now", h -> h.history.now())
            .property("present", "the furthest instruction reached; back in the past, running forward re-runs the same future up to it", h -> h.history.present())
            .property("oldest", "the oldest instruction that can be reached again", h -> h.history.oldest())
            .property("checkpoints", "how many checkpoints are kept", h -> h.history.checkpoints())
            .property("bytes", "host memory the checkpoints hold (frames they share counted once)", h -> h.history.bytes())
            .property("interval", "instructions between checkpoints (machine({history: {interval}}))", h -> h.history.interval())
            .property("cap", "the most host memory history may hold ('128M' by default); beyond it the oldest checkpoints go; assign a size to change it",
                    h -> h.history.cap(), (h, v) -> h.history.setCap(Args.size(v, "history.cap")))
            .property("events", "outside input events kept (console input, changes between runs, hooks' writes)", h -> h.history.inputEvents());

    private final History history;

    JsHistory(ScriptHost host, History history) {
        super(host);
        this.history = history;
    }

    @Override
    ApiType<?> type() { return TYPE; }

    @Override
    public String toString() {
        return "history: at instruction " + history.now() + " (present " + history.present() + "), oldest reachable "
                + history.oldest() + "; " + history.checkpoints() + " checkpoint" + (history.checkpoints() == 1 ? "" : "s")
                + " every " + history.interval() + " instructions, " + kib(history.bytes()) + " KiB held of a "
                + Sizes.format(history.cap()) + " cap, " + history.inputEvents() + " input event"
                + (history.inputEvents() == 1 ? "" : "s");
    }

    private static long kib(long bytes) { return (bytes + 1023) / 1024; }
}
