package vmsh.dc;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import vmsh.debug.HookKind;
import vmsh.debug.Hooks;
import vmsh.history.History;
import vmsh.history.Replay;
import vmsh.history.Timeline;
import vmsh.hv.Hypervisor;
import vmsh.hv.Vm;

/**
 * A cluster's past, kept so that any earlier point of each of its VMs can be reached again,
 * on the cluster's simulated time: checkpoints of the whole cluster, and its runs between
 * them as they were asked for. Going back restores the last checkpoint before the point and
 * runs the logged runs again, quietly, to it.
 *
 * <p>A checkpoint ({@link ClusterCheckpoint}) is every host's snapshot (memory shared copy-on-write) with the VMs it
 * holds, every object of the cluster's with its fields as they were ({@link Memento}: the
 * network's sites, flows, bindings, partitions and generator, the clients, the rounds of
 * migrations and replications, the witness), the event queue (its events are values: a
 * time, a number and an action whose closure holds only such objects and values), and each
 * VM's wiring (its controller's stop, its post-copy fetcher, where its NIC sends). Going
 * back sets every object back in place, so the actions waiting on the queue stay valid; a
 * VM a host let go since (a migration's source, a deposed primary) is made again, and
 * whatever pointed at it points at the new one.
 *
 * <p>Input: whatever the script does between runs (a VM made or loaded, a client started or
 * stopped, a migration or a replication started, a partition, a loss rate, a host failing)
 * is caught by a checkpoint at the start of the next run, so going back past it takes it
 * away and going forward puts it back, the same objects with it. Checkpoints are also taken
 * between steps every {@code interval} cycles of cluster time; they change nothing of the
 * run (steps end where they would anyway).
 *
 * <p>Points are counted in a VM's own guest instructions, the VM being its network port
 * (it follows the VM through a migration or a failover). A VM is at guest instruction
 * {@code g} from the moment its g-th instruction ends until it runs again: going there
 * stops the cluster inside that step, as a run stopped there would, the hosts before the
 * VM's at the step's end, those after it at its start. Running forward from a point of the
 * past starts a new future, and the old one is forgotten.
 */
public final class ClusterHistory {
    /**
     * Cluster cycles between checkpoints: 10 ms of simulated time. A checkpoint of three busy
     * hosts saves what changed since the one before (the hosts' saved parts share the rest,
     * their frame tables and pmaps by chunk), about 1 ms of CPU for three busy hosts; a reverse
     * step runs the past again from the checkpoint before, 5-15 ms (see README, "What it costs").
     */
    public static final long DEFAULT_INTERVAL = 10_000_000;
    public static final long DEFAULT_CAP = History.DEFAULT_CAP;

    /**
     * A run as it was asked for: to cluster time {@code until} or until the hosts have run
     * {@code insnEnd} instructions in all; cut short at guest instruction {@code stopAt} of
     * {@code stopPort}'s VM when a new future began there (null: not cut).
     */
    private record RunEntry(long until, long insnEnd, VmPort stopPort, long stopAt) {}

    /** A place on the cluster's timeline: in (or before) run {@code run}, the hosts' instructions in all, cluster time. */
    record Place(int run, long insns, long now) implements Comparable<Place> {
        @Override public int compareTo(Place o) {
            if (run != o.run) return Integer.compare(run, o.run);
            if (insns != o.insns) return Long.compare(insns, o.insns);
            return Long.compare(now, o.now);
        }
    }

    private final Cluster cluster;
    private final long interval;
    private long cap, held;
    private final List<RunEntry> runs = new ArrayList<>();
    private final List<ClusterCheckpoint> checkpoints = new ArrayList<>();
    /** The run the cluster is in, or ended last; -1 before the first. */
    private int run = -1;
    /** The cluster is at a point before the end of its last run. */
    private boolean inPast;
    /** Each VM's guest instructions at the present (the end of the last run, or the input after it). */
    private Map<VmPort, Long> presentCounts = Map.of();
    private long presentTime, nextCheckpoint;
    /** History is running the past again itself. */
    private boolean busy;
    /** Where the cluster is to stop while running the past again: a guest instruction by port; and the port that stopped it. */
    private final Map<VmPort, Long> stops = new LinkedHashMap<>();
    private VmPort arrivedAt;
    private long arrivedInsn;
    /** A reverse continue's search: the VM, its debugger's hooks, the instruction it began at, the last hit before it. */
    private VmPort searchPort;
    private Hooks searchHooks;
    /** The search's stops on the other VMs its port had on the way (a migration's source): the same breakpoints and watchpoints. */
    private final Map<Vm, Hooks> borrowed = new IdentityHashMap<>();
    private long searchBefore, lastHit;
    private String lastHitMessage;
    /** VMs (and their NICs) made again by going back: each stands for the one before it. */
    private final Incarnations incarnations = new Incarnations();
    private long replayed;

    ClusterHistory(Cluster cluster, long interval, long cap) {
        if (interval < 1) throw new IllegalArgumentException("history interval " + interval + " cycles must be at least 1");
        if (cap < 1 << 20) throw new IllegalArgumentException("history memory cap " + cap + " bytes is below 1 MiB");
        this.cluster = cluster;
        this.interval = interval;
        this.cap = cap;
        checkpoint(false);
        presentCounts = counts();
        presentTime = cluster.now();
    }

    void close() {
        checkpoints.clear();
        runs.clear();
        held = 0;
    }

    // ---------------------------------------------------------------- what it holds

    public long interval() { return interval; }

    public long cap() { return cap; }

    public void setCap(long bytes) {
        if (bytes < 1 << 20) throw new IllegalArgumentException("history memory cap " + bytes + " bytes is below 1 MiB");
        cap = bytes;
        trim();
    }

    /** Host memory the checkpoints hold (frames they share counted once), and their saved objects. */
    public long bytes() { return held; }

    public int checkpoints() { return checkpoints.size(); }

    /** Runs logged. */
    public int runs() { return runs.size(); }

    /** Instructions run again so far to reach points of the past. */
    public long replayed() { return replayed; }

    /** Cluster time of the oldest point that can be reached again. */
    public long oldestTime() { return checkpoints.get(0).place().now(); }

    /** Cluster time of the present: where the last run ended. */
    public long presentTime() { return inPast ? presentTime : cluster.now(); }

    /** True when the cluster is at a point of its past (running forward from here starts a new future). */
    public boolean inPast() { return inPast; }

    /** True when the VM of {@code port} has a past here: it was in the cluster at the oldest checkpoint holding it, and is now. */
    public boolean covers(VmPort port) { return cluster.ports().contains(port) && oldestHolding(port) != null; }

    /** The VM's guest instructions at the oldest point reachable. */
    public long oldest(VmPort port) {
        ClusterCheckpoint c = oldestHolding(port);
        if (c == null) throw new IllegalArgumentException("VM '" + port.vm().name() + "' came after the cluster's history began; it has no past here");
        return c.counts().get(port);
    }

    /** The VM's guest instructions at the present. */
    public long present(VmPort port) {
        if (!inPast && !busy) return port.vm().guestInstructions();
        Long n = presentCounts.get(port);
        return n == null ? port.vm().guestInstructions() : n;
    }

    private ClusterCheckpoint oldestHolding(VmPort port) {
        for (ClusterCheckpoint c : checkpoints) if (c.counts().containsKey(port)) return c;
        return null;
    }

    /** The VM of {@code port}'s past as a debugger goes through it, {@code hooks} being its breakpoints and watchpoints. */
    public Timeline timeline(VmPort port, Hooks hooks) {
        return new Timeline() {
            @Override public long now() { return port.vm().guestInstructions(); }

            @Override public long oldest() { return ClusterHistory.this.oldest(port); }

            @Override public void reverseStep(long n) { ClusterHistory.this.reverseStep(port, n); }

            @Override public void seek(long insn) { ClusterHistory.this.seek(port, insn); }

            @Override public History.Arrival reverseContinue() { return ClusterHistory.this.reverseContinue(port, hooks); }
        };
    }

    // ---------------------------------------------------------------- keeping it (the cluster's runs)

    /** A run begins (in the present, or in the past: a new future): a checkpoint holds the input since the last. */
    void beforeRun(long until, long insnEnd, VmPort stopPort, long stopAt) {
        if (inPast) forgetFuture();
        dropPending();
        run = runs.size();
        runs.add(new RunEntry(until, insnEnd, stopPort, stopAt));
        checkpoint(true);
        nextCheckpoint = (cluster.now() / interval + 1) * interval;
    }

    /** Between two steps of a run in the present: a checkpoint every interval. */
    void betweenSteps() {
        if (busy || cluster.now() < nextCheckpoint) return;
        checkpoint(false);
        nextCheckpoint = (cluster.now() / interval + 1) * interval;
    }

    /** The run ended: one stopped short (Ctrl-C, a time limit) is logged as far as it went. */
    void afterRun(String reason) {
        RunEntry e = runs.get(run);
        boolean atStop = e.stopPort() != null && e.stopPort().vm().guestInstructions() == e.stopAt();
        if (reason.equals("stopped") && !atStop || reason.equals("budget"))
            runs.set(run, new RunEntry(e.until(), cluster.instructions(), null, -1));
        presentCounts = counts();
        presentTime = cluster.now();
    }

    /** The port's VM moved (a migration or failover ended): a stop asked for on it goes with it. */
    void moved(VmPort port) {
        Long at = stops.get(port);
        if (at != null) arm(port, at);
        if (port == searchPort) {
            hooksOf(port.vm());
            port.host().hypervisor().setReplaying(true, port.vm());
        }
    }

    /** The search's hooks on {@code vm}: its own, or the same stops borrowed for a VM its port had before. */
    private Hooks hooksOf(Vm vm) {
        if (vm.debugTarget() == searchHooks.target()) return searchHooks;
        return borrowed.computeIfAbsent(vm, v -> searchHooks.stopsOn(v.debugTarget()));
    }

    /** A VM's debugger stopped {@code host}'s run: while a search runs the past again, its hit is noted and the run goes on. */
    boolean searchHit(Host host) {
        if (searchPort == null) return false;
        Vm vm = searchPort.vm();
        if (vm.hypervisor() == host.hypervisor()) {
            long hit = vm.guestInstructions() - (hooksOf(vm).lastStop() == HookKind.WATCH ? 1 : 0);
            if (hit < searchBefore) {
                lastHit = hit;
                lastHitMessage = host.hypervisor().markStop();
            }
        }
        return true;
    }

    /** Running forward from the past: what came after here goes, and the run the past was left in ends here. */
    private void forgetFuture() {
        Place here = place();
        while (checkpoints.size() > 1 && checkpoints.get(checkpoints.size() - 1).place().compareTo(here) > 0)
            held -= checkpoints.remove(checkpoints.size() - 1).bytes();
        while (runs.size() > run + 1) runs.remove(runs.size() - 1);
        if (run >= 0 && arrivedAt != null) {
            RunEntry e = runs.get(run);
            runs.set(run, new RunEntry(e.until(), e.insnEnd(), arrivedAt, arrivedInsn));
        } else if (run >= 0 && cluster.instructions() < runs.get(run).insnEnd()) {   // left on the way (Ctrl-C): as far as it went
            RunEntry e = runs.get(run);
            runs.set(run, new RunEntry(e.until(), cluster.instructions(), null, -1));
        }
        arrivedAt = null;
        inPast = false;
    }

    /** A checkpoint of input made after the present's last run, not followed by a run yet: the next run's takes its place. */
    private void dropPending() {
        ClusterCheckpoint last = checkpoints.get(checkpoints.size() - 1);
        if (last.start() && last.place().run() == runs.size() && checkpoints.size() > 1) held -= checkpoints.remove(checkpoints.size() - 1).bytes();
    }

    /** Before a trip from the present: the input made since the last run is kept, as the start of the next. */
    private void keepPresent() {
        if (inPast) return;
        dropPending();
        int r = run;
        run = runs.size();
        checkpoint(true);
        run = r;
        presentCounts = counts();
        presentTime = cluster.now();
    }

    // ---------------------------------------------------------------- going back

    /** Takes the VM of {@code port} back {@code n} of its guest instructions. */
    public void reverseStep(VmPort port, long n) {
        if (n < 0) throw new IllegalArgumentException("reverse step of " + n + " instructions: the count must not be negative");
        check(port);
        long now = port.vm().guestInstructions();
        if (now - n < oldest(port))
            throw new IllegalArgumentException("cannot step back " + n + " instructions from instruction " + now + " of VM '" + port.vm().name()
                    + "': the oldest point in history is its instruction " + oldest(port) + " " + beforeOldest(port));
        seek(port, now - n);
    }

    /** Takes the cluster to where the VM of {@code port} has run {@code g} guest instructions, between its oldest point and the present. */
    public void seek(VmPort port, long g) {
        check(port);
        keepPresent();
        long oldest = oldest(port), last = present(port);
        String name = port.vm().name();
        if (g < oldest)
            throw new IllegalArgumentException("instruction " + g + " of VM '" + name + "' is before the oldest point in history, its instruction "
                    + oldest + " " + beforeOldest(port));
        if (g > last)
            throw new IllegalArgumentException("instruction " + g + " of VM '" + name + "' is after the present, its instruction " + last
                    + ": run forward to get there");
        if (g == last) {
            replay(checkpoints.get(checkpoints.size() - 1), null, -1);   // the present itself, where the cluster stopped
        } else {
            ClusterCheckpoint from = oldestHolding(port);
            for (ClusterCheckpoint c : checkpoints) if (c.counts().containsKey(port) && c.counts().get(port) < g) from = c;
            replay(from, port, g);
        }
        long at = port.vm().guestInstructions();
        if (at == g) return;
        if (at > g && ranAlone(port, at))
            throw new IllegalArgumentException("instruction " + g + " of VM '" + name + "' was not run by dc.run(): the VM ran it alone on its host "
                    + "(vm.run(), vm.step(), gdb), which the cluster's history keeps as input, not as a past to go through; the next point after it is "
                    + "its instruction " + at);
        throw new Replay.DivergedException("history could not reach instruction " + g + " of VM '" + name + "': it stopped at " + at);
    }

    /** The VM of {@code port} is at its count when a run began: where the input before that run ended (it may have run the VM alone). */
    private boolean ranAlone(VmPort port, long at) {
        for (ClusterCheckpoint c : checkpoints) if (c.start() && Long.valueOf(at).equals(c.counts().get(port))) return true;
        return false;
    }

    /**
     * Takes the VM of {@code port} back to the last hit of its breakpoints or watchpoints
     * ({@code hooks}) before now: a breakpoint's stop before its instruction; a watchpoint's
     * access, before the instruction that made it. Without one, to the oldest point.
     */
    public History.Arrival reverseContinue(VmPort port, Hooks hooks) {
        check(port);
        keepPresent();
        long from = port.vm().guestInstructions(), bound = from, replayed0 = replayed;
        for (int k = checkpoints.size() - 1; k >= 0; k--) {
            ClusterCheckpoint c = checkpoints.get(k);
            Long at = c.counts().get(port);
            if (at == null) break;   // the VM was made after it
            if (at >= bound) continue;
            hooks.rewound();
            searchPort = port;
            searchHooks = hooks;
            searchBefore = from;
            lastHit = -1;
            try {
                replay(c, port, bound);
            } finally {
                for (Hooks b : borrowed.values()) b.clear();
                borrowed.clear();
                searchPort = null;
                searchHooks = null;
            }
            if (lastHit >= 0) {
                long hit = lastHit;
                String message = lastHitMessage;
                seek(port, hit);
                return new History.Arrival(hit, true, message, replayed - replayed0);
            }
            bound = at;
        }
        long oldest = oldest(port);
        seek(port, oldest);
        return new History.Arrival(oldest, false, "no breakpoint or watchpoint hit in history: at the oldest point, instruction "
                + oldest + " of VM '" + port.vm().name() + "'", replayed - replayed0);
    }

    private void check(VmPort port) {
        if (cluster.recording())
            throw new IllegalArgumentException("the cluster is being recorded: going back sets its objects back, which a recording cannot log; "
                    + "stop the recording first (r.stop())");
        if (!covers(port)) throw new IllegalArgumentException("VM '" + port.vm().name() + "' came after the cluster's history began; it has no past here");
    }

    private String beforeOldest(VmPort port) {
        return oldestHolding(port) != checkpoints.get(0) ? "(VM '" + port.vm().name() + "' was made there)" : "(a larger history cap keeps more)";
    }

    /**
     * Restores {@code c} and runs the logged past from there, quietly: to guest instruction
     * {@code g} of {@code port}'s VM (port null: to the present), through the input
     * checkpoints of the runs it passes.
     */
    private void replay(ClusterCheckpoint c, VmPort port, long g) {
        busy = true;
        inPast = true;
        Map<String, IntConsumer> sinks = mute();
        try {
            c.restore(incarnations);
            int r = c.place().run();
            arrivedAt = null;
            boolean arrived = false;
            while (true) {
                if (r >= 0 && r < runs.size()) {
                    RunEntry e = runs.get(r);
                    stops.clear();
                    if (e.stopPort() != null) arm(e.stopPort(), e.stopAt());
                    if (port != null) arm(port, Math.min(g, stops.getOrDefault(port, Long.MAX_VALUE)));
                    quiet(true);
                    long insns0 = cluster.instructions();
                    String reason;
                    try {
                        reason = cluster.runLoop(e.until(), e.insnEnd());
                    } finally {
                        disarm();
                        quiet(false);
                    }
                    replayed += cluster.instructions() - insns0;
                    run = r;
                    if (arrivedAt != null && arrivedAt == port && port.vm().guestInstructions() >= g) {
                        arrived = true;
                        break;
                    }
                    if (arrivedAt == null && reason.equals("stopped"))
                        throw new History.Interrupted("stopped at cluster time " + Times.format(cluster.now()) + " while going back in time");
                    arrivedAt = null;
                }
                ClusterCheckpoint next = startOf(r + 1);
                if (r >= 0 && port != null && port.vm().guestInstructions() == g && ranAloneBefore(next, port, g)) {
                    arrived = true;   // the VM's last moment at g: the input before the next run ran it on
                    break;
                }
                if (next == null) break;
                r++;
                next.restore(incarnations);
                run = Math.min(r, runs.size() - 1);
                if (r >= runs.size()) break;   // the input after the last run: the present
            }
            inPast = arrived;
        } finally {
            unmute(sinks);
            busy = false;
        }
    }

    /** The input before the run {@code next} began with ran the VM of {@code port} on from {@code g} (vm.run() on it alone). */
    private static boolean ranAloneBefore(ClusterCheckpoint next, VmPort port, long g) {
        Long there = next == null ? null : next.counts().get(port);
        return there != null && there != g;
    }

    /** The checkpoint taken as run {@code r} began, or null. */
    private ClusterCheckpoint startOf(int r) {
        for (ClusterCheckpoint c : checkpoints) if (c.start() && c.place().run() == r) return c;
        return null;
    }

    /** Where the cluster is to stop: when the VM of {@code port} reaches guest instruction {@code g} (on its next turn on a hart from there). */
    private void arm(VmPort port, long g) {
        stops.put(port, g);
        port.vm().travelStopAt(g, () -> {
            arrivedAt = port;
            arrivedInsn = port.vm().guestInstructions();
            cluster.stopHere(port.host());
        });
    }

    private void disarm() {
        for (VmPort p : stops.keySet()) p.vm().travelStopAt(-1, null);
        stops.clear();
    }

    /** Only the searched VM's debugger marks the hosts' engines while the past runs again (none when not searching). */
    private void quiet(boolean on) {
        if (on && searchPort != null) hooksOf(searchPort.vm()).rewound();
        for (Host h : cluster.hosts()) {
            Hypervisor hv = h.hypervisor();
            hv.setReplaying(on, on && searchPort != null && searchPort.host() == h ? searchPort.vm() : null);
        }
    }

    /** The VMs' consoles keep their output from the sinks while the past runs again (it was shown once). */
    private Map<String, IntConsumer> mute() {
        Map<String, IntConsumer> sinks = new LinkedHashMap<>();
        for (Vm v : cluster.allVms()) {
            sinks.put(System.identityHashCode(v.hypervisor()) + "/" + v.name(), v.console().sink());
            v.console().setSink(null);
        }
        return sinks;
    }

    private void unmute(Map<String, IntConsumer> sinks) {
        for (Vm v : cluster.allVms()) {
            IntConsumer s = sinks.get(System.identityHashCode(v.hypervisor()) + "/" + v.name());
            if (s != null) v.console().setSink(s);
        }
    }

    // ---------------------------------------------------------------- checkpoints

    private Place place() { return new Place(run, cluster.instructions(), cluster.now()); }

    private Map<VmPort, Long> counts() {
        Map<VmPort, Long> counts = new LinkedHashMap<>();
        for (VmPort p : cluster.ports()) counts.put(p, p.vm().guestInstructions());
        return counts;
    }

    private void checkpoint(boolean start) {
        ClusterCheckpoint before = checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1);
        ClusterCheckpoint c = ClusterCheckpoint.take(cluster, place(), start, counts(), before);
        checkpoints.add(c);
        held += c.bytes();
        trim();
    }

    /** The oldest checkpoints go while they hold more than the cap; the newest stays, and so does the last one before where the cluster is. */
    private void trim() {
        Place here = place();
        while (held > cap && checkpoints.size() > 1 && checkpoints.get(1).place().compareTo(here) <= 0) {
            ClusterCheckpoint gone = checkpoints.remove(0), next = checkpoints.get(0);
            ClusterCheckpoint whole = next.costing(null);
            held += whole.bytes() - next.bytes() - gone.bytes();
            checkpoints.set(0, whole);
        }
    }

    @Override public String toString() {
        return "history of the cluster: at " + Times.format(cluster.now()) + (inPast ? " (present " + Times.format(presentTime) + ")" : "")
                + ", oldest reachable " + Times.format(oldestTime()) + "; " + checkpoints.size() + " checkpoint" + (checkpoints.size() == 1 ? "" : "s")
                + " every " + Times.format(interval) + ", " + (held + 1023) / 1024 + " KiB held, " + runs.size() + " run" + (runs.size() == 1 ? "" : "s");
    }
}
