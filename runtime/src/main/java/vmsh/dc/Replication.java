package vmsh.dc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import vmsh.dev.Nic;
import vmsh.hostmem.GuestMemory;
import vmsh.hostmem.MachineMemory;
import vmsh.hostmem.PageState;
import vmsh.hv.Vm;
import vmsh.hv.VmState;
import vmsh.memsched.AdmissionException;

/**
 * Primary/backup replication of a VM, as Bressoud and Schneider did it ("Hypervisor-based
 * Fault-tolerance", SOSP 1995): a backup on another host executes the same instructions as
 * the primary, in lockstep through epochs, and takes over when the primary's host fails.
 *
 * <p>The guest is deterministic but for its inputs, so the primary's VMM holds every input
 * and gives it to the guest only at points both copies reach alike, logging it for the
 * backup: incoming packets are held and put into the NIC at the end of an epoch (every
 * {@code epoch} guest instructions, exactly) or when the guest waits in wfi; a wait ends
 * only by the VMM's decision (at its timer, or with input, after a logged idle time). Each
 * such point is a log entry {guest instruction, packets, how the wait ended} sent to the
 * backup's VMM, which acknowledges it. The backup runs to each point and waits there for
 * its entry. Output commit: a packet the guest sends leaves the primary only once the
 * backup has acknowledged every entry before it; the backup's own outputs go nowhere.
 *
 * <p><b>Failure detection.</b> Nobody tells either side that the other failed: each sends
 * the other a heartbeat every {@code heartbeat} cycles, and any message from one (an entry,
 * an acknowledgement, a heartbeat) tells the other it lives. After {@code detection} cycles
 * of silence a side suspects the other, but a silent peer may be alive behind a partition,
 * and two copies going on alone would answer clients twice. So the suspecting side asks the
 * {@link Witness} to go live (a test-and-set; VMware FT uses one on shared storage): the
 * first to ask wins. A backup that wins replays the rest of its log and takes over: the
 * VM's address moves to it and it runs on alone. It sends again the outputs of the replay
 * it cannot know the primary to have sent (clients drop such duplicates). Requests the
 * primary held but had not logged are lost with it, and the clients send them again. A
 * primary that wins goes on unreplicated and releases its held replies. The loser (if it
 * lives) stops for good: a deposed primary's held replies never leave (the backup had not
 * acknowledged what came before them, so its own replay answers them). Until the witness
 * answers, a side waits, and a primary's replies stay held. So every request is answered,
 * and counted once: the pair looks like one machine.
 */
public final class Replication {
    /** How one wait in wfi, or one epoch, ended. */
    enum Kind { EPOCH, TIMER, INPUT }

    /** One log entry: at guest instruction {@code insn}, {@code packets} went into the NIC; a wait ended as {@code kind}. */
    private record Entry(int index, long insn, Kind kind, long idle, List<Packet> packets, long released) {
        long bytes() {
            long b = 32;
            for (Packet p : packets) b += 8 + p.payload().length;
            return b;
        }
    }

    /** An output the primary holds until the backup has the entries before it. */
    private record Output(int afterEntry, int destination, byte[] payload) {}

    /**
     * SYNCING the first copy, REPLICATING, FAILED_OVER (the backup replays the rest of the
     * log), DONE (the backup took over), BACKUP_LOST (the primary goes on alone), LOST (the
     * primary went silent before the backup was in sync).
     */
    public enum Phase { SYNCING, REPLICATING, FAILED_OVER, DONE, BACKUP_LOST, LOST }

    /** Bytes of a heartbeat. */
    static final int HEARTBEAT_BYTES = 16;

    /** Bytes of a log entry's acknowledgement. */
    static final int ACK_BYTES = 16;

    private final Cluster cluster;
    private final VmPort port;
    /** The two copies, and the backup's NIC (not final: a cluster's history going back makes a removed one again). */
    private Vm primary, backup;
    private Nic backupNic;
    private final Host primaryHost, backupHost;
    private final long epoch, detection, heartbeat;
    private Phase phase = Phase.SYNCING;
    private String outcome = "syncing the backup";

    // the primary's side
    private final List<Packet> heldInput = new ArrayList<>();
    private final ArrayDeque<Output> heldOutput = new ArrayDeque<>();
    private int entriesSent, acked;
    /** Entries sent and not yet acknowledged, oldest first. */
    private final ArrayDeque<Entry> unacked = new ArrayDeque<>();
    /** When each unacknowledged entry was last sent. */
    private final java.util.Map<Integer, Long> lastSent = new java.util.HashMap<>();
    private boolean retryScheduled;
    private long resentEntries;
    private long released, logBytes, outputDelay, maxOutputDelay;
    private final ArrayDeque<Long> heldSince = new ArrayDeque<>();
    private boolean wakeScheduled;
    /** When the primary's VMM last heard from the backup's, and the backup's from the primary's. */
    private long primaryHeard, backupHeard;
    /** A side that suspects the other and waits for the witness's answer. */
    private boolean primaryAsking, backupAsking;
    /** A side still replicating: not failed, not stopped by the witness, not alone. */
    private boolean primaryActive = true, backupActive = true;
    /** The backup has the first copy's state: it could go live. */
    private boolean backupSynced;
    private long suspectedAt = -1;
    private String suspicion;

    // the backup's side
    private final ArrayDeque<Entry> log = new ArrayDeque<>();
    /** Entries that came before one missing (a lost packet), by index. */
    private final java.util.TreeMap<Integer, Entry> early = new java.util.TreeMap<>();
    private int lastReceived;
    private int applied;
    /** The guest instruction of the last epoch end the backup applied (at first, where both copies began). */
    private long epochDone;
    private long knownReleased, backupOutputs, resent;
    /** The backup's outputs the primary may not have released yet: {index, destination} and payload. */
    private final List<long[]> backupSentAt = new ArrayList<>();
    private final List<byte[]> backupSent = new ArrayList<>();
    private long failedOverAt = -1, failoverInsn = -1, syncBytes, heldAtFailure;
    private boolean primaryDeposed;

    private Replication(Cluster cluster, VmPort port, Host backupHost, Vm backup, Nic backupNic, long epoch, long detection, long heartbeat) {
        this.cluster = cluster;
        this.port = port;
        this.primary = port.vm();
        this.primaryHost = port.host();
        this.backupHost = backupHost;
        this.backup = backup;
        this.backupNic = backupNic;
        this.epoch = epoch;
        this.detection = detection;
        this.heartbeat = heartbeat;
    }

    /** Starts replicating the VM of {@code port} to a backup on {@code to} (see {@link Cluster#replicate}). */
    static Replication start(Cluster cluster, VmPort port, Host to, long epoch, long detection, long heartbeat) {
        Vm vm = port.vm();
        Host from = port.host();
        if (epoch < 1) throw new IllegalArgumentException("epoch " + epoch + " instructions must be positive");
        if (to == from) throw new IllegalArgumentException("the backup of VM '" + vm.name() + "' must be on another host than " + from.name());
        if (from.failed() || to.failed()) throw new IllegalStateException("host " + (from.failed() ? from : to).name() + " has failed");
        String refusal = vm.migrationRefusal();
        if (refusal != null) throw new IllegalArgumentException("VM '" + vm.name() + "' cannot be replicated: " + refusal);
        if (vm.vcpus().size() > 1)
            throw new IllegalArgumentException("VM '" + vm.name() + "' cannot be replicated: it has " + vm.vcpus().size() + " vCPUs, whose turns on the hart "
                    + "follow the host's quanta, not the guest's instructions, so a backup could not replay them (replicas in lockstep are uniprocessors)");
        if (vm.state() != VmState.READY && vm.state() != VmState.IDLE) throw new IllegalStateException("VM '" + vm.name() + "' is not running (" + vm.state() + ")");
        if (vm.paused() != null) throw new IllegalStateException("VM '" + vm.name() + "' is paused: " + vm.paused());
        Vm backup;
        try {
            backup = to.hypervisor().create(vm.name(), vm.memory().pmap().pages() * (long) MachineMemory.PAGE_SIZE, vm.technique());
        } catch (AdmissionException e) {
            throw new IllegalStateException("host " + to.name() + " cannot take VM '" + vm.name() + "': " + e.getMessage());
        }
        Replication r = new Replication(cluster, port, to, backup, Cluster.plugNic(backup), epoch, detection, heartbeat);
        cluster.witness();   // on the network from the start
        r.sync();
        r.primaryHeard = r.backupHeard = cluster.now();
        cluster.events().at(cluster.now() + heartbeat, r::primaryBeat);
        cluster.events().at(cluster.now() + heartbeat, r::backupBeat);
        return r;
    }

    // ---------------------------------------------------------------- the start: one copy

    /**
     * The backup begins as a copy of the primary: the primary pauses, its pages and then its
     * state cross the network (copied at once, accounted page by page on the link), and both
     * start from there when the backup has acknowledged them.
     */
    private void sync() {
        primary.pause("replication: the backup is being synced");
        port.tap(new VmPort.Tap() {   // from now on the primary's input waits for the log
            @Override public void input(Packet p, long t) { heldInput.add(p); }

            @Override public void output(int destination, byte[] payload) { hold(destination, payload); }
        });
        for (int g = 0; g < primary.memory().pmap().pages(); g++) {
            PageState s = primary.memory().pmap().state(g);
            if (s == PageState.UNBACKED || s == PageState.BALLOONED) continue;
            long gpa = GuestMemory.BASE + ((long) g << 12);
            backup.guest().write(gpa, primary.guest().read(gpa, MachineMemory.PAGE_SIZE));
            send(primaryHost, backupHost, "replication", MachineMemory.PAGE_SIZE + Migration.PAGE_HEADER, t -> {});   // one page
            syncBytes += MachineMemory.PAGE_SIZE + Migration.PAGE_HEADER;
        }
        backup.takeOver(primary);
        backup.pause("replication: the backup waits for the primary's log");
        epochDone = primary.guestInstructions();
        sendState();
    }

    /** The vCPU and devices, last of the first copy; sent again until the backup acknowledges them. */
    private void sendState() {
        syncBytes += Migration.VCPU_BYTES;
        send(primaryHost, backupHost, "replication", Migration.VCPU_BYTES, t -> {
            if (!backupActive) return;
            backupSynced = true;
            send(backupHost, primaryHost, "replication", ACK_BYTES, this::synced);
        });
        cluster.events().at(cluster.network().uplinkFree(primaryHost.site()) + RETRY, () -> {
            if (phase == Phase.SYNCING && primaryActive && !primaryHost.failed()) sendState();
        });
    }

    private void synced(long now) {
        if (phase != Phase.SYNCING || !primaryActive) return;
        phase = Phase.REPLICATING;
        outcome = "replicating";
        primary.holdWakeups(true);
        backup.holdWakeups(true);
        backupNic.setWire(this::backupOutput);
        primary.stopAt(nextEpoch(primary), this::primaryEpoch);
        primary.resume();
        backupNext();
    }

    private long nextEpoch(Vm vm) { return (vm.guestInstructions() / epoch + 1) * epoch; }

    // ---------------------------------------------------------------- the primary

    /** At an epoch's end, on the hart: the input held goes in, and the backup is told. */
    private void primaryEpoch() {
        logPoint(Kind.EPOCH, 0);
        primary.stopAt(nextEpoch(primary), this::primaryEpoch);
    }

    /** The input held goes into the NIC now, and an entry tells the backup so. */
    private void logPoint(Kind kind, long idle) {
        List<Packet> packets = List.copyOf(heldInput);
        heldInput.clear();
        Nic nic = port.nic();
        for (Packet p : packets) nic.deliver(p.source(), p.payload());
        Entry e = new Entry(++entriesSent, primary.guestInstructions(), kind, idle, packets, released);
        unacked.add(e);
        sendEntry(e);
    }

    private void sendEntry(Entry e) {
        long now = Math.max(cluster.now(), primaryHost.hypervisor().timeNow());
        logBytes += e.bytes();
        lastSent.put(e.index(), now);
        send(primaryHost, backupHost, "replication", e.bytes(), t -> received(e));
        if (!retryScheduled) {
            retryScheduled = true;
            cluster.events().at(now + RETRY, this::retry);
        }
    }

    /**
     * The log's transport is reliable: an entry not acknowledged {@value #RETRY} cycles after
     * it was sent goes again (a lost packet, a partition that healed); the backup drops copies.
     */
    private void retry() {
        retryScheduled = false;
        if (phase != Phase.REPLICATING || unacked.isEmpty() || primaryHost.failed()) return;
        long now = cluster.now();
        for (Entry e : List.copyOf(unacked))
            if (now - lastSent.get(e.index()) >= RETRY) {
                resentEntries++;
                sendEntry(e);
            }
        if (!retryScheduled) {
            retryScheduled = true;
            cluster.events().at(lastSent.get(unacked.peek().index()) + RETRY, this::retry);
        }
    }

    /** Cycles the primary waits for an acknowledgement before it sends its log again. */
    static final long RETRY = 1_000_000;

    /** The guest sent a packet: it waits for the backup to have every entry logged so far. */
    private void hold(int destination, byte[] payload) {
        heldOutput.add(new Output(entriesSent, destination, payload));
        heldSince.add(primaryHost.hypervisor().timeNow());
        releaseOutputs();
    }

    private void releaseOutputs() {
        if (!primaryActive) return;   // a deposed primary's replies never leave
        long now = primaryHost.hypervisor().timeNow();
        while (!heldOutput.isEmpty() && heldOutput.peek().afterEntry <= acked) {
            Output o = heldOutput.poll();
            long since = heldSince.poll();
            outputDelay += Math.max(0, now - since);
            maxOutputDelay = Math.max(maxOutputDelay, now - since);
            released++;
            sendAsPrimary(o.destination, o.payload);
        }
    }

    /** A reply of the primary leaves its host (which, after a failover behind a partition, is no longer where the VM's address lives). */
    private void sendAsPrimary(int destination, byte[] payload) {
        if (primaryHost.failed()) return;
        Network net = cluster.network();
        net.send(primaryHost.site(), Packet.of(port.address(), destination, "vm", payload, net.config()), primaryHost.hypervisor().timeNow());
    }

    /** Between steps: a primary waiting in wfi wakes at its timer, or with input, as the VMM decides (and logs). */
    void step(long now) {
        if (phase == Phase.FAILED_OVER) {
            backupNext();
        } else if (phase == Phase.REPLICATING) {
            wakePrimary();
            if (backupActive && !backupHost.failed()) backupNext();
        }
    }

    private void wakePrimary() {
        if (!primaryActive || primaryHost.failed() || !primary.waiting() || primary.waitingSince() < 0) return;
        long hostNow = primaryHost.hypervisor().now(), wakeAt = primary.wakeTime();
        if (wakeAt >= 0 && wakeAt != Long.MAX_VALUE && hostNow >= wakeAt) {
            logPoint(Kind.TIMER, 0);
            primary.wakeAtTimer();
        } else if (!heldInput.isEmpty()) {
            long idle = Math.max(0, hostNow - primary.waitingSince());
            logPoint(Kind.INPUT, idle);
            primary.wakeUp(idle);
        } else if (wakeAt >= 0 && wakeAt != Long.MAX_VALUE && !wakeScheduled) {
            wakeScheduled = true;   // look again when its timer is due
            cluster.events().at(Math.max(cluster.now(), wakeAt), () -> {
                wakeScheduled = false;
                step(cluster.now());
            });
        }
    }

    // ---------------------------------------------------------------- the backup

    private void received(Entry e) {
        if (phase != Phase.REPLICATING && phase != Phase.FAILED_OVER || !backupActive) return;
        if (backupHost.failed()) return;
        if (e.index() > lastReceived) early.put(e.index(), e);
        while (early.containsKey(lastReceived + 1)) log.add(early.remove(++lastReceived));
        int upTo = lastReceived;   // acknowledged cumulatively: every entry up to it is here
        send(backupHost, primaryHost, "replication", ACK_BYTES, t -> {
            if (phase != Phase.REPLICATING || !primaryActive) return;
            acked = Math.max(acked, upTo);
            while (!unacked.isEmpty() && unacked.peek().index() <= acked) lastSent.remove(unacked.poll().index());
            releaseOutputs();
        });
        backupNext();
    }

    /** The backup goes on as far as its log lets it: to the next entry's point, applying each it reaches. */
    private void backupNext() {
        while (!log.isEmpty()) {
            Entry e = log.peek();
            long at = backup.guestInstructions();
            if (e.kind() == Kind.EPOCH ? at != e.insn() : !(at == e.insn() && backup.waiting())) {
                if (at > e.insn()) throw new IllegalStateException("replica of VM '" + primary.name() + "' diverged: at instruction " + at + ", past the log's " + e.insn());
                break;
            }
            log.poll();
            apply(e);
        }
        if (!log.isEmpty()) {
            Entry e = log.peek();
            backup.stopAt(e.kind() == Kind.EPOCH ? e.insn() : -1, this::backupReached);
            if (e.kind() != Kind.EPOCH || backup.guestInstructions() < e.insn()) backup.resume();
        } else if (phase == Phase.FAILED_OVER) {
            takeOver();
        } else {   // it may not pass the next epoch's end before that entry comes
            long next = (epochDone / epoch + 1) * epoch;
            backup.stopAt(next, this::backupReached);
            if (backup.guestInstructions() < next) backup.resume();
        }
    }

    /** On the backup's hart: it reached a point of the log (or the end of what it has of it). */
    private void backupReached() {
        backup.pause("replication: the backup waits for the primary's log");
        cluster.events().at(cluster.now(), this::backupNext);
    }

    private void apply(Entry e) {
        for (Packet p : e.packets()) backupNic.deliver(p.source(), p.payload());
        knownReleased = Math.max(knownReleased, e.released());
        if (e.kind() == Kind.EPOCH) epochDone = e.insn();
        if (e.kind() == Kind.TIMER) backup.wakeAtTimer();
        else if (e.kind() == Kind.INPUT) backup.wakeUp(e.idle());
        applied++;
    }

    /** The backup's guest sent a packet: nowhere while the primary lives; remembered for a failover. */
    private void backupOutput(int destination, byte[] payload) {
        backupOutputs++;
        if (backupOutputs > knownReleased) {
            backupSentAt.add(new long[] {backupOutputs, destination});
            backupSent.add(payload);
        }
    }

    // ---------------------------------------------------------------- failure detection

    /** The primary's VMM, every heartbeat: it tells the backup it lives, and suspects a silent backup. */
    private void primaryBeat() {
        if (!primaryActive || primaryHost.failed()) return;   // a failed host does nothing
        long now = cluster.now();
        send(primaryHost, backupHost, "heartbeat", HEARTBEAT_BYTES, t -> {});
        if (!primaryAsking && now - primaryHeard > detection) {
            primaryAsking = true;
            String why = "the backup on " + backupHost.name() + " was silent for " + Times.format(now - primaryHeard);
            cluster.witness().ask(this, primaryHost, now, () -> primaryActive, granted -> {
                if (!primaryActive) return;
                if (granted) {
                    suspected(now, why);
                    backupLost();
                } else {
                    depose();
                }
            });
        }
        cluster.events().at(now + heartbeat, this::primaryBeat);
    }

    /** The backup's VMM, every heartbeat: it tells the primary it lives, and suspects a silent primary. */
    private void backupBeat() {
        if (!backupActive || backupHost.failed()) return;
        long now = cluster.now();
        send(backupHost, primaryHost, "heartbeat", HEARTBEAT_BYTES, t -> {});
        if (!backupAsking && now - backupHeard > detection) {
            String why = "the primary on " + primaryHost.name() + " was silent for " + Times.format(now - backupHeard);
            if (!backupSynced) {   // nothing to go live with
                backupGone(why);
                return;
            }
            backupAsking = true;
            cluster.witness().ask(this, backupHost, now, () -> backupActive, granted -> {
                if (!backupActive) return;
                if (granted) {
                    suspected(now, why);
                    failover(cluster.now());
                } else {
                    backupGone("the witness chose the primary");
                }
            });
        }
        cluster.events().at(now + heartbeat, this::backupBeat);
    }

    /** The side the witness let go on suspected the other at {@code now}, because {@code why}. */
    private void suspected(long now, String why) {
        suspectedAt = now;
        suspicion = why;
    }

    // ---------------------------------------------------------------- failures

    /** The primary went silent and the witness let the backup go live: it replays the rest of its log, then takes over. */
    private void failover(long now) {
        heldAtFailure = heldOutput.size();
        phase = Phase.FAILED_OVER;
        outcome = "failing over";
        backupNext();
    }

    private void takeOver() {
        long now = cluster.now();
        phase = Phase.DONE;
        failedOverAt = now;
        failoverInsn = backup.guestInstructions();
        backup.stopAt(-1, null);
        backup.holdWakeups(false);
        port.tap(null);
        Nic primaryNic = port.nic();
        cluster.move(port, backup, backupNic, backupHost);
        primaryNic.setWire(this::hold);   // a primary alive behind a partition sends nothing from now on
        // outputs of the replay the primary may not have sent: once more (clients drop duplicates)
        for (int i = 0; i < backupSent.size(); i++) {
            if (backupSentAt.get(i)[0] <= knownReleased) continue;
            port.send((int) backupSentAt.get(i)[1], backupSent.get(i));
            resent++;
        }
        backupActive = false;
        backup.resume();
        outcome = String.format(Locale.ROOT, "failed over to %s at %s, guest instruction %d", backupHost.name(), Times.format(now), failoverInsn);
        cluster.replicationEnded(this);
    }

    /**
     * The witness chose the backup while the primary lives (a partition): the primary stops
     * for good, its held replies with it, and its host lets it go.
     */
    private void depose() {
        primaryActive = false;
        heldOutput.clear();
        heldSince.clear();
        heldInput.clear();
        primary.stopAt(-1, null);
        primary.pause("replication: deposed, the backup on " + backupHost.name() + " took over");
        if (primaryHost.hypervisor().vms().contains(primary)) primaryHost.hypervisor().remove(primary);
        primaryDeposed = true;
    }

    /** The backup stops for good (the witness chose the primary, or it went silent before the backup was in sync). */
    private void backupGone(String why) {
        backupActive = false;
        if (!backupHost.failed() && backupHost.hypervisor().vms().contains(backup)) backupHost.hypervisor().remove(backup);
        if (phase == Phase.SYNCING) {
            phase = Phase.LOST;
            outcome = "lost: " + why + " before the backup was in sync";
            cluster.replicationEnded(this);
        }
    }

    /** The backup went silent and the witness let the primary go on: alone, unreplicated. */
    private void backupLost() {
        phase = Phase.BACKUP_LOST;
        outcome = "backup lost: " + (suspicion == null ? "host " + backupHost.name() + " failed" : suspicion) + "; the primary runs on alone";
        primaryActive = false;   // no more heartbeats or log: it is on its own
        port.tap(null);
        primary.holdWakeups(false);
        primary.stopAt(-1, null);
        Nic nic = port.nic();
        for (Packet p : heldInput) nic.deliver(p.source(), p.payload());
        heldInput.clear();
        while (!heldOutput.isEmpty()) {
            Output o = heldOutput.poll();
            heldSince.poll();
            released++;
            port.send(o.destination, o.payload);
        }
        if (primary.waiting()) primary.wakeUp(0);
        primary.resume();   // paused while the backup was being synced
        cluster.replicationEnded(this);
    }

    /** A message from one side's VMM to the other's; its arrival tells the receiver the sender lives. */
    private void send(Host from, Host to, String flow, long bytes, Message m) {
        if (from.failed()) return;
        Network net = cluster.network();
        Message heard = t -> {
            if (from == primaryHost) backupHeard = Math.max(backupHeard, t);
            else primaryHeard = Math.max(primaryHeard, t);
            m.deliver(t);
        };
        net.send(from.site(), Packet.message(from.address(), to.address(), flow, heard, bytes, net.config()), Math.max(cluster.now(), from.hypervisor().timeNow()));
    }

    // ---------------------------------------------------------------- what it did

    public Vm primary() { return primary; }

    public Vm backup() { return backup; }

    public Phase phase() { return phase; }

    public String outcome() { return outcome; }

    public long epoch() { return epoch; }

    /** Log entries the primary sent (epoch ends and ends of waits). */
    public long entries() { return entriesSent; }

    /** Entries the backup applied. */
    public long applied() { return applied; }

    /** Bytes of log sent, headers not included. */
    public long logBytes() { return logBytes; }

    /** Bytes of the first copy. */
    public long syncBytes() { return syncBytes; }

    /** Outputs released by the primary. */
    public long released() { return released; }

    /** Mean cycles an output waited for the backup's acknowledgement. */
    public long meanOutputDelay() { return released == 0 ? 0 : outputDelay / released; }

    public long maxOutputDelay() { return maxOutputDelay; }

    /** Guest instruction where the backup took over, or -1. */
    public long failoverInstruction() { return failoverInsn; }

    /** Cluster time the backup took over, or -1. */
    public long failedOverAt() { return failedOverAt; }

    /** Outputs the primary holds now, waiting for the backup. */
    public int heldOutputs() { return heldOutput.size(); }

    /** Outputs the primary still held (waiting for the backup) when its host failed. */
    public long heldAtFailure() { return heldAtFailure; }

    /** True when the witness chose the backup while the primary lived (a partition): the primary stopped. */
    public boolean primaryDeposed() { return primaryDeposed; }

    /** Cluster time the side that went on alone suspected the other, or -1. */
    public long suspectedAt() { return suspectedAt; }

    /** Why it did: which side was silent, for how long; null until the witness let one side go on. */
    public String suspicion() { return suspicion; }

    /** Outputs the backup sent again at the failover. */
    public long resent() { return resent; }

    /** For a look inside: where the backup is against its log. */
    public String backupState() {
        Entry e = log.peek();
        return "backup at " + backup.guestInstructions() + (backup.waiting() ? " waiting" : "") + (backup.paused() != null ? " paused" : "")
                + " " + backup.state() + "; next entry " + (e == null ? "none" : e.kind() + " at " + e.insn()) + "; primary at " + primary.guestInstructions();
    }

    public String report() {
        ReplyCheck c = cluster.check();
        return String.format(Locale.ROOT,
                "replication of %s: primary on %s, backup on %s, epoch %d instructions: %s%n"
                + "%d log entries (%d applied by the backup%s), %.1f KB of log, first copy %.2f MB; "
                + "%d outputs released, waiting %s on average for the backup (at most %s)%n"
                + "clients: %d answered, %d unanswered, %d lost and %d duplicated updates, %d duplicate replies dropped%s%n",
                primary.name(), primaryHost.name(), backupHost.name(), epoch, outcome, entriesSent, applied,
                resentEntries > 0 ? ", " + resentEntries + " sent again" : "", logBytes / 1e3, syncBytes / 1e6,
                released, Times.format(meanOutputDelay()), Times.format(maxOutputDelay), c.answered(), c.unanswered(), c.lostUpdates(),
                c.duplicatedUpdates(), c.duplicateReplies(),
                (heldAtFailure > 0 ? ", " + heldAtFailure + " replies the primary held died with it" : "")
                + (resent > 0 ? ", " + resent + " outputs sent again at the failover" : ""));
    }

    @Override public String toString() { return report(); }
}
