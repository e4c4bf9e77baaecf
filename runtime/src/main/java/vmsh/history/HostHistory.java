package vmsh.history;

import java.util.ArrayList;
import java.util.List;
import vmsh.debug.HookKind;
import vmsh.debug.Hooks;
import vmsh.history.Checkpoints.Checkpoint;
import vmsh.dev.Console;
import vmsh.hv.HostObserver;
import vmsh.hv.HvSnapshot;
import vmsh.hv.Hypervisor;
import vmsh.hv.Vm;

/**
 * A host's past, kept so that any earlier point of each of its VMs can be reached again:
 * a checkpoint (a host snapshot, memory shared copy-on-write) at every multiple of the
 * interval of host instructions, and the host's log between them (its runs and the changes
 * made between them, {@link HostEvent}). Going back restores the last checkpoint before the
 * point and runs the logged runs again, quietly, to it.
 *
 * <p>Points are counted in a VM's own guest instructions ({@link Vm#guestInstructions}):
 * of a VM of several vCPUs, those of all of them, which take turns on the hart one at a
 * time, so that a count names one moment whichever vCPU ran to it, and the VM's
 * instructions, breakpoint hits and writes are in one order. A VM is at guest instruction
 * {@code g} from the moment its {@code g}-th instruction ends until it runs again; going
 * there stops the host at that moment, as a run stopped there would (the present is where
 * the host stopped), the vCPU that runs the next instruction on turn (a stop inside a
 * vCPU's turn keeps the rest of it for that vCPU, so stops change nothing of the future).
 *
 * <p>Cuts: a host schedules its VMs round robin in quanta, and a run that stops inside a
 * quantum ends the quantum there. So the host's runs are cut at every eighth of the
 * interval whether a checkpoint is taken there or not, and going back runs the logged runs
 * as they were asked for: the same cuts, the same future. A run keeps a checkpoint at every
 * multiple of the interval; a seek, running the past again, at every cut it passes, so a
 * step back from where it arrived replays an eighth of the interval at most. Running forward from a point of
 * the past is another run than the logged ones: it starts a new future, and the old one is
 * forgotten.
 *
 * <p>The first step back from where a run stopped: besides its checkpoints, the history keeps
 * the host at one late point of its latest runs (the tail), so that this step re-runs less
 * than an interval wherever the run stopped (a breakpoint, a halt, its budget). A run that
 * begins an eighth of the interval or more after the newest point a step back could start
 * from keeps the host there (the log's snapshot of it: free); a run whose instructions cost
 * more than a cycle each on average (exits, misses, traps: where simulating is slow too)
 * keeps the host at the first cut where an interval of host time has passed since that
 * point. Instructions that cost a cycle each run fast, and a step back re-runs their
 * interval quickly: they keep none (a snapshot at every cut would cost them a fifth of
 * their speed). The tail is one snapshot beside the checkpoints (not among their count and
 * bytes); it goes when a checkpoint is taken after it, a later tail replaces it, or its
 * future is forgotten.
 *
 * <p>Memory: as a machine's {@link History}: checkpoints share frames with each other and
 * the host, one costs its saved parts and the frames written since the one before; beyond
 * the cap the oldest go.
 */
public final class HostHistory implements HostObserver {
    /**
     * Host instructions between checkpoints: four times a machine's ({@link
     * History#DEFAULT_INTERVAL}), as a host's checkpoint (every VM, the memory scheduler, the
     * VMM's tables) costs more; at 2^20 recording cost a VM 10-13% of its speed, a reverse
     * step of the kernel's VM 6 ms (vmsh bench history).
     */
    public static final long DEFAULT_INTERVAL = 1L << 22;
    public static final long DEFAULT_CAP = History.DEFAULT_CAP;
    /** Cuts per interval: where a seek may keep checkpoints on its way. */
    static final long CUTS_PER_INTERVAL = 8;

    /** What a checkpoint keeps: the host, each VM's guest instructions then, and host time (cycles). */
    private record Point(HvSnapshot host, long[] vmInsns, long time) {}

    private final Hypervisor hv;
    private final long interval;
    /** Host instructions between cuts: an eighth of the interval (when it divides by 8), so that a trip back has nearer checkpoints. */
    private final long cuts;
    /** A seek is running the past again: it keeps a checkpoint at every cut it passes. */
    private boolean seeking;
    /** Checkpoints at host instructions: each the host then, and the next log entry to give (the run going on). */
    private final Checkpoints<Point> checkpoints;
    private final HostLog log;
    /** The host instruction count of the present, and each VM's guest instructions there. */
    private long present;
    private long[] presentVmInsns;
    /** The tail: the host at a late point of its latest runs, kept aside (see the class comment), or null. */
    private Checkpoint<Point> tail;
    /** The next log entry a trip through the past gives. */
    private long seq;
    private long replayed;
    /** A search's last hit before its start (vm's instruction, or -1) and what stopped there. */
    private long lastHit;
    private String lastHitMessage;
    /** The history is running the past again itself: nothing is logged. */
    private boolean busy;
    /** How many VMs the host has as its log has led to (a VM made since is logged when the host next runs or is asked about). */
    private int loggedVms;

    /** Keeps the history of {@code hv} from now on (between runs). */
    public HostHistory(Hypervisor hv, long interval, long cap) {
        if (interval < 1) throw new IllegalArgumentException("history interval " + interval + " must be at least 1 instruction");
        this.checkpoints = new Checkpoints<>(cap, HostHistory::cost);
        this.hv = hv;
        this.interval = interval;
        this.cuts = interval % CUTS_PER_INTERVAL == 0 ? interval / CUTS_PER_INTERVAL : interval;
        this.log = new HostLog(hv, () -> !busy);
        begin();
        hv.addObserver(this);
    }

    /** Stops keeping history and lets its memory go. */
    public void close() {
        hv.removeObserver(this);
        checkpoints.clear();
        tail = null;
        log.clear();
    }

    /** Stops watching the host's runs (a replay of a recording replaces its state) until {@link #resumeHere}. */
    public void pause() { hv.removeObserver(this); }

    /** Watches the host's runs again, history starting from the host as it is now. */
    public void resumeHere() {
        hv.removeObserver(this);
        begin();
        hv.addObserver(this);
    }

    /** History starts again from the host as it is now (after a restore or a replay). */
    public void begin() {
        checkpoints.clear();
        tail = null;
        log.clear();
        log.synced();
        present = position();
        presentVmInsns = vmInsns();
        loggedVms = hv.vms().size();
        seq = log.end();
        checkpoint(log.end());
    }

    /** The host is at a point of its past: before the present, or at it with log entries not given yet (a change made there). */
    private boolean inPast() { return position() < present || seq < log.end(); }

    // ---------------------------------------------------------------- what it holds

    public Hypervisor hypervisor() { return hv; }

    /** The host instruction count now. */
    public long now() { return position(); }

    /** The furthest host instruction count reached. */
    public long present() { return Math.max(present, busy ? present : position()); }

    public long oldest() { return checkpoints.oldest().at(); }

    public int checkpoints() { return checkpoints.count(); }

    public long bytes() { return checkpoints.held(); }

    public long interval() { return interval; }

    /** Host instructions between the cuts of the host's runs (a recording made meanwhile is cut there too). */
    public long cuts() { return cuts; }

    public long cap() { return checkpoints.cap(); }

    public int events() { return log.size(); }

    /** Instructions run again so far to reach points of the past. */
    public long replayed() { return replayed; }

    public void setCap(long bytes) {
        checkpoints.setCap(bytes);
        trim();
    }

    /** {@code vm}'s guest instructions at the oldest point (for a VM made since, where it was made). */
    public long oldest(Vm vm) { return oldestOf(index(vm)).state().vmInsns()[index(vm)]; }

    /** The oldest checkpoint that holds VM number {@code i}. */
    private Checkpoint<Point> oldestOf(int i) {
        for (Checkpoint<Point> k : checkpoints.all()) if (holds(k, i)) return k;
        throw new IllegalStateException("no checkpoint holds VM " + i);
    }

    private static boolean holds(Checkpoint<Point> k, int i) { return i >= 0 && i < k.state().vmInsns().length; }

    /** {@code vm}'s guest instructions at the present. */
    public long present(Vm vm) {
        if (!busy && position() >= present) return vm.guestInstructions();
        return presentVmInsns[index(vm)];
    }

    /** True when {@code vm}'s history is kept: it is on the host at this point of its history. */
    public boolean covers(Vm vm) {
        followVms();
        return vm.hypervisor() == hv && index(vm) >= 0;
    }

    /**
     * VMs made (a clone, a spawn, a create) since the log last saw the host: input to the
     * host like any change between runs. A new future begins here (when the host was in
     * the past), the change is logged, and a checkpoint holds the host with its new VMs,
     * the oldest point of those. Going back past it takes them away again ({@link
     * Hypervisor#restoreWithVms}); going forward through the log makes them again.
     */
    private void followVms() {
        if (busy || hv.vms().size() == loggedVms) return;
        if (inPast()) forgetFuture();
        log.flush();
        seq = log.end();
        loggedVms = hv.vms().size();
        present = position();
        presentVmInsns = vmInsns();
        checkpoint(log.end());
    }

    /** Why a point of VM number {@code i} before its oldest cannot be reached. */
    private String beforeOldest(int i) {
        return oldestOf(i) != checkpoints.oldest() ? "(VM '" + hv.vms().get(i).name() + "' was made there)" : "(a larger history cap keeps more)";
    }

    // ---------------------------------------------------------------- going back

    /** {@code vm}'s past as a debugger goes through it, {@code hooks} being its breakpoints and watchpoints. */
    public Timeline timeline(Vm vm, Hooks hooks) {
        return new Timeline() {
            @Override public long now() { return vm.guestInstructions(); }

            @Override public long oldest() { return HostHistory.this.oldest(vm); }

            @Override public void reverseStep(long n) { HostHistory.this.reverseStep(vm, n); }

            @Override public void seek(long insn) { HostHistory.this.seek(vm, insn); }

            @Override public History.Arrival reverseContinue() { return HostHistory.this.reverseContinue(vm, hooks); }
        };
    }

    /** Takes {@code vm} back {@code n} of its guest instructions. */
    public void reverseStep(Vm vm, long n) {
        if (n < 0) throw new IllegalArgumentException("reverse step of " + n + " instructions: the count must not be negative");
        check(vm);
        long now = vm.guestInstructions();
        if (now - n < oldest(vm))
            throw new IllegalArgumentException("cannot step back " + n + " instructions from instruction " + now + " of VM '" + vm.name()
                    + "': the oldest point in history is its instruction " + oldest(vm) + " " + beforeOldest(index(vm)));
        seek(vm, now - n);
    }

    /** Takes the host to where {@code vm} has run {@code g} guest instructions, between its oldest point and the present. */
    public void seek(Vm vm, long g) {
        check(vm);
        long oldest = oldest(vm), last = present(vm);
        if (g < oldest)
            throw new IllegalArgumentException("instruction " + g + " of VM '" + vm.name() + "' is before the oldest point in history, its instruction "
                    + oldest + " " + beforeOldest(index(vm)));
        if (g > last)
            throw new IllegalArgumentException("instruction " + g + " of VM '" + vm.name() + "' is after the present, its instruction " + last
                    + ": run forward to get there");
        keepPresent();
        int i = index(vm);
        Checkpoint<Point> c = oldestOf(i);
        for (Checkpoint<Point> k : starts()) if (holds(k, i) && k.state().vmInsns()[i] < g && k.at() <= present) c = k;
        rewind(c);
        seeking = true;
        try {
            if (g == last) replay(present, null, -1, null, Long.MAX_VALUE);   // the present itself, where the host stopped
            else replay(present, vm, g, null, Long.MAX_VALUE);
        } finally {
            seeking = false;
        }
        if (vm.guestInstructions() != g)
            throw new Replay.DivergedException("history could not reach instruction " + g + " of VM '" + vm.name() + "': it stopped at "
                    + vm.guestInstructions());
        log.synced();
    }

    /**
     * Takes {@code vm} back to the last hit of its breakpoints or watchpoints ({@code hooks})
     * before now: a breakpoint's stop before its instruction; a watchpoint's access, before
     * the instruction that made it. Without one, to the oldest point.
     */
    public History.Arrival reverseContinue(Vm vm, Hooks hooks) {
        check(vm);
        keepPresent();
        long from = vm.guestInstructions(), end = position(), replayed0 = replayed;
        int i = index(vm);
        List<Checkpoint<Point>> starts = starts();
        for (int k = starts.size() - 1; k >= 0; k--) {
            Checkpoint<Point> c = starts.get(k);
            if (!holds(c, i)) break;   // the VM was made after it
            if (c.at() >= end) continue;
            rewind(c);
            hooks.rewound();
            replay(end, vm, -1, hooks, from);
            if (lastHit >= 0) {
                long hit = lastHit;
                String message = lastHitMessage;
                seek(vm, hit);
                return new History.Arrival(hit, true, message, replayed - replayed0);
            }
            end = c.at();
        }
        seek(vm, oldest(vm));
        return new History.Arrival(oldest(vm), false, "no breakpoint or watchpoint hit in history: at the oldest point, instruction "
                + oldest(vm) + " of VM '" + vm.name() + "'", replayed - replayed0);
    }

    /** Where a trip back may start: the checkpoints, and the tail among them, oldest first. */
    private List<Checkpoint<Point>> starts() {
        if (tail == null) return checkpoints.all();
        List<Checkpoint<Point>> all = new ArrayList<>(checkpoints.all());
        int k = checkpoints.indexAtOrBefore(tail.at()) + 1;
        all.add(k, tail);
        return all;
    }

    private void check(Vm vm) {
        if (!covers(vm)) throw new IllegalArgumentException("VM '" + vm.name() + "' came after history began; it has no past here");
    }

    /** Notes the present before leaving it. */
    private void keepPresent() {
        if (busy || position() < present) return;
        present = position();
        presentVmInsns = vmInsns();
    }

    /** The host as checkpoint {@code c} holds it; the log from its entry on. */
    private void rewind(Checkpoint<Point> c) {
        busy = true;
        try {
            hv.restoreWithVms(c.state().host());
        } finally {
            busy = false;
        }
        seq = c.seq();
        loggedVms = hv.vms().size();
    }

    /**
     * Runs the logged past quietly from here to host instruction {@code to}, or until
     * {@code vm} has run {@code g} instructions (g >= 0). With {@code hooks}, a search: vm's
     * breakpoints and watchpoints stop the runs, and their last hit before {@code vm}'s
     * instruction {@code before} is noted in lastHit.
     */
    private void replay(long to, Vm vm, long g, Hooks hooks, long before) {
        lastHit = -1;
        lastHitMessage = null;
        boolean[] arrived = {false};
        if (vm != null && g >= 0 && vm.guestInstructions() >= g) return;
        busy = true;
        hv.setReplaying(true, hooks == null ? null : vm);
        List<java.util.function.IntConsumer> sinks = mute();
        if (g >= 0) vm.stopAt(g, () -> {
            arrived[0] = true;
            hv.endRun();
        });
        try {
            while (!arrived[0] && position() < to) {
                HostEvent e = log.get(seq);
                if (e == null) break;
                if (e instanceof HostEvent.Change ch) {
                    ch.apply(hv);
                    seq++;
                    loggedVms = hv.vms().size();
                    continue;
                }
                HostEvent.Run r = (HostEvent.Run) e;
                long start = position();
                String stop = null;
                if (start < r.end()) {
                    r.resume(hv, to);
                    replayed += position() - start;
                    stop = hv.markStop();
                }
                if (hooks != null && stop != null) {   // a hit of the search (its run may have ended there too)
                    long hit = vm.guestInstructions() - (hooks.lastStop() == HookKind.WATCH ? 1 : 0);
                    if (hit < before) {
                        lastHit = hit;
                        lastHitMessage = stop;
                    }
                }
                if (position() >= r.end()) {
                    seq++;
                    continue;
                }
                if (arrived[0] || position() >= to) break;
                if (hooks != null && stop == null && vm.state() != vmsh.hv.VmState.READY) break;   // a search past the VM's end
                if (hooks == null || stop == null)
                    throw new History.Interrupted("stopped at host instruction " + position() + " while going back in time");
            }
            if (vm == null) giveChanges();   // the present: changes made there too
        } finally {
            if (g >= 0) vm.stopAt(-1, null);
            unmute(sinks);
            hv.setReplaying(false, null);
            busy = false;
        }
    }

    /** Gives the log's changes made where the host is (a VM made at the present). */
    private void giveChanges() {
        while (log.get(seq) instanceof HostEvent.Change ch && ch.at() == position()) {
            ch.apply(hv);
            seq++;
            loggedVms = hv.vms().size();
        }
    }

    /** The VMs' consoles keep their output from the sinks while the past runs again (it was shown once). */
    private List<java.util.function.IntConsumer> mute() {
        List<java.util.function.IntConsumer> sinks = new ArrayList<>();
        for (Vm v : hv.vms()) {
            Console c = v.console();
            sinks.add(c.sink());
            c.setSink(null);
        }
        return sinks;
    }

    private void unmute(List<java.util.function.IntConsumer> sinks) {
        List<Vm> vms = hv.vms();
        for (int i = 0; i < vms.size() && i < sinks.size(); i++) vms.get(i).console().setSink(sinks.get(i));
    }

    // ---------------------------------------------------------------- keeping it (HostObserver)

    @Override
    public void beforeRun(Run run) {
        if (busy) return;
        followVms();
        if (inPast()) forgetFuture();
        log.beforeRun(run);
        if (position() - newest().at() >= cuts) tail = new Checkpoint<>(position(), point(log.last()), log.end(), 0);
    }

    @Override
    public long nextCut() { return (position() / cuts + 1) * cuts; }

    /**
     * A cut: a checkpoint at every multiple of the interval; and while a seek runs the past
     * again, at every cut it passes (a nearer checkpoint for the next step back from there);
     * a live run's tail once an interval of host time has passed since the newest point.
     */
    @Override
    public void atCut() {
        long now = position();
        if (hasCheckpoint(now)) return;
        if (busy) {
            if (now > present || !seeking && now % interval != 0) return;
            checkpoint(seq);
        } else if (now % interval == 0) {
            checkpoint(log.end());
        } else if (hv.now() - newest().state().time() >= interval) {
            tail = new Checkpoint<>(now, point(hv.snapshot()), log.end(), 0);
        }
    }

    @Override
    public void afterRun(Run run, long end) {
        if (busy) return;
        log.afterRun(run, end);
        seq = log.end();
        present = Math.max(present, end);
        if (end >= present) presentVmInsns = vmInsns();
    }

    /** The newest point a step back from here could start from: the checkpoint at or before here, or the tail after it. */
    private Checkpoint<Point> newest() {
        Checkpoint<Point> c = checkpoints.atOrBefore(position());
        return tail != null && tail.at() > c.at() ? tail : c;
    }

    /** The host's state as a checkpoint holds it, {@code host} being its snapshot now. */
    private Point point(HvSnapshot host) { return new Point(host, vmInsns(), hv.now()); }

    /** A run begins in the past: the future after now goes, and the run the past was cut in ends here. */
    private void forgetFuture() {
        long now = position();
        checkpoints.dropAfter(now, seq);
        if (tail != null && (tail.at() > now || tail.at() == now && tail.seq() > seq)) tail = null;
        HostEvent e = log.get(seq);
        if (e instanceof HostEvent.Run r && r.at() < now && now < r.end()) {
            log.set(seq, new HostEvent.Run(r.at(), now, r.vm(), r.budget(), r.inCycles(), r.time()));
            seq++;
        }
        log.dropFrom(seq);
        present = now;
        presentVmInsns = vmInsns();
    }

    private void checkpoint(long seqThere) {
        if (tail != null && tail.at() <= position()) tail = null;   // a step back from here on starts at the checkpoint
        checkpoints.add(position(), point(hv.snapshot()), seqThere);
        trim();
    }

    /** The oldest checkpoints go while they hold more than the cap, and the log before the oldest left with them. */
    private void trim() {
        if (checkpoints.trim(position())) log.dropBefore(checkpoints.oldest().seq());
    }

    /** A host checkpoint's host bytes: the saved parts, frames and swap pages {@code before} does not share. */
    private static long cost(Point p, Point before) {
        HvSnapshot s = p.host(), b = before == null ? null : before.host();
        return s.state().bytesNotIn(b == null ? null : b.state()) + History.newFrameBytes(s.ram(), b == null ? null : b.ram())
                + History.newFrameBytes(s.swap(), b == null ? null : b.swap());
    }

    private boolean hasCheckpoint(long at) { return checkpoints.has(at); }

    private long position() { return HostEvent.position(hv); }

    private long[] vmInsns() {
        List<Vm> vms = hv.vms();
        long[] a = new long[vms.size()];
        for (int i = 0; i < a.length; i++) a[i] = vms.get(i).guestInstructions();
        return a;
    }

    private int index(Vm vm) { return hv.vms().indexOf(vm); }
}
