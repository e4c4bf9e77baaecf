package vmsh.shell.api;

import vmsh.history.HostHistory;
import vmsh.hv.Vm;
import vmsh.shell.Sizes;

/**
 * A host's history as scripts see it: `hv.history` counts host instructions, `vm.history`
 * the same history in one VM's own guest instructions.
 */
final class JsHostHistory extends ApiObject {
    static final ApiType<JsHostHistory> TYPE = ApiType.<JsHostHistory>of("hostHistory", "hv.history",
                    "A host's past, kept for going back (hv.keepHistory()): a checkpoint (a host snapshot, memory shared copy-on-write) "
                    + "every `interval` host instructions and the host's runs and changes between them. `hv.history` counts host instructions, "
                    + "`vm.history` that VM's own guest instructions (`vm.reverseStep(n)`, `vm.reverseContinue()`, `vm.seek({insn})`). "
                    + "The first step back from where a run stopped starts from one late point of the latest runs kept beside the checkpoints "
                    + "(where a run began, or where an interval of host time passed on a slow guest), so it re-runs less than an interval.")
            .property("vm", "the VM it counts the instructions of, or null (the host's)", h -> h.vm == null ? null : h.vm.name())
            .property("insn", "the instruction it is at now (the VM's, or the host's)", h -> h.vm == null ? h.history.now() : h.vm.guestInstructions())
            .property("present", "the furthest instruction reached; running forward from the past starts a new future there", h -> h.vm == null ? h.history.present() : h.history.present(h.vm))
            .property("oldest", "the oldest instruction that can be reached again", h -> h.vm == null ? h.history.oldest() : h.history.oldest(h.vm))
            .property("checkpoints", "how many checkpoints the host keeps", h -> h.history.checkpoints())
            .property("bytes", "host memory the checkpoints hold (frames they share counted once)", h -> h.history.bytes())
            .property("interval", "host instructions between checkpoints (hv.keepHistory({interval})); the host's runs are cut at every eighth of it, where a seek keeps checkpoints on its way (a step back from there re-runs an eighth at most)", h -> h.history.interval())
            .property("cap", "the most host memory history may hold ('128M' by default); beyond it the oldest checkpoints go; assign a size to change it",
                    h -> h.history.cap(), (h, v) -> h.history.setCap(Args.size(v, "history.cap")))
            .property("events", "log entries kept: the host's runs and the changes made between them", h -> h.history.events())
            .property("replayed", "instructions run again so far to reach points of the past", h -> h.history.replayed());

    private final HostHistory history;
    private final Vm vm;

    JsHostHistory(ScriptHost host, HostHistory history, Vm vm) {
        super(host);
        this.history = history;
        this.vm = vm;
    }

    @Override
    ApiType<?> type() { return TYPE; }

    @Override
    public String toString() {
        String whose = vm == null ? "host" : "VM '" + vm.name() + "'";
        long now = vm == null ? history.now() : vm.guestInstructions();
        long present = vm == null ? history.present() : history.present(vm), oldest = vm == null ? history.oldest() : history.oldest(vm);
        return "history of " + whose + ": at instruction " + now + " (present " + present + "), oldest reachable " + oldest + "; "
                + history.checkpoints() + " checkpoint" + (history.checkpoints() == 1 ? "" : "s") + " every " + history.interval()
                + " host instructions, " + (history.bytes() + 1023) / 1024 + " KiB held of a " + Sizes.format(history.cap()) + " cap, "
                + history.events() + " log entr" + (history.events() == 1 ? "y" : "ies");
    }
}
