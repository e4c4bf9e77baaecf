package vmsh.shell.api;

import java.util.function.Consumer;
import vmsh.hv.ExitEvent;
import vmsh.hv.Vm;

/** The handle of a VM exit hook: what {@code vm.on('exit', fn)} returns. */
final class JsExitHook extends ApiObject {
    static final ApiType<JsExitHook> TYPE = ApiType.<JsExitHook>of("exit hook", "h",
                    "A VM exit hook in place (`h = vm.on('exit', fn)`).")
            .method("remove()", "take it away (from the next exit on, even from inside the hook); true if it was in place", (h, a) -> h.remove())
            .property("kind", "'exit'", h -> "exit")
            .property("vm", "the name of its VM", h -> h.vm.name())
            .property("removed", "true once removed", h -> h.removed);

    private final Vm vm;
    private final Consumer<ExitEvent> fn;
    private boolean removed;

    JsExitHook(ScriptHost host, Vm vm, Consumer<ExitEvent> fn) {
        super(host);
        this.vm = vm;
        this.fn = fn;
    }

    boolean removed() { return removed; }

    private boolean remove() {
        if (removed) return false;
        removed = true;
        return vm.removeExitHook(fn);
    }

    @Override
    ApiType<?> type() { return TYPE; }

    @Override
    public String toString() { return "exit hook of VM '" + vm.name() + "'" + (removed ? " (removed)" : ""); }
}
