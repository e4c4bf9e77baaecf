package vmsh.dc;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Locale;
import vmsh.hostmem.Pmap;
import vmsh.hv.Vm;

/**
 * The second half of a post-copy migration (Hines and Gopalan, "Post-Copy Based Live
 * Virtual Machine Migration Using Adaptive Pre-Paging and Dynamic Self-Ballooning", VEE
 * 2009): the VM runs on the target while its pages are still on the source.
 *
 * <p><b>Demand paging.</b> The target's pmap marks every page the source holds as missing.
 * A guest access to one (or a VMM access for the guest, such as a shadow page-table walk)
 * is a remote fault: the vCPU is paused, the target asks the source for the page, and the
 * access runs again once it is there. A request that gets no page within a round trip and
 * a millisecond is sent again (the network may lose either packet).
 *
 * <p><b>Background push.</b> Meanwhile the source sends every page it has not sent yet, one
 * at a time as its link frees, asked-for pages first. With pre-paging the push goes on from
 * the page after the last one asked for (the guest's accesses cluster, so its next faults
 * are likely to be there), else in page order. When all have left, the source says so; the
 * target answers with the pages still missing (pushes the network lost), and the source
 * says it again after every round trip and millisecond until the last page is there. Then
 * the source frees its copy and the migration is done.
 *
 * <p>The guest sees nothing of the waiting (its clock counts its own instructions), but
 * its clients see the slowdown. Until the end, the VM needs both hosts: either failing
 * loses it.
 */
public final class PostCopy {
    /** Bytes of a request for one page: its number and a header. */
    static final int REQUEST_BYTES = 16;

    private final Migration migration;
    private final Cluster cluster;
    /** The VM on the target (not final: a cluster's history going back makes a removed one again). */
    private Vm copy;
    private final Host source, destination;
    private final boolean prepaging;
    private final int total;

    // the source: what it has to send
    private final int[] order;
    private final BitSet unsent;
    /** Per page: when the source last sent it (a page asked for within a round trip of that is on its way). */
    private final long[] lastSent;
    private int cursor;
    private final ArrayDeque<Integer> asked = new ArrayDeque<>();
    private final BitSet askedSet = new BitSet();
    private boolean sending, pushDone;
    private int pushDoneSends;

    // the target: the page the vCPU waits for
    private int waitingFor = -1, requests;
    private long stallStart;
    private String pausedFor;

    private long pushed, onDemand, resent, remoteFaults, stallCycles, duplicates;
    private final long started;

    PostCopy(Migration migration, BitSet missing, long now) {
        this.migration = migration;
        this.cluster = migration.cluster();
        this.copy = migration.copy();
        this.source = migration.source();
        this.destination = migration.target();
        this.prepaging = migration.options().prepaging();
        this.order = missing.stream().toArray();
        this.unsent = (BitSet) missing.clone();
        this.lastSent = new long[migration.vm().memory().pmap().pages()];
        this.total = order.length;
        this.started = now;
        copy.onMissingPage(this::remoteFault);
        kick(now);
    }

    /** The target's pmap: pages missing there, pages arrived. */
    private Pmap target() { return copy.memory().pmap(); }

    // ---------------------------------------------------------------- the source

    /** Starts the source's sender if it is idle. */
    private void kick(long now) {
        if (sending) return;
        sending = true;
        cluster.events().at(now, this::sendNext);
    }

    /** Sends the next page (asked-for first, then the push), or says the push is done. */
    private void sendNext() {
        long now = cluster.now();
        if (migration.checkHosts()) return;
        int gpn;
        boolean demand = !asked.isEmpty();
        if (demand) {
            gpn = asked.poll();
            askedSet.clear(gpn);
            if (unsent.get(gpn)) onDemand++;
            else resent++;
        } else if (!unsent.isEmpty()) {
            gpn = nextToPush();
            pushed++;
        } else {
            sending = false;
            if (!pushDone) {
                pushDone = true;
                sayPushDone(now);
            }
            return;
        }
        unsent.clear(gpn);
        lastSent[gpn] = now;
        cluster.events().at(migration.sendPage(gpn, now, (gpa, contents) -> arrived(gpn, contents)), this::sendNext);
    }

    /** The next page the background push sends: from the cursor on, wrapping round. */
    private int nextToPush() {
        for (int k = 0; k < order.length; k++, cursor = (cursor + 1) % order.length)
            if (unsent.get(order[cursor])) return order[cursor];
        throw new IllegalStateException("nothing left to push");
    }

    /**
     * The target asked for {@code gpns}: they go first, again if they went before, unless
     * less than a round trip ago (then they are on their way; if lost, the target asks again).
     */
    private void asked(int[] gpns, boolean fault, long now) {
        if (migration.checkHosts()) return;
        for (int g : gpns) {
            if (askedSet.get(g) || !unsent.get(g) && now - lastSent[g] < roundTrip()) continue;
            askedSet.set(g);
            asked.add(g);
        }
        if (fault && prepaging && gpns.length == 1) {   // push on from the pivot
            int i = java.util.Arrays.binarySearch(order, gpns[0]);
            if (i >= 0) cursor = (i + 1) % order.length;
        }
        kick(now);
    }

    /** Tells the target every page has left; again after a round trip and a millisecond while pages are missing. */
    private void sayPushDone(long now) {
        int attempt = ++pushDoneSends;
        migration.send(destination, t -> pushDoneArrived(t), PostCopy.REQUEST_BYTES, now);
        cluster.events().at(now + roundTrip(), () -> {
            if (attempt == pushDoneSends && !migration.checkHosts()) sayPushDone(cluster.now());
        });
    }

    // ---------------------------------------------------------------- the target

    /** The guest touched missing page {@code gpn} (on the target's hart): it waits, the source is asked. */
    private void remoteFault(int gpn) {
        remoteFaults++;
        long now = Math.max(cluster.now(), destination.hypervisor().timeNow());
        waitingFor = gpn;
        stallStart = now;
        pausedFor = "post-copy: waiting for page " + gpn + " from host " + source.name();
        copy.pause(pausedFor);
        request(gpn, now);
    }

    /** Asks the source for page {@code gpn}; again when it has not come within a round trip and a millisecond. */
    private void request(int gpn, long now) {
        int attempt = ++requests;
        migration.send(source, t -> asked(new int[] {gpn}, true, t), REQUEST_BYTES, now);
        cluster.events().at(now + roundTrip(), () -> {
            if (attempt == requests && waitingFor == gpn && !migration.checkHosts()) request(gpn, cluster.now());
        });
    }

    /** The source has sent every page: the target asks for those still missing (the network lost them). */
    private void pushDoneArrived(long now) {
        if (migration.checkHosts() || target().missingPages() == 0) return;
        int[] missing = new int[target().missingPages()];
        int n = 0;
        for (int g : order) if (target().missing(g)) missing[n++] = g;
        migration.send(source, t -> asked(missing, false, t), REQUEST_BYTES + 4L * missing.length, now);
    }

    /** Page {@code gpn} reached the target: written in, the vCPU runs on if it waited for it; the end when it was the last. */
    private void arrived(int gpn, byte[] contents) {
        long now = cluster.now();
        if (migration.checkHosts()) return;
        if (!target().missing(gpn)) {   // it came twice (asked for while pushed)
            duplicates++;
            return;
        }
        target().arrived(gpn);
        copy.guest().write(vmsh.hostmem.GuestMemory.BASE + ((long) gpn << 12), contents);
        if (waitingFor == gpn) {
            waitingFor = -1;
            stallCycles += now - stallStart;
            if (pausedFor.equals(copy.paused())) copy.resume();
        }
        if (target().missingPages() == 0) migration.finish(now);
    }

    /** A round trip of a page and a request, and a millisecond more: how long to wait before asking again. */
    private long roundTrip() {
        NetworkConfig c = cluster.network().config();
        return 2 * c.latency() + c.serialization(vmsh.hostmem.MachineMemory.PAGE_SIZE + Migration.PAGE_HEADER) + Migration.RETRY;
    }

    // ---------------------------------------------------------------- what it did

    /** Pages the source held when the VM resumed on the target. */
    public int pages() { return total; }

    /** Pages the background push sent. */
    public long pushed() { return pushed; }

    /** Pages sent because the target asked for them before the push got there. */
    public long onDemand() { return onDemand; }

    /** Pages sent again (the target asked again, or reported them lost). */
    public long resent() { return resent; }

    /** Accesses of the guest that found their page missing (each paused the vCPU). */
    public long remoteFaults() { return remoteFaults; }

    /** Cycles the vCPU waited for pages. */
    public long stallCycles() { return stallCycles; }

    /** Pages still missing on the target. */
    public int missing() { return target().missingPages(); }

    /** Cycles from the resume to the last page arriving, or -1 while pages are missing. */
    public long duration() { return migration.completedAt() < 0 ? -1 : migration.completedAt() - started; }

    /** The report's post-copy lines. */
    String report() {
        return String.format(Locale.ROOT, "after resume: %d pages in %s, %d pushed, %d on demand%s; %d remote faults stalled the VM %s (%s each)%n",
                total, duration() < 0 ? "-" : Times.format(duration()), pushed, onDemand,
                resent > 0 ? ", " + resent + " sent again" : "", remoteFaults, Times.format(stallCycles),
                remoteFaults == 0 ? "-" : Times.format(stallCycles / remoteFaults));
    }
}
