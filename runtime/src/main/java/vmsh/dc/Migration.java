package vmsh.dc;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import vmsh.dev.Nic;
import vmsh.hostmem.GuestMemory;
import vmsh.hostmem.MachineMemory;
import vmsh.hostmem.PageState;
import vmsh.hostmem.Pmap;
import vmsh.hv.Vm;
import vmsh.hv.VmState;
import vmsh.memsched.AdmissionException;

/**
 * Live migration of a VM to another host, as Clark et al. (NSDI 2005) did it, on the
 * cluster's network and simulated time.
 *
 * <p><b>Pre-copy.</b> The source VMM logs the guest's writes ({@link Pmap#logWrites}: every
 * page read-only until written, each first write a dirty-log exit) and sends every page the
 * guest has, while the guest runs on. Each further round sends the pages written during
 * the one before. The rounds end when fewer than {@code stopWhenDirtyBelow} pages were
 * written in the last one, when a round's dirty pages did not shrink from the round before
 * (the guest writes as fast as the link sends: Clark et al.'s diminishing returns), or
 * after {@code maxRounds}; then comes <b>stop-and-copy</b>: the
 * VM is paused, the pages still dirty and the vCPU and device state are sent, and the copy
 * on the target takes over ({@link Vm#takeOver}), the VM's address moves to the target
 * (packets follow it, as after Clark et al.'s unsolicited ARP reply), and the source's
 * copy is freed. Method stop-and-copy alone is that last step over all pages at once.
 *
 * <p><b>Post-copy</b> (Hines and Gopalan, VEE 2009) turns it around: the VM is paused only
 * while its vCPU and device state travel, then runs on the target with none of its memory
 * there. A touch of a page not yet there is a remote fault: the target's VMM asks the
 * source for it and the vCPU waits until it arrives; meanwhile the source pushes every page
 * in the background (with pre-paging, from the page the guest last faulted on, whose
 * neighbours it is likely to touch next). Each page crosses the link once; the price is
 * the VM's slowdown while its pages arrive, and that the VM survives the failure of
 * neither host until the last page is there (see {@link PostCopy}).
 *
 * <p>Pages go one at a time, each as soon as the last left the source's link (or, with a
 * rate limit, no faster than that rate), so the guest's own packets share the link with
 * them. A page's contents are read when it is sent. Downtime is the time from the pause
 * to the target's copy taking over; total time from the start to then.
 *
 * <p>A failure of either host ends the migration: when the target fails, the VM goes on
 * on the source; when the source fails, the VM is lost with it.
 */
public final class Migration {
    /** How the pages move. */
    public enum Method {
        STOP_AND_COPY("stop-and-copy"), PRECOPY("precopy"), POSTCOPY("postcopy");

        public final String label;

        Method(String label) { this.label = label; }

        public static Method parse(String s) {
            for (Method m : values()) if (m.label.equals(s)) return m;
            throw new IllegalArgumentException("unknown migration method '" + s + "' (known: stop-and-copy, precopy, postcopy)");
        }
    }

    /**
     * @param method             stop-and-copy or pre-copy
     * @param maxRounds          pre-copy rounds at most before stop-and-copy (at least 1)
     * @param stopWhenDirtyBelow stop-and-copy once a round's dirty pages are fewer than this
     * @param rateBitsPerSecond  the most the migration sends per second; 0: as fast as the link
     * @param prepaging          post-copy: the background push goes on from the page of the last remote fault
     */
    public record Options(Method method, int maxRounds, int stopWhenDirtyBelow, long rateBitsPerSecond, boolean prepaging) {
        public static final Options DEFAULTS = new Options(Method.PRECOPY, 30, 64, 0, true);

        public Options {
            if (maxRounds < 1 || maxRounds > 1000) throw new IllegalArgumentException("maxRounds " + maxRounds + " must be 1 to 1000");
            if (stopWhenDirtyBelow < 0) throw new IllegalArgumentException("stopWhenDirtyBelow " + stopWhenDirtyBelow + " must not be negative");
            if (rateBitsPerSecond < 0) throw new IllegalArgumentException("rate " + rateBitsPerSecond + " bit/s must not be negative");
        }

        public Options method(Method m) { return new Options(m, maxRounds, stopWhenDirtyBelow, rateBitsPerSecond, prepaging); }

        public Options maxRounds(int n) { return new Options(method, n, stopWhenDirtyBelow, rateBitsPerSecond, prepaging); }

        public Options stopWhenDirtyBelow(int n) { return new Options(method, maxRounds, n, rateBitsPerSecond, prepaging); }

        public Options rate(long bps) { return new Options(method, maxRounds, stopWhenDirtyBelow, bps, prepaging); }

        public Options prepaging(boolean on) { return new Options(method, maxRounds, stopWhenDirtyBelow, rateBitsPerSecond, on); }
    }

    /**
     * One round: the pages it sent, those the guest wrote meanwhile (the next round's), and
     * when it began and ended (cluster cycles). The stop-and-copy round has {@code last} set.
     */
    public record Round(int number, int pagesSent, int pagesDirtied, long start, long end, boolean last) {
        /** Pages written per second during the round. */
        public double dirtyRate() { return end > start ? pagesDirtied * (double) Cluster.CLOCK_HZ / (end - start) : 0; }
    }

    /** Where it is; POSTCOPY: the VM runs on the target while its pages still come. */
    public enum Phase {
        PRECOPY, STOP_AND_COPY, POSTCOPY, DONE, ABORTED;

        /** "precopy", "stop-and-copy", "postcopy", "done", "aborted". */
        public final String label = name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Bytes besides a page's 4 KiB that tell which page it is. */
    static final int PAGE_HEADER = 8;
    /** The vCPU and the VMM's record of the VM, besides the devices' state. */
    static final int VCPU_BYTES = 512;

    private final Cluster cluster;
    private final VmPort port;
    /** The VM and its copy with its NIC (not final: a cluster's history going back makes a removed one again). */
    private Vm vm, copy;
    private Nic copyNic;
    private final Host from, to;
    private final Options options;
    private final List<Round> rounds = new ArrayList<>();
    private Phase phase;
    private String outcome = "in progress";
    private final long started;
    private long paused = -1, resumed = -1, completed = -1;
    /** The post-copy phase, once the VM runs on the target (null before, and for the other methods). */
    private PostCopy postCopy;
    private long pagesSent, bytesSent, resent;
    /** Per page: how often it was sent, and the last send that reached the target (a page lost on the way is sent again). */
    private final int[] sends, arrivals;
    /** Bumped each time the state goes out: only the latest send's timer may resend it. */
    private int stateSends;

    // the round under way: its pages and where the sending is
    private int[] sending = new int[0];
    private int cursor, roundNumber;
    private long roundStart;

    private Migration(Cluster cluster, VmPort port, Host to, Vm copy, Nic copyNic, Options options) {
        this.cluster = cluster;
        this.port = port;
        this.vm = port.vm();
        this.from = port.host();
        this.to = to;
        this.copy = copy;
        this.copyNic = copyNic;
        this.options = options;
        this.started = cluster.now();
        this.sends = new int[vm.memory().pmap().pages()];
        this.arrivals = new int[sends.length];
    }

    /** Starts migrating {@code vm} to host {@code to} now (see {@link Cluster#migrate}). */
    static Migration start(Cluster cluster, VmPort port, Host to, Options options) {
        Vm vm = port.vm();
        Host from = port.host();
        if (to == from) throw new IllegalArgumentException("VM '" + vm.name() + "' is on host " + to.name() + " already");
        if (from.failed()) throw new IllegalStateException("host " + from.name() + " has failed");
        if (to.failed()) throw new IllegalStateException("host " + to.name() + " has failed");
        String refusal = vm.migrationRefusal();
        if (refusal != null) throw new IllegalArgumentException("VM '" + vm.name() + "' cannot migrate: " + refusal);
        if (vm.state() == VmState.CREATED) throw new IllegalStateException("VM '" + vm.name() + "' has no image loaded");
        if (vm.paused() != null) throw new IllegalStateException("VM '" + vm.name() + "' is paused: " + vm.paused());
        Vm copy;
        try {
            long bytes = vm.memory().pmap().pages() * (long) MachineMemory.PAGE_SIZE;
            copy = to.hypervisor().create(vm.name(), bytes, vm.technique(), -1, 0, bytes, vm.options());
        } catch (AdmissionException e) {
            throw new IllegalStateException("host " + to.name() + " cannot take VM '" + vm.name() + "': " + e.getMessage());
        }
        Migration m = new Migration(cluster, port, to, copy, Cluster.plugNic(copy), options);
        m.begin();
        return m;
    }

    private void begin() {
        if (options.method() == Method.STOP_AND_COPY) {
            stopAndCopy(present(null));
        } else if (options.method() == Method.POSTCOPY) {
            stopAndCopy(new int[0]);   // the state alone; the pages follow the VM
        } else {
            phase = Phase.PRECOPY;
            vm.memory().pmap().logWrites();
            startRound(present(null));
        }
    }

    /** The pages of {@code among} (all when null) that hold something: not UNBACKED (zero) or ballooned. */
    int[] present(BitSet among) {
        Pmap pmap = vm.memory().pmap();
        List<Integer> pages = new ArrayList<>();
        for (int g = among == null ? 0 : among.nextSetBit(0); g >= 0 && g < pmap.pages(); g = among == null ? g + 1 : among.nextSetBit(g + 1)) {
            PageState s = pmap.state(g);
            if (s != PageState.UNBACKED && s != PageState.BALLOONED) pages.add(g);
        }
        return pages.stream().mapToInt(Integer::intValue).toArray();
    }

    // ---------------------------------------------------------------- rounds

    private void startRound(int[] pages) {
        roundNumber++;
        roundStart = cluster.now();
        sending = pages;
        cursor = 0;
        sendNext();
    }

    /** Sends the next page of the round, or ends the round when all have left. */
    private void sendNext() {
        if (phase == Phase.DONE || phase == Phase.ABORTED) return;
        if (checkHosts()) return;
        long now = cluster.now();
        if (cursor == sending.length) {
            roundSent(now);
            return;
        }
        cluster.events().at(sendPage(sending[cursor++], now), this::sendNext);
    }

    /** Sends page {@code gpn} as it is now; returns when the sender may send again. */
    private long sendPage(int gpn, long now) {
        int send = ++sends[gpn];
        return sendPage(gpn, now, (gpa, contents) -> {
            if (phase == Phase.ABORTED) return;
            copy.guest().write(gpa, contents);
            arrivals[gpn] = Math.max(arrivals[gpn], send);
        });
    }

    /** Where a page arrives: its guest-physical address and contents. */
    interface PageArrival {
        void arrived(long gpa, byte[] contents);
    }

    /** Sends page {@code gpn} of the source as it is now to {@code arrival}; returns when the sender may send again. */
    long sendPage(int gpn, long now, PageArrival arrival) {
        long gpa = GuestMemory.BASE + ((long) gpn << 12);
        byte[] contents = vm.guest().read(gpa, MachineMemory.PAGE_SIZE);
        pagesSent++;
        return send((Message) t -> arrival.arrived(gpa, contents), MachineMemory.PAGE_SIZE + PAGE_HEADER, now);
    }

    /** Puts a message for the target's VMM on the source's link; returns when the sender may send again. */
    private long send(Message m, long bytes, long now) { return send(to, m, bytes, now); }

    /** Puts a message for host {@code dest}'s VMM (source or target) on the other's link; returns when the sender may send again. */
    long send(Host dest, Message m, long bytes, long now) {
        Network net = cluster.network();
        Host sender = dest == to ? from : to;
        Packet p = Packet.message(sender.address(), dest.address(), "migration", m, bytes, net.config());
        bytesSent += p.wireBytes();
        long left = net.send(sender.site(), p, now);
        if (options.rateBitsPerSecond() > 0)
            left = Math.max(left, now + Math.ceilDiv(p.wireBytes() * 8 * Cluster.CLOCK_HZ, options.rateBitsPerSecond()));
        return left;
    }

    /** Every page of the round has left the source. */
    private void roundSent(long now) {
        if (phase == Phase.STOP_AND_COPY) {
            rounds.add(new Round(roundNumber, sending.length, 0, roundStart, now, true));
            sendState(now);
            return;
        }
        BitSet written = vm.memory().pmap().takeWritten();
        rounds.add(new Round(roundNumber, sending.length, written.cardinality(), roundStart, now, false));
        boolean live = vm.state() == VmState.READY || vm.state() == VmState.IDLE;
        boolean noProgress = rounds.size() >= 2 && written.cardinality() >= rounds.get(rounds.size() - 2).pagesDirtied();
        if (written.cardinality() < options.stopWhenDirtyBelow() || roundNumber >= options.maxRounds() || noProgress || !live)
            stopAndCopy(present(written));
        else startRound(present(written));
    }

    /** Pauses the VM and sends {@code pages}, then the vCPU and devices. */
    private void stopAndCopy(int[] pages) {
        phase = Phase.STOP_AND_COPY;
        paused = cluster.now();
        vm.pause("migrating to host " + to.name());
        Pmap pmap = vm.memory().pmap();
        if (pmap.loggingWrites()) {
            BitSet last = pmap.takeWritten();   // written since the round ended: none, the pause is at once
            pmap.stopLoggingWrites();
            BitSet all = new BitSet();
            for (int g : pages) all.set(g);
            all.or(last);
            pages = present(all);
        }
        startRound(pages);
    }

    /**
     * The last message: the vCPU and device state; when it arrives, the copy takes over. The
     * link keeps order, so every page sent before it has arrived by then or was lost; the
     * target asks for lost pages again, and the source sends the state again when no answer
     * comes within a round trip and a millisecond (the migration's transport is reliable).
     */
    private void sendState(long now) {
        int attempt = ++stateSends;
        long left = send(this::arrived, VCPU_BYTES + stateBytes(), now);
        cluster.events().at(left + 2 * cluster.network().config().latency() + RETRY, () -> {
            if (attempt == stateSends && phase == Phase.STOP_AND_COPY && !checkHosts()) resendLost(cluster.now());
        });
    }

    /** Cycles the source waits past a round trip before it sends the state again. */
    static final long RETRY = 1_000_000;

    /** Sends again every page whose last send did not arrive, then the state. */
    private void resendLost(long now) {
        List<Integer> lost = new ArrayList<>();
        for (int g = 0; g < sends.length; g++) if (sends[g] > arrivals[g]) lost.add(g);
        resent += lost.size();
        roundStart = now;
        sending = lost.stream().mapToInt(Integer::intValue).toArray();
        cursor = 0;
        sendNext();
    }

    private long stateBytes() {
        vmsh.state.StateOut out = new vmsh.state.StateOut();
        for (var w : vm.devices().windows()) w.device().save(out);
        vm.console().save(out);
        return out.size();
    }

    /** The vCPU and devices reached the target: it takes over, the address moves there, the source lets go. */
    private void arrived(long now) {
        if (phase != Phase.STOP_AND_COPY || checkHosts()) return;
        if (options.method() == Method.POSTCOPY) {
            resumeWithoutMemory(now);
            return;
        }
        for (int g = 0; g < sends.length; g++)
            if (sends[g] > arrivals[g]) {   // a page was lost: the target asks again
                stateSends++;
                send(from, t -> { if (!checkHosts()) resendLost(t); }, 16, now);
                return;
            }
        copy.takeOver(vm);
        copy.resume();
        cluster.move(port, copy, copyNic, to);
        resumed = now;
        finish(now);
    }

    /** Post-copy: the copy takes over with every page the source holds missing, and fetches them as it runs. */
    private void resumeWithoutMemory(long now) {
        BitSet missing = new BitSet();
        for (int g : present(null)) missing.set(g);
        copy.memory().pmap().expectPages(missing);
        copy.takeOver(vm);
        cluster.move(port, copy, copyNic, to);
        resumed = now;
        phase = Phase.POSTCOPY;
        postCopy = new PostCopy(this, missing, now);
        cluster.made(postCopy);
        if (missing.isEmpty()) finish(now);
    }

    /** Every page is on the target: the source lets the VM go. */
    void finish(long now) {
        if (!from.failed()) from.hypervisor().remove(vm);
        copy.onMissingPage(null);
        completed = now;
        phase = Phase.DONE;
        outcome = "done";
        cluster.migrationEnded(this);
    }

    /** True (and the migration aborted) when a host failed. */
    boolean checkHosts() {
        if (phase == Phase.DONE || phase == Phase.ABORTED) return true;
        if (phase == Phase.POSTCOPY && (to.failed() || from.failed()))   // the state is on one host, the memory partly on the other
            abort("host " + (to.failed() ? to : from).name() + " failed during post-copy with "
                    + copy.memory().pmap().missingPages() + " pages still on " + from.name() + ": the VM is lost");
        else if (to.failed()) abort("host " + to.name() + " failed; the VM stays on " + from.name());
        else if (from.failed()) abort("host " + from.name() + " failed with the VM");
        return phase == Phase.ABORTED;
    }

    private void abort(String why) {
        Phase was = phase;
        phase = Phase.ABORTED;
        outcome = "aborted: " + why;
        if (was == Phase.POSTCOPY) {
            if (!from.failed()) from.hypervisor().remove(vm);
            if (!to.failed()) copy.pause("lost: its memory was on host " + from.name());
            cluster.migrationEnded(this);
            return;
        }
        Pmap pmap = vm.memory().pmap();
        if (!from.failed()) {
            if (pmap.loggingWrites()) pmap.stopLoggingWrites();
            vm.resume();
        }
        if (!to.failed()) to.hypervisor().remove(copy);
        cluster.migrationEnded(this);
    }

    // ---------------------------------------------------------------- what it did

    public Vm vm() { return vm; }

    Cluster cluster() { return cluster; }

    /** The VM's copy on the target: the VM from the end of a migration that is done. */
    public Vm copy() { return copy; }

    public Host source() { return from; }

    public Host target() { return to; }

    public Options options() { return options; }

    public Phase phase() { return phase; }

    public boolean done() { return phase == Phase.DONE; }

    /** "in progress", "done" or "aborted: why". */
    public String outcome() { return outcome; }

    public List<Round> rounds() { return List.copyOf(rounds); }

    /** Cycles the VM was paused (-1 until it resumed on the target). */
    public long downtime() { return resumed < 0 ? -1 : resumed - paused; }

    /** Cycles from the start to the end: the copy taking over, for post-copy the last page arriving (-1 until then). */
    public long totalTime() { return completed < 0 ? -1 : completed - started; }

    public long started() { return started; }

    /** Cluster time of the pause, or -1. */
    public long pausedAt() { return paused; }

    /** Cluster time the copy took over, or -1. */
    public long resumedAt() { return resumed; }

    /** Cluster time the migration ended (for post-copy: the last page arrived), or -1. */
    public long completedAt() { return completed; }

    /** The post-copy phase (pages pushed and fetched on demand, remote faults), or null before it or for another method. */
    public PostCopy postCopy() { return postCopy; }

    public long pagesSent() { return pagesSent; }

    /** Bytes the migration put on the wire, headers included. */
    public long bytesSent() { return bytesSent; }

    /**
     * What the VM's clients saw: the longest time between two consecutive replies to a
     * client of the VM that spans part of the downtime (or, for post-copy, of the time until
     * the last page arrived); -1 until a reply came after that.
     */
    public long clientGap() {
        if (completed < 0) return -1;
        long gap = -1;
        for (Client c : cluster.clients()) {
            if (c.target() != port.address()) continue;
            long previous = started;
            for (long[] a : c.answers()) {
                long t = a[2];
                if (previous <= completed && t >= paused) gap = Math.max(gap, t - previous);
                if (t > completed) break;
                previous = t;
            }
        }
        return gap;
    }

    /** The report: one line per round, then downtime, total time, bytes and what the clients saw. */
    public String report() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "migration of %s from %s to %s: %s, %s%n", vm.name(), from.name(), to.name(),
                options.method().label, outcome));
        b.append(String.format(Locale.ROOT, "%6s %10s %10s %12s %14s%n", "round", "sent", "dirtied", "time (ms)", "dirty pages/s"));
        for (Round r : rounds)
            b.append(String.format(Locale.ROOT, "%6s %10d %10s %12.3f %14s%n", r.last() ? "stop" : Integer.toString(r.number()), r.pagesSent(),
                    r.last() ? "-" : Integer.toString(r.pagesDirtied()), Times.ms(r.end() - r.start()),
                    r.last() ? "-" : String.format(Locale.ROOT, "%.0f", r.dirtyRate())));
        b.append(String.format(Locale.ROOT, "downtime %s, total %s, %d pages, %.2f MB sent",
                downtime() < 0 ? "-" : Times.format(downtime()), totalTime() < 0 ? "-" : Times.format(totalTime()),
                pagesSent, bytesSent / 1e6));
        long gap = clientGap();
        if (gap >= 0) b.append(String.format(Locale.ROOT, ", client-seen gap %s", Times.format(gap)));
        b.append('\n');
        if (postCopy != null) b.append(postCopy.report());
        return b.toString();
    }

    @Override public String toString() { return report(); }
}
