package vmsh.shell.api;

import vmsh.board.TrapEvent;
import vmsh.debug.HookContext;

/** What a hook function receives: where the hart is, registers and memory, the access or trap. */
final class JsHookContext extends ApiObject {
    static final ApiType<JsHookContext> TYPE = ApiType.<JsHookContext>of("hook context", "ctx",
                    "The argument of a hook function: `m.on('insn', ctx => ...)`. One object for every call of a machine's (or VM's) hooks, usable during a call only: keep values (ctx.pc), not ctx.")
            .property("pc", "the instruction's address (for a trap, the trapping instruction's)", c -> Args.unsigned(c.c.pc()))
            .property("insn", "the instruction at pc, disassembled", c -> c.c.insn())
            .property("regs", "the registers, to read and write (a VM's: its vCPU's, live)", c -> c.m.regs())
            .property("mem", "physical memory, to read and write (a VM's: guest-physical)", c -> c.m.mem())
            .property("vmem", "virtual memory, to read and write (a VM's: guest-virtual)", c -> c.m.vmem())
            .property("kind", "the hook's kind: 'insn', 'read', 'write', 'trap', 'interrupt', 'break', 'watch'", c -> c.c.kind().label)
            .property("address", "read/write/watch: the virtual address accessed", c -> Args.unsigned(c.c.address()))
            .property("physical", "read/write/watch: its physical address now (-1 if it does not translate)", c -> c.c.physical())
            .property("width", "read/write/watch: 1, 2 or 4 bytes", c -> c.c.width())
            .property("value", "read/write/watch: the value read or written", c -> Args.unsigned(c.c.value()))
            .property("oldValue", "write watchpoints: the value before the write", c -> Args.unsigned(c.c.oldValue()))
            .property("access", "read/write/watch: 'read' or 'write'", c -> c.c.write() ? "write" : "read")
            .property("cause", "trap/interrupt: the cause code (mcause without the interrupt bit)", c -> trap(c).code())
            .property("name", "trap/interrupt: the spec's name, e.g. 'load page fault'", c -> trap(c).name())
            .property("tval", "trap: mtval/stval", c -> Args.unsigned(trap(c).tval()))
            .property("handler", "trap/interrupt: the handler's address (the pc now)", c -> Args.unsigned(trap(c).handler()))
            .property("from", "trap/interrupt: the privilege it came from: 'U', 'S', 'M', or 'VU', 'VS' (V=1)", c -> trap(c).fromName())
            .property("to", "trap/interrupt: the handler's privilege, as it was delivered: 'S' or 'M', 'VS' when the hart entered a guest's handler itself (hw); a VMM that emulates trap entry (trap, bt, pv, whole machines' M-mode) delivers to the guest's virtual 'S' or 'M'", c -> trap(c).toName())
            .method("stop(why)", "end the run after this hook (reason 'break', message why)", (c, a) -> {
                c.c.stop(Args.absent(Args.at(a, 0)) ? null : ValueFormat.print(Args.at(a, 0)));
                return null;
            });

    private final TargetHooks.Owner m;
    private final HookContext c;
    /** True while a hook function runs; outside its calls the context describes no moment. */
    private boolean valid;

    JsHookContext(ScriptHost host, TargetHooks.Owner m, HookContext c) {
        super(host);
        this.m = m;
        this.c = c;
    }

    private static TrapEvent trap(JsHookContext c) {
        TrapEvent e = c.c.trap();
        if (e == null) throw JsError.type("this hook is not a trap or interrupt hook: no trap");
        return e;
    }

    @Override
    ApiType<?> type() { return TYPE; }

    /** A hook function is called with this context: usable until {@link #leave}. Returns whether it was usable before. */
    boolean enter() {
        boolean was = valid;
        valid = true;
        return was;
    }

    /** The hook function returned: members are refused again (unless an outer call goes on). */
    void leave(boolean wasValid) { valid = wasValid; }

    @Override
    void checkUsable() {
        if (!valid) throw JsError.type("this hook context belonged to a hook call that has returned; "
                + "keep the values you need (ctx.pc, ctx.regs.a0, ...) rather than ctx itself");
    }

    @Override
    public String toString() {
        if (!valid) return "hook context (its call has returned)";
        return switch (c.kind()) {
            case TRAP, INTERRUPT -> c.trap().toString();
            case READ, WRITE, WATCH -> String.format("%s of %d bytes at 0x%08x: 0x%x, by %08x %s", c.write() ? "write" : "read",
                    c.width(), c.address(), c.value(), c.pc(), c.insn());
            default -> String.format("%08x %s", c.pc(), c.insn());
        };
    }
}
