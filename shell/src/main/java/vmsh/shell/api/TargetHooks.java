package vmsh.shell.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import vmsh.board.Target;
import vmsh.debug.Hook;
import vmsh.debug.HookContext;
import vmsh.debug.Hooks;
import vmsh.debug.InstructionSteps;
import vmsh.debug.SteppingHook;

/**
 * The hook API of a debuggable target, written once for a bare machine and a VM's vCPU:
 * {@code on(kind, {from, to}, fn)}, {@code break(addr, fn)}, {@code watch(addr, {access,
 * width}, fn)} and the handles they return. Addresses are the target's (a VM's: guest
 * virtual); a symbol names an address of the image the target has loaded.
 */
final class TargetHooks {
    /** The script object a hook's context shows (its registers and memory), and how it reads addresses. */
    interface Owner {
        JsRegisters regs();

        JsMemory mem();

        JsMemory vmem();

        /** An address given as a number or a symbol of the loaded image. */
        int address(Value v, String what);
    }

    private final ScriptHost host;
    private final Owner owner;
    private final Hooks hooks;
    private final List<JsHook> handles = new ArrayList<>();
    /** The script's function of each handle that has one. */
    private final java.util.Map<JsHook, Value> functions = new java.util.IdentityHashMap<>();
    /** What every hook function of these hooks receives, and the same as a value of the script's context (made at the first call). */
    private final JsHookContext context;
    /** {@link #BIND} in the script's context, made for the first hook function. */
    private Value bind;

    TargetHooks(ScriptHost host, Owner owner, Target target) {
        this.host = host;
        this.owner = owner;
        this.hooks = new Hooks(target);
        this.context = new JsHookContext(host, owner, hooks.context());
    }

    Hooks hooks() { return hooks; }

    /** True when a hook, breakpoint or watchpoint is in place. */
    boolean any() { return !hooks.list().isEmpty(); }

    Object on(Value[] a) {
        String kind = Args.string(Args.at(a, 0), "on(kind, ...): kind");
        boolean ranged = a.length > 2;
        Value fn = Args.function(Args.at(a, ranged ? 2 : 1), "on('" + kind + "', ...): the hook function");
        long[] range = ranged ? range(Args.at(a, 1), kind) : new long[] {0, Hook.SPACE_END};
        Hook h = switch (kind) {
            case "insn" -> hooks.onInstruction(range[0], range[1], caller(fn));
            case "read" -> hooks.onRead(range[0], range[1], caller(fn));
            case "write" -> hooks.onWrite(range[0], range[1], caller(fn));
            case "trap" -> noRange(ranged, kind, () -> hooks.onTrap(caller(fn)));
            case "interrupt" -> noRange(ranged, kind, () -> hooks.onInterrupt(caller(fn)));
            default -> throw JsError.range("on(kind): unknown kind '" + kind + "' (insn, read, write, trap, interrupt)");
        };
        return handle(h, fn);
    }

    private static Hook noRange(boolean ranged, String kind, java.util.function.Supplier<Hook> make) {
        if (ranged) throw JsError.type("on('" + kind + "', fn) takes no address range");
        return make.get();
    }

    /** {from, to} (to exclusive; from alone: one word); addresses or symbols. */
    private long[] range(Value v, String kind) {
        Value o = Args.options(v, "on('" + kind + "', {from, to}, fn)", "from", "to");
        Value from = Args.option(o, "from");
        if (from == null) throw JsError.type("on('" + kind + "', {from, to}, fn) needs from");
        long f = Integer.toUnsignedLong(owner.address(from, "from"));
        Value to = Args.option(o, "to");
        long t = to == null ? f + 4 : Integer.toUnsignedLong(owner.address(to, "to"));
        if (t == 0 && to != null) t = Hook.SPACE_END;   // to: 0 wraps to the end of the space
        if (t <= f) throw JsError.range(String.format("on('%s'): empty range 0x%08x..0x%08x (to is exclusive)", kind, f, t));
        return new long[] {f, t};
    }

    Object breakpoint(Value[] a) {
        int pc = owner.address(Args.at(a, 0), "break(addr): addr");
        Value fn = Args.absent(Args.at(a, 1)) ? null : Args.function(Args.at(a, 1), "break(addr, fn): fn");
        return handle(hooks.breakpoint(pc, fn == null ? null : caller(fn)), fn);
    }

    Object watch(Value[] a) {
        long from = Integer.toUnsignedLong(owner.address(Args.at(a, 0), "watch(addr): addr"));
        boolean optionsGiven = a.length > 1 && !Args.absent(a[1]) && !a[1].canExecute();
        Value opts = optionsGiven ? Args.options(a[1], "watch(addr, {access, width})", "access", "width") : null;
        Value fnArg = Args.at(a, optionsGiven ? 2 : 1);
        Value fn = Args.absent(fnArg) ? null : Args.function(fnArg, "watch(addr, {access}, fn): fn");
        Value access = Args.option(opts, "access");
        String acc = access == null ? "w" : Args.string(access, "access");
        if (!List.of("r", "w", "rw", "read", "write").contains(acc))
            throw JsError.range("watch: access '" + acc + "' must be 'r', 'w' or 'rw'");
        Value width = Args.option(opts, "width");
        long w = width == null ? 4 : Args.positive(width, "width");
        boolean reads = acc.startsWith("r"), writes = acc.contains("w");
        return handle(hooks.watchpoint(from, Math.min(from + w, Hook.SPACE_END), reads, writes, fn == null ? null : caller(fn)), fn);
    }

    /**
     * What the runtime calls for the hook function {@code fn}: {@code fn(ctx)} with the one
     * context of these hooks, bound once in JavaScript, so that a call from Java passes no
     * argument (nothing to convert or allocate). The context is usable during a call only (a
     * kept one is refused after it); a hook's result is not used, so none is converted.
     *
     * <p>Entering JavaScript from Java costs more than most instructions (10-20 ns, compiled);
     * calling Java from compiled JavaScript costs little. So the caller is a
     * {@link SteppingHook}: as the lone hook on every instruction, it is entered once and
     * loops in JavaScript, calling {@code fn} and then stepping the run on through a Java
     * call for as long as the engine would only have called {@code fn} again.
     */
    private Consumer<HookContext> caller(Value fn) {
        if (bind == null) bind = fn.getContext().eval(BIND);
        Value[] bound = new Value[2];
        return new SteppingHook() {
            @Override
            public void accept(HookContext c) { call(0, fn, c, null); }

            @Override
            public void callStepping(HookContext c, InstructionSteps steps) { call(1, fn, c, steps); }

            /** Calls the JavaScript binding {@code which} (0: once, 1: stepping) made at its first call. */
            private void call(int which, Value fn, HookContext c, InstructionSteps s) {
                Value b = bound[which];
                if (b == null) bound[which] = b = bind.invokeMember(which == 0 ? "once" : "stepping", fn, context, this.steps);
                this.steps.steps = s;
                boolean wasValid = context.enter();
                try {
                    b.executeVoid();
                } finally {
                    context.leave(wasValid);
                    this.steps.steps = null;
                }
            }

            private final Steps steps = new Steps();
        };
    }

    /** What the stepping loop in JavaScript calls to step the run on (see {@link InstructionSteps#next}). */
    public static final class Steps {
        private InstructionSteps steps;

        @HostAccess.Export
        public boolean next() {
            InstructionSteps s = steps;
            return s != null && s.next();
        }
    }

    /** Binds a hook function to its context; internal, so that it shows in no stack trace. */
    private static final Source BIND = Source.newBuilder("js", """
            ({
                once: (fn, ctx) => () => { fn(ctx); },
                stepping: (fn, ctx, steps) => () => { do { fn(ctx); } while (steps.next()); }
            })""", "hook-call.js").internal(true).buildLiteral();

    private JsHook handle(Hook h) {
        JsHook j = new JsHook(host, h);
        handles.add(j);
        return j;
    }

    private JsHook handle(Hook h, Value fn) {
        JsHook j = handle(h);
        if (fn != null) functions.put(j, fn);
        return j;
    }

    /**
     * The same hooks on {@code target}, the handles following them: the VM was made again
     * (a cluster's history went back or forward past where a host let it go). These go.
     */
    TargetHooks movedTo(Target target) {
        TargetHooks moved = new TargetHooks(host, owner, target);
        for (JsHook j : handles) {
            if (j.hook().removed()) continue;
            Value fn = functions.get(j);
            j.follow(moved.hooks.addLike(j.hook(), fn == null ? null : moved.caller(fn)));
            moved.handles.add(j);
            if (fn != null) moved.functions.put(j, fn);
        }
        hooks.clear();
        return moved;
    }

    /** Every hook in place, the script's and those set for it (gdb's breakpoints), in the order they were set. */
    List<Object> list() {
        handles.removeIf(h -> h.hook().removed());
        List<Object> list = new ArrayList<>();
        for (Hook h : hooks.list()) {
            JsHook j = handles.stream().filter(k -> k.hook() == h).findFirst().orElseGet(() -> handle(h));
            list.add(j);
        }
        return list;
    }
}
