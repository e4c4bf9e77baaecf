package vmsh.shell.api;

import vmsh.debug.Hook;

/** The handle of a hook, breakpoint or watchpoint: what on(), break() and watch() return. */
final class JsHook extends ApiObject {
    static final ApiType<JsHook> TYPE = ApiType.<JsHook>of("hook", "h",
                    "A hook, breakpoint or watchpoint in place (`h = m.on(...)`, `m.break(...)`, `m.watch(...)`).")
            .method("remove()", "take it away (at once, even from inside a hook during a run); true if it was in place", (h, a) -> h.hook.remove())
            .property("id", "its number, as info breakpoints shows it (delete N removes it)", h -> h.hook.id())
            .property("kind", "'insn', 'read', 'write', 'trap', 'interrupt', 'break' or 'watch'", h -> h.hook.kind().label)
            .property("from", "the first address it covers", h -> h.hook.from())
            .property("to", "the address after the last it covers", h -> h.hook.to())
            .property("removed", "true once removed", h -> h.hook.removed());

    /** Not final: when its VM is made again (a cluster's history), the handle follows to the same hook there. */
    private Hook hook;

    JsHook(ScriptHost host, Hook hook) {
        super(host);
        this.hook = hook;
    }

    Hook hook() { return hook; }

    void follow(Hook h) { hook = h; }

    @Override
    ApiType<?> type() { return TYPE; }

    @Override
    public String toString() { return hook.toString(); }
}
