package vmsh.gdb;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import vmsh.debug.Hook;
import vmsh.debug.HookKind;
import vmsh.debug.Hooks;
import vmsh.board.RunResult;
import vmsh.board.Target;
import vmsh.history.History;
import vmsh.history.Timeline;
import vmsh.mmu.Access;

/**
 * A debuggable {@link Target} as gdb's target, written once for a bare machine and a VM's
 * vCPU: its registers and CSRs (a guest's as the guest reads them), its memory through its
 * translation (the MMU, or the guest's own page table) or physical (guest-physical),
 * breakpoints and watchpoints as hooks of its {@link Hooks}, and reverse execution through
 * a machine's {@link History} when there is one.
 *
 * <p>Memory gdb reads and writes is RAM only: a device register read can change the
 * device (a UART's receive buffer), and gdb reads memory on its own (stack frames).
 */
public final class BoardTarget implements DebugTarget {
    /**
     * How the machine runs and travels in time for gdb: through its hooks, under whatever
     * limits the host keeps (a budget, a deadline, Ctrl-C at its prompt).
     */
    public interface Driver {
        /** Runs at most {@code maxInsns} instructions through the hooks (Long.MAX_VALUE: until something stops it). */
        RunResult run(long maxInsns);

        /** Makes a trip through history; false when a stop (Ctrl-C) ended it on the way. */
        boolean travel(Runnable trip);

        /** Runs and travels with nothing around them. */
        static Driver plain(Hooks hooks) {
            return new Driver() {
                @Override public RunResult run(long maxInsns) { return hooks.run(maxInsns); }

                @Override public boolean travel(Runnable trip) {
                    try {
                        trip.run();
                        return true;
                    } catch (History.Interrupted e) {
                        return false;
                    }
                }
            };
        }
    }

    private final Target target;
    private final Hooks hooks;
    private final Timeline history;
    private final Driver driver;
    private final Function<String, String> monitor;
    private final Map<Point, Hook> points = new HashMap<>();
    private final Map<Hook, Point> byHook = new HashMap<>();
    /** The watchpoint hit by the last run, with the address accessed. */
    private Point watchHit;
    private int watchAddress;

    /**
     * @param hooks   the target's hooks (gdb's breakpoints and watchpoints join them)
     * @param history the machine's history, or null when there is none (no reverse execution)
     * @param monitor runs a monitor command and returns its output (null: none are offered)
     */
    public BoardTarget(Hooks hooks, Timeline history, Driver driver, Function<String, String> monitor) {
        this.target = hooks.target();
        this.hooks = hooks;
        this.history = history;
        this.driver = driver;
        this.monitor = monitor;
    }

    // ---------------------------------------------------------------- registers

    @Override public int reg(int n) { return target.reg(n); }

    @Override public void setReg(int n, int value) { target.setReg(n, value); }

    @Override public int pc() { return target.pc(); }

    @Override public void setPc(int pc) { target.setPc(pc); }

    @Override public int privilege() { return target.privilege(); }

    @Override public boolean hasCsr(int number) { return target.hasCsr(number); }

    @Override public int csr(int number) { return target.csr(number); }

    @Override public void setCsr(int number, int value) { target.setCsr(number, value); }

    @Override public void setPrivilege(int privilege) { target.setPrivilege(privilege); }

    // ---------------------------------------------------------------- memory

    @Override
    public int readByte(int address, boolean physical) {
        long pa = physicalAddress(address, physical);
        return pa < 0 ? -1 : target.read((int) pa, 1) & 0xff;
    }

    @Override
    public boolean writeByte(int address, boolean physical, int value) {
        long pa = physicalAddress(address, physical);
        if (pa < 0) return false;
        target.write((int) pa, 1, value);
        return true;
    }

    /** The RAM address {@code address} reaches (through the target's translation unless physical), or -1. */
    private long physicalAddress(int address, boolean physical) {
        long pa = physical ? Integer.toUnsignedLong(address) : target.physical(address, Access.LOAD);
        return pa >= 0 && target.isRam(pa, 1) ? pa : -1;
    }

    // ---------------------------------------------------------------- running

    /**
     * A step runs under an instruction hook on every address, so that it is one of the
     * target's own instructions (under bt a VM's guest would otherwise take a step inside
     * the translator's code, which gdb cannot see).
     */
    @Override
    public Stop resume(boolean step) {
        watchHit = null;
        Hook stepping = step ? hooks.onInstruction(0, Hook.SPACE_END, ctx -> { }) : null;
        RunResult r;
        try {
            r = driver.run(step ? 1 : Long.MAX_VALUE);
        } finally {
            if (stepping != null) stepping.remove();
        }
        return switch (r.reason()) {
            case HALT -> Stop.exited(r.exitCode());
            case FAULT -> Stop.fault("vmsh: guest fault: " + r.message());
            case STOPPED -> Stop.interrupted();
            case IDLE -> Stop.trap("vmsh: " + r.message());
            case BUDGET -> Stop.trap(step ? "" : "vmsh: " + r.message());
            case BREAK -> breakStop(r);
        };
    }

    /** A breakpoint or watchpoint of gdb's, or another hook that stopped the run (its message on gdb's console). */
    private Stop breakStop(RunResult r) {
        if (hooks.lastStop() == HookKind.WATCH && watchHit != null) return beforeAccess(Stop.hit(watchHit, watchAddress));
        if (hooks.lastStop() == HookKind.BREAK) {
            Point p = breakpointAt(target.pc());
            if (p != null) return Stop.hit(p, target.pc());
        }
        return Stop.trap("vmsh: " + r.message());
    }

    /**
     * gdb's RISC-V target takes watchpoints as triggering before the access (as the debug
     * triggers do): it steps over the instruction itself after the stop. The hooks stop
     * after the access, so with a history the machine goes back one instruction to before
     * it; without one it stays after it, and gdb ends up one instruction further.
     */
    private Stop beforeAccess(Stop hit) {
        if (history == null || history.now() <= history.oldest()) return hit;
        return driver.travel(() -> history.reverseStep(1)) ? hit : Stop.interrupted();
    }

    private Point breakpointAt(int pc) {
        for (Point p : points.keySet()) if (p.type().breakpoint() && p.address() == pc) return p;
        return null;
    }

    @Override public void requestStop() { target.requestStop(); }

    @Override public void clearStopRequest() { target.clearStopRequest(); }

    // ---------------------------------------------------------------- breakpoints and watchpoints

    @Override
    public boolean insert(Point p) {
        if (points.containsKey(p)) return true;
        Hook h;
        if (p.type().breakpoint()) {
            h = hooks.breakpoint(p.address(), null);
        } else {
            long from = Integer.toUnsignedLong(p.address());
            h = hooks.watchpoint(from, from + p.length(), p.type().watchesReads(), p.type().watchesWrites(), ctx -> {
                if (watchHit == null) {
                    watchHit = byHook.get(ctx.hook());
                    watchAddress = ctx.address();
                }
            });
        }
        points.put(p, h);
        byHook.put(h, p);
        return true;
    }

    @Override
    public boolean remove(Point p) {
        Hook h = points.remove(p);
        if (h == null) return false;
        byHook.remove(h);
        return h.remove();
    }

    // ---------------------------------------------------------------- going back

    @Override public boolean reversible() { return history != null; }

    @Override
    public Stop reverseStep() {
        if (atOldest()) return oldest();
        return driver.travel(() -> history.reverseStep(1)) ? Stop.trap("") : Stop.interrupted();
    }

    @Override
    public Stop reverseContinue() {
        if (atOldest()) return oldest();
        History.Arrival[] arrival = new History.Arrival[1];
        if (!driver.travel(() -> arrival[0] = history.reverseContinue())) return Stop.interrupted();
        if (!arrival[0].hit()) return oldest();
        Point b = breakpointAt(target.pc());
        if (b != null) return Stop.hit(b, target.pc());
        Hooks.WatchedAccess w = hooks.watchedAccessHere();
        Point p = w == null ? null : byHook.get(w.watchpoint());
        if (p == null) return Stop.trap("vmsh: " + arrival[0].message());
        return afterAccess(Stop.hit(p, w.address()));
    }

    /**
     * Going back, gdb steps back over the accessing instruction itself after the stop (see
     * {@link #beforeAccess}): the history arrived before the access, so the machine moves to
     * just after it.
     */
    private Stop afterAccess(Stop hit) {
        long after = history.now() + 1;
        return driver.travel(() -> history.seek(after)) ? hit : Stop.interrupted();
    }

    private boolean atOldest() {
        if (history == null) throw new IllegalStateException("this target keeps no history to go back in");
        return history.now() <= history.oldest();
    }

    private Stop oldest() {
        return Stop.oldest("vmsh: at the oldest point of history, instruction " + history.oldest());
    }

    // ---------------------------------------------------------------- monitor

    @Override
    public String monitor(String command) {
        if (monitor == null) return "vmsh monitor commands are not available here (monitor help lists the stub's own)";
        return monitor.apply(command);
    }
}
