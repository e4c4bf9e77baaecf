package vmsh.history;

import vmsh.board.RunResult;
import vmsh.board.StopReason;
import vmsh.debug.HookKind;
import vmsh.debug.Hooks;
import vmsh.history.Checkpoints.Checkpoint;
import vmsh.machine.Machine;
import vmsh.machine.MachineSnapshot;
import vmsh.machine.RunObserver;
import vmsh.state.FrameSet;

/**
 * A machine's past, kept so that any earlier instruction can be reached again: a
 * checkpoint (a snapshot, memory shared copy-on-write) at every multiple of the interval,
 * and the outside input between them. Going to instruction {@code t} restores the last
 * checkpoint at or before {@code t} and runs forward to {@code t}, giving the logged input
 * again at its instructions; a run is deterministic, so it arrives exactly where the
 * machine was.
 *
 * <p>The timeline: {@link #present} is the furthest instruction reached. Back in the past,
 * running forward re-runs the same future (its console output is not shown twice) until
 * the present is reached again; a change made in the past (a register set, memory written)
 * starts a different future and forgets the old one. A position {@code t} is the state
 * after {@code t} instructions and before the input that came at {@code t}.
 *
 * <p>Memory: checkpoints share frames with each other and the machine, so one costs its
 * saved registers and devices plus the frames written since the one before. When they
 * hold more than the cap, the oldest go, and the oldest point reachable moves forward.
 */
public final class History implements RunObserver, InputLog.Gate, Timeline {
    /**
     * Instructions between checkpoints: a reverse step re-runs at most this many (a few ms
     * at 300 MIPS), while taking checkpoints costs about 1% of a run's time on the kernel and
     * the CPU benchmark (vmsh bench history). A guest that dirties many pages between
     * checkpoints pays a page copy for each, so a longer interval suits it better.
     */
    public static final long DEFAULT_INTERVAL = 1L << 20;
    /** Host memory the checkpoints may hold by default. */
    public static final long DEFAULT_CAP = 128L << 20;

    /** A checkpoint: the state at {@code at}, before the input that came at {@code at} (from event {@code seq} on). */

    private final Machine machine;
    private final Hooks hooks;
    private final long interval;
    /** Checkpoints: each the state at its instruction, before the input that came there (from its event on). */
    private final Checkpoints<MachineSnapshot> checkpoints;
    /** The outside input since the oldest checkpoint; the events numbered below nextSeq have been given on this path. */
    private final InputLog log;
    private long nextSeq;
    private long present;
    private long replayed;
    /** History is giving logged input or running to a point itself: no new input is logged. */
    private boolean busy;

    /** Keeps the history of {@code machine} from now on; {@code hooks} are its breakpoints and watchpoints. */
    public History(Machine machine, Hooks hooks, long interval, long cap) {
        if (interval < 1) throw new IllegalArgumentException("history interval " + interval + " must be at least 1 instruction");
        this.checkpoints = new Checkpoints<>(cap, History::cost);
        this.machine = machine;
        this.hooks = hooks;
        this.interval = interval;
        this.log = new InputLog(machine, this);
        begin();
        machine.addInputObserver(log);
        machine.setRunObserver(this);
    }

    /** Stops keeping history and lets its memory go. */
    public void close() {
        machine.removeInputObserver(log);
        machine.setRunObserver(null);
        machine.setReplaying(false);
        checkpoints.clear();
        log.clear();
    }

    private void begin() {
        checkpoints.clear();
        log.clear();
        nextSeq = log.end();
        present = machine.instructions();
        checkpoint();
    }

    // ---------------------------------------------------------------- what it holds

    /** The instruction the machine is at. */
    @Override
    public long now() { return machine.instructions(); }

    /** The furthest instruction this timeline has reached. */
    public long present() { return present = Math.max(present, machine.instructions()); }

    /** The oldest instruction that can be reached again. */
    @Override
    public long oldest() { return checkpoints.oldest().at(); }

    public int checkpoints() { return checkpoints.count(); }

    /** Host bytes the checkpoints hold (frames they share counted once). */
    public long bytes() { return checkpoints.held(); }

    public long interval() { return interval; }

    public long cap() { return checkpoints.cap(); }

    /** Input events logged between the oldest point and the present. */
    public int inputEvents() { return log.size(); }

    /** Changes the cap; the oldest checkpoints go at once if they hold more. */
    public void setCap(long bytes) {
        checkpoints.setCap(bytes);
        trim();
    }

    // ---------------------------------------------------------------- going back

    /**
     * Goes to instruction {@code target}, between the oldest point and the present: restores
     * the checkpoint before it and runs forward, quietly (no hook is called, no output shown).
     */
    @Override
    public void seek(long target) {
        present();
        if (target < oldest())
            throw new IllegalArgumentException("instruction " + target + " is before the oldest point in history, instruction "
                    + oldest() + " (a larger history cap keeps more)");
        if (target > present)
            throw new IllegalArgumentException("instruction " + target + " is after the present, instruction " + present
                    + ": run forward to get there");
        Checkpoint<MachineSnapshot> c = checkpoints.atOrBefore(target);
        long now = machine.instructions();
        if (now > target || now < c.at()) rewind(c);
        replayTo(target);
    }

    /** Goes back {@code n} instructions. */
    @Override
    public void reverseStep(long n) {
        if (n < 0) throw new IllegalArgumentException("reverse step of " + n + " instructions: the count must not be negative");
        long now = machine.instructions();
        if (now - n < oldest())
            throw new IllegalArgumentException("cannot step back " + n + " instructions from instruction " + now
                    + ": the oldest point in history is instruction " + oldest() + " (a larger history cap keeps more)");
        seek(now - n);
    }

    /**
     * Where a reverse continue arrived.
     *
     * @param at       the instruction it arrived at
     * @param hit      a breakpoint or watchpoint was hit (else: the oldest point)
     * @param message  what stopped it there
     * @param replayed instructions the search ran again to find it
     */
    public record Arrival(long at, boolean hit, String message, long replayed) {}

    /** Instructions run again so far to reach points of the past (by seeks, steps and searches). */
    public long replayed() { return replayed; }

    /**
     * Goes back to the last breakpoint or watchpoint hit before now: for a breakpoint, to the
     * stop before its instruction; for a watchpoint, to the instruction that made the access,
     * before it runs. Without an earlier hit, to the oldest point.
     */
    @Override
    public Arrival reverseContinue() {
        long end = machine.instructions(), replayed0 = replayed;
        for (int k = checkpoints.indexAtOrBefore(end - 1); k >= 0; k--) {
            Checkpoint<MachineSnapshot> c = checkpoints.get(k);
            Arrival last = scan(c, end);
            if (last != null) {
                seek(last.at());
                return new Arrival(last.at(), true, last.message(), replayed - replayed0);
            }
            end = c.at();
        }
        seek(oldest());
        return new Arrival(oldest(), false, "no breakpoint or watchpoint hit in history: at the oldest point, instruction " + oldest(),
                replayed - replayed0);
    }

    /** The last hit in [c.at, end), running forward from c quietly, or null. */
    private Arrival scan(Checkpoint<MachineSnapshot> c, long end) {
        rewind(c);
        Arrival last = null;
        quiet(true);
        try {
            while (machine.instructions() < end) {
                RunResult r = hooks.run(end - machine.instructions());
                replayed += r.insns();
                stopped(r);
                if (r.reason() == StopReason.BREAK) {
                    long at = hooks.lastStop() == HookKind.WATCH ? machine.instructions() - 1 : machine.instructions();
                    if (at < end) last = new Arrival(at, true, r.message(), 0);
                } else if (r.insns() == 0) {
                    break;
                }
            }
        } finally {
            quiet(false);
        }
        return last;
    }

    /** Restores checkpoint c: the machine is at c.at, with the input that came there given. */
    private void rewind(Checkpoint<MachineSnapshot> c) {
        busy = true;
        try {
            machine.rewind(c.state());
            nextSeq = c.seq();
            giveLoggedInput(c.at());
        } finally {
            busy = false;
        }
    }

    /** Runs quietly to {@code target} (at or before the present). */
    private void replayTo(long target) {
        quiet(true);
        try {
            while (machine.instructions() < target) {
                RunResult r = machine.run(target - machine.instructions());
                replayed += r.insns();
                stopped(r);
                if (r.insns() == 0 && r.reason() != StopReason.BREAK) break;
            }
        } finally {
            quiet(false);
        }
        if (machine.instructions() != target)
            throw new Replay.DivergedException("history could not reach instruction " + target + ": the machine stopped at "
                    + machine.instructions());
    }

    /** A stop the user asked for (Ctrl-C, a time limit) ends the search or replay where it is. */
    private void stopped(RunResult r) {
        if (r.reason() == StopReason.STOPPED)
            throw new Interrupted("stopped at instruction " + machine.instructions() + " while going back in time");
    }

    /** Going back was stopped on the way (Ctrl-C, a time limit); the machine is at a point of its history. */
    public static final class Interrupted extends IllegalStateException {
        public Interrupted(String message) { super(message); }
    }

    /** Hooks and output off while history runs to a point itself; output stays off in the past. */
    private void quiet(boolean on) {
        machine.setReplaying(on);
        machine.muteConsole(on || machine.instructions() < present());
    }

    // ---------------------------------------------------------------- keeping it (RunObserver)

    @Override
    public long nextStop() {
        long now = machine.instructions();
        long stop = now % interval == 0 && !hasCheckpoint(now) ? now : (now / interval + 1) * interval;
        InputEvent e = pendingEvent();
        if (e != null) stop = Math.min(stop, Math.max(now, e.at()));
        if (now < present) stop = Math.min(stop, present);
        return stop;
    }

    @Override
    public void atStop() {
        long now = machine.instructions();
        present();
        if (now % interval == 0 && !hasCheckpoint(now)) checkpoint();
        giveLoggedInput(now);
        if (!machine.replaying()) machine.muteConsole(now < present);
    }

    /** The logged input that came at {@code now}, given again on this path. */
    private void giveLoggedInput(long now) {
        boolean wasBusy = busy;
        busy = true;
        try {
            for (InputEvent e = pendingEvent(); e != null && e.at() == now; e = pendingEvent()) {
                nextSeq++;
                e.apply(machine);
            }
        } finally {
            busy = wasBusy;
        }
    }

    /** The next logged event this path has not given yet, or null. */
    private InputEvent pendingEvent() { return log.get(nextSeq); }

    private void checkpoint() {
        MachineSnapshot s = machine.snapshot();
        checkpoints.add(s.insns(), s, nextSeq);
        trim();
    }

    /** The oldest checkpoints go while they hold more than the cap, and the input before the oldest left with them. */
    private void trim() {
        if (checkpoints.trim(machine.instructions())) log.dropBefore(checkpoints.oldest().seq());
    }

    /** A machine checkpoint's host bytes: its saved parts and the frames {@code before} does not share. */
    private static long cost(MachineSnapshot s, MachineSnapshot before) {
        return s.state().length + newFrameBytes(s.ram(), before == null ? null : before.ram());
    }

    /** Bytes of frames in {@code now} that {@code before} does not share (all of them without a before). */
    public static long newFrameBytes(FrameSet now, FrameSet before) {
        if (before == null) return now.bytes();
        long bytes = 0;
        int j = 0;
        for (int i = 0; i < now.count(); i++) {
            int n = now.number(i);
            while (j < before.count() && before.number(j) < n) j++;
            if (j >= before.count() || before.number(j) != n || before.frame(j) != now.frame(i)) bytes += FrameSet.WORDS * 4;
        }
        return bytes;
    }

    private boolean hasCheckpoint(long at) { return checkpoints.has(at); }

    // ---------------------------------------------------------------- outside input (the log's gate)

    @Override
    public void beforeRun() {
        present();
        if (!machine.replaying()) machine.muteConsole(machine.instructions() < present);
    }

    /**
     * New input is logged unless history is giving logged input itself, or the machine is
     * re-running the past (a hook there repeats what the log holds). Between runs in the
     * past, it starts a different future: the old one is forgotten.
     */
    @Override
    public boolean admit(boolean running) {
        if (busy || machine.replaying()) return false;
        long now = machine.instructions();
        if (now < present()) {
            if (running) return false;
            forgetFuture(now);
        }
        return true;
    }

    /** Logged input is given already: the machine has it. */
    @Override
    public void logged() { nextSeq = log.end(); }

    /** A restore or an image load: history starts again from here. */
    @Override
    public boolean replaced() {
        if (!busy) begin();
        return false;
    }

    /** The future after {@code now} is gone: its checkpoints and its input. */
    private void forgetFuture(long now) {
        checkpoints.dropAfter(now);
        log.dropFrom(nextSeq);
        present = now;
        machine.muteConsole(false);
    }
}
