package vmsh.debug;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import vmsh.board.MarkSet;
import vmsh.board.Monitor;
import vmsh.board.RunResult;
import vmsh.board.StopReason;
import vmsh.board.Target;
import vmsh.board.TrapEvent;
import vmsh.cpu.MarkedRun;
import vmsh.mmu.Access;

/**
 * The hooks of one target (a bare machine, or a VM's vCPU), Unicorn-style: on instructions in an address range, on reads
 * and writes of a range, on traps and interrupts, breakpoints and watchpoints.
 *
 * <p>How it costs nothing when absent: instruction hooks and breakpoints mark the decoded
 * slots of the instructions they cover (the engine's breakpoint mechanism, see
 * {@link vmsh.cpu.CodeMarks}), so the rest of the code runs at full speed; read and write
 * hooks mark every load, store and AMO; trap hooks use the machine's trap listener. With
 * no hook left, nothing is marked or listening. A marked instruction costs a call before
 * and after it, made by the engine without leaving its run, and its execution from the
 * decoded form the mark kept aside (no decoding again).
 *
 * <p>Timing: instruction hooks and breakpoints are called before the instruction executes;
 * read, write and watch hooks after the access (so a read hook sees the value read, unlike
 * Unicorn's), trap hooks after the hart entered the handler. Addresses are virtual (what
 * the instruction uses; the same as physical with paging off). Adding or removing a hook,
 * even inside another hook, takes effect from the next instruction.
 */
public final class Hooks implements Monitor {
    private final Target target;
    private final HookContext ctx;
    private final InstructionSteps steps;
    private final List<Hook> all = new ArrayList<>();
    private Hook[] before = {}, access = {}, traps = {};
    /**
     * The one hook there is before instructions when it covers every address and nothing
     * looks at accesses (the usual {@code on('insn', fn)}), else null: {@link #before} then
     * calls it without the general dispatch.
     */
    private Hook everywhere;
    private int nextId = 1;
    private boolean monitoring, listening;
    private final Consumer<TrapEvent> trapListener = this::trapTaken;

    /** The run stopped before this pc after this many instructions: do not call its hooks again. */
    private boolean resume;
    private int resumePc;
    private long resumeInsns;
    /** The access of the marked instruction being executed, for {@link #after}. */
    private MemoryAccess pending;
    private int pendingWord, pendingOld;
    /** Why a trap hook stopped the run (the machine reports it as STOPPED). */
    private String trapStop;
    /** The kind of hook that stopped the last run (a breakpoint, a watchpoint, ...), or null. */
    private HookKind lastStop;

    public Hooks(Target target) {
        this.target = target;
        this.ctx = new HookContext(target);
        this.steps = new InstructionSteps(ctx);
    }

    public Target target() { return target; }

    /** The one context every hook function of these hooks receives (valid during a call). */
    public HookContext context() { return ctx; }

    // ---------------------------------------------------------------- adding

    /** Calls {@code fn} before each instruction whose pc is in {@code [from, to)}. */
    public Hook onInstruction(long from, long to, Consumer<HookContext> fn) {
        return add(HookKind.INSN, from, to, false, false, require(fn));
    }

    /** Calls {@code fn} after each read that overlaps {@code [from, to)} (virtual addresses). */
    public Hook onRead(long from, long to, Consumer<HookContext> fn) {
        return add(HookKind.READ, from, to, true, false, require(fn));
    }

    /** Calls {@code fn} after each write that overlaps {@code [from, to)} (virtual addresses). */
    public Hook onWrite(long from, long to, Consumer<HookContext> fn) {
        return add(HookKind.WRITE, from, to, false, true, require(fn));
    }

    /** Calls {@code fn} after the hart entered the handler of an exception ({@link HookContext#trap}). */
    public Hook onTrap(Consumer<HookContext> fn) {
        return add(HookKind.TRAP, 0, Hook.SPACE_END, false, false, require(fn));
    }

    /** Calls {@code fn} after the hart entered the handler of an interrupt. */
    public Hook onInterrupt(Consumer<HookContext> fn) {
        return add(HookKind.INTERRUPT, 0, Hook.SPACE_END, false, false, require(fn));
    }

    /** Stops runs before the instruction at {@code pc}, calling {@code fn} first (null: none). */
    public Hook breakpoint(int pc, Consumer<HookContext> fn) {
        long a = Integer.toUnsignedLong(pc);
        return add(HookKind.BREAK, a, a + 4, false, false, fn);
    }

    /**
     * Stops runs after an access overlapping {@code [from, to)} (reads, writes or both),
     * calling {@code fn} first (null: none).
     */
    public Hook watchpoint(long from, long to, boolean reads, boolean writes, Consumer<HookContext> fn) {
        if (!reads && !writes) throw new IllegalArgumentException("a watchpoint watches reads, writes or both");
        return add(HookKind.WATCH, from, to, reads, writes, fn);
    }

    private static <T> T require(T fn) {
        if (fn == null) throw new IllegalArgumentException("a hook needs a function to call");
        return fn;
    }

    private Hook add(HookKind kind, long from, long to, boolean reads, boolean writes, Consumer<HookContext> fn) {
        Hook h = new Hook(this, nextId, kind, from, to, reads, writes, fn);
        nextId++;
        all.add(h);
        changed();
        return h;
    }

    void removed(Hook h) {
        all.remove(h);
        changed();
    }

    /** Removes every hook. */
    public void clear() {
        for (Hook h : List.copyOf(all)) h.remove();
    }

    /** The hooks in registration order. */
    public List<Hook> list() { return List.copyOf(all); }

    /**
     * A hook like {@code like} (of other hooks: the same number, kind, range and accesses),
     * calling {@code fn}: what a debugger's handle keeps when its VM is made again.
     */
    public Hook addLike(Hook like, Consumer<HookContext> fn) {
        Hook h = new Hook(this, like.id(), like.kind(), like.from(), like.to(), like.wantsRead(), like.wantsWrite(), fn);
        nextId = Math.max(nextId, like.id() + 1);
        all.add(h);
        changed();
        return h;
    }

    /**
     * New hooks on {@code other} with these breakpoints and watchpoints (not their
     * functions, nor the other hooks): the same stops on another target, such as the copy a
     * VM was before it moved.
     */
    public Hooks stopsOn(Target other) {
        Hooks copy = new Hooks(other);
        for (Hook h : all) {
            if (h.kind() == HookKind.BREAK) copy.breakpoint((int) h.from(), null);
            else if (h.kind() == HookKind.WATCH) copy.watchpoint(h.from(), h.to(), h.wantsRead(), h.wantsWrite(), null);
        }
        return copy;
    }

    /** Rebuilds the dispatch arrays and tells the machine, so a change takes effect at once. */
    private void changed() {
        before = select(k -> k.before());
        access = select(HookKind::access);
        traps = select(k -> k == HookKind.TRAP || k == HookKind.INTERRUPT);
        everywhere = before.length == 1 && access.length == 0 && before[0].kind() == HookKind.INSN && before[0].whole() ? before[0] : null;
        boolean marks = before.length > 0 || access.length > 0;
        if (marks) {
            if (monitoring) target.refreshMarks();
            else target.setMonitor(this);
        } else if (monitoring) {
            target.setMonitor(null);
        }
        monitoring = marks;
        if (traps.length > 0 && !listening) target.onTrap(trapListener);
        if (traps.length == 0 && listening) target.removeTrapHook(trapListener);
        listening = traps.length > 0;
    }

    private Hook[] select(java.util.function.Predicate<HookKind> which) {
        return all.stream().filter(h -> which.test(h.kind())).toArray(Hook[]::new);
    }

    // ---------------------------------------------------------------- running

    /**
     * Runs the machine like {@link Target#run}, reporting a stop that a trap hook asked
     * for as {@link StopReason#BREAK} with its message.
     */
    public RunResult run(long maxInsns) {
        trapStop = null;
        lastStop = null;
        RunResult r = target.run(maxInsns);
        if (r.reason() == StopReason.STOPPED && trapStop != null) {
            r = new RunResult(StopReason.BREAK, r.insns(), r.cycles(), r.exitCode(), trapStop);
        }
        trapStop = null;
        return r;
    }

    @Override
    public MarkSet markSet() {
        long[] ranges = new long[2 * before.length];
        for (int i = 0; i < before.length; i++) {
            ranges[2 * i] = before[i].from();
            ranges[2 * i + 1] = before[i].to();
        }
        return new MarkSet(ranges, access.length > 0);
    }

    @Override
    public boolean marked(int pc, int word) {
        for (Hook h : before) if (h.covers(pc)) return true;
        return access.length > 0 && MemoryAccess.isMemory(word);
    }

    @Override
    public String before(int pc, int word) { return before(pc, word, null); }

    @Override
    public String before(int pc, int word, MarkedRun run) {
        Hook only = everywhere;
        if (only != null && !resume) return callEverywhere(only, pc, word, run);
        boolean resuming = false;
        if (resume) {
            resuming = resumePc == pc && resumeInsns == target.instructions();
            resume = false;
        }
        if (!resuming) {
            lastStop = null;
            String stop = callBefore(pc, word);
            if (stop != null) {
                resume = true;
                resumePc = pc;
                resumeInsns = target.instructions();
                return stop;
            }
        }
        if (access.length > 0) {
            pending = null;
            prepareAccess(pc, word);
        }
        return null;
    }

    /**
     * {@link #callBefore} of the only hook, which covers {@code pc}: the same calls, the same
     * stop. A {@link SteppingHook} may step the run on ({@code run}) and be called for the
     * instructions after this one too: the answer is then about the last it was called for.
     */
    private String callEverywhere(Hook only, int pc, int word, MarkedRun run) {
        lastStop = null;
        if (target.replaying()) return null;   // replaying known history calls no insn hook
        ctx.at(only, pc).word(word);
        if (run != null && only.fn() instanceof SteppingHook stepping) {
            steps.begin(run, only);
            try {
                stepping.callStepping(ctx, steps);
            } finally {
                steps.end();
            }
            pc = ctx.pc();
        } else {
            only.fn().accept(ctx);
        }
        String stop = ctx.takeStop();
        if (stop != null) {
            lastStop = HookKind.INSN;
            resume = true;
            resumePc = pc;
            resumeInsns = target.instructions();
        }
        return stop;
    }

    private String callBefore(int pc, int word) {
        String stop = null;
        boolean quiet = target.replaying();
        for (Hook h : before) {
            if (h.removed() || !h.covers(pc) || quiet && h.kind() != HookKind.BREAK) continue;
            if (h.fn() != null && !quiet) {
                h.fn().accept(ctx.at(h, pc).word(word));
                String s = ctx.takeStop();
                if (stop == null && s != null) {
                    stop = s;
                    lastStop = h.kind();
                }
            }
            if (h.kind() == HookKind.BREAK && stop == null) {
                stop = String.format("breakpoint %d at 0x%08x", h.id(), pc);
                lastStop = HookKind.BREAK;
            }
        }
        return stop;
    }

    /** Notes the access the instruction {@code word} at {@code pc} is about to make, and old values for write watchpoints. */
    private void prepareAccess(int pc, int word) {
        MemoryAccess a = MemoryAccess.of(word, target::reg);
        if (a == null) return;
        pending = a;
        pendingWord = word;
        if (a.writes()) {
            for (Hook h : access) {
                if (h.kind() == HookKind.WATCH && h.wantsWrite() && h.overlaps(a.address(), a.width())) {
                    pendingOld = readAccessed(a, a.width());
                    break;
                }
            }
        }
    }

    /** Only read, write and watch hooks look after an instruction. */
    @Override
    public boolean wantsAfter() { return access.length > 0; }

    @Override
    public String after(int pc) {
        MemoryAccess a = pending;
        pending = null;
        if (a == null || target.pc() != pc + 4) return null;   // no access, or it trapped
        String stop = null;
        if (a.reads()) {
            int value = a.rd() != 0 && !a.writes() ? MemoryAccess.cut(target.reg(a.rd()), a.width())
                    : a.rd() != 0 ? target.reg(a.rd()) : readAccessed(a, a.width());
            stop = callAccess(pc, a, value, false);
        }
        boolean wrote = a.writes() && (!a.conditional() || target.reg(a.rd()) == 0);
        if (wrote) {
            int value = a.reads() ? readAccessed(a, 4) : a.stored();   // an AMO's result is in memory
            String s = callAccess(pc, a, value, true);
            if (stop == null) stop = s;
        }
        return stop;
    }

    private String callAccess(int pc, MemoryAccess a, int value, boolean write) {
        String stop = null;
        boolean quiet = target.replaying();
        for (Hook h : access) {
            if (h.removed() || !(write ? h.wantsWrite() : h.wantsRead()) || !h.overlaps(a.address(), a.width())) continue;
            if (quiet && h.kind() != HookKind.WATCH) continue;
            ctx.at(h, pc).word(pendingWord).access(a.address(), a.width(), value, write);
            if (write && h.kind() == HookKind.WATCH) ctx.old(pendingOld);
            if (h.fn() != null && !quiet) h.fn().accept(ctx);
            String s = ctx.takeStop();
            if (s == null && h.kind() == HookKind.WATCH) s = watchMessage(h, pc, a, value, write);
            if (stop == null && s != null) {
                stop = s;
                lastStop = h.kind();
            }
        }
        return stop;
    }

    private String watchMessage(Hook h, int pc, MemoryAccess a, int value, boolean write) {
        String what = write ? String.format("write 0x%x -> 0x%x", pendingOld, value) : String.format("read 0x%x", value);
        return String.format("watchpoint %d: %s at 0x%08x (%d bytes) by pc 0x%08x", h.id(), what, a.address(), a.width(), pc);
    }

    /**
     * Memory at the address of access {@code a} as the hart sees it now (through the guest's
     * two stages for HLV/HSV), or 0 when it does not translate or is unmapped.
     */
    private int readAccessed(MemoryAccess a, int width) {
        long pa = a.guest() ? target.guestPhysical(a.address(), Access.LOAD) : target.physical(a.address(), Access.LOAD);
        if (pa < 0) return 0;
        try {
            return target.read((int) pa, width);
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    private void trapTaken(TrapEvent e) {
        for (Hook h : traps) {
            if (h.removed() || (h.kind() == HookKind.INTERRUPT) != e.interrupt()) continue;
            h.fn().accept(ctx.at(h, e.pc()).trap(e));
            String s = ctx.takeStop();
            if (s != null && trapStop == null) {
                trapStop = s;
                lastStop = h.kind();
                target.requestStop();
            }
        }
    }

    /** A watchpoint an instruction would trigger, and the address it would access. */
    public record WatchedAccess(Hook watchpoint, int address, boolean write) {}

    /**
     * The first watchpoint the instruction at the pc would trigger if it ran now, from its
     * word and the registers (where a reverse continue arrives before the access), or null.
     */
    public WatchedAccess watchedAccessHere() {
        Integer word = target.instructionAt(target.pc());
        MemoryAccess a = word == null ? null : MemoryAccess.of(word, target::reg);
        if (a == null) return null;
        for (Hook h : access) {
            if (h.kind() != HookKind.WATCH || !h.overlaps(a.address(), a.width())) continue;
            if (a.writes() && h.wantsWrite()) return new WatchedAccess(h, a.address(), true);
            if (a.reads() && h.wantsRead()) return new WatchedAccess(h, a.address(), false);
        }
        return null;
    }

    /**
     * The kind of hook that stopped the last run: {@link HookKind#BREAK} (stopped before
     * the instruction), {@link HookKind#WATCH} (after the access), another kind for a hook
     * that asked to stop, or null.
     */
    public HookKind lastStop() { return lastStop; }

    /** The machine went to another point in time: a stop there is reported again, not skipped as resumed. */
    @Override
    public void rewound() { resume = false; }

    @Override public String toString() {
        return all.isEmpty() ? "no hooks" : String.join("\n", all.stream().map(Hook::toString).toList());
    }
}
