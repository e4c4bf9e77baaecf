package vmsh.dc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import vmsh.state.SeededRandom;

/**
 * A client machine outside the hosts that sends requests to a VM's address and checks the
 * replies: the counter service of samples/dc/server.s. Requests arrive at {@code rate} per
 * simulated second (evenly, or as a Poisson process), wait in the client's queue, and go
 * out one at a time; a request not answered within the timeout is sent again (the same
 * sequence number), so the server answers a retransmission from its reply cache instead of
 * counting twice.
 *
 * <pre>
 *  request  (16 bytes, little-endian words): 1 (INCREMENT) | client id | sequence number | 0
 *  reply    (16 bytes):                      2 (COUNTED)   | client id | sequence number | counter value
 * </pre>
 *
 * What the client sees is checked: every request answered, once and in order; a second
 * reply to the same request is a duplicate on the wire, counted and dropped (its
 * transport does so); and the counter values of all replies of all clients together must
 * be 1, 2, 3, ... each once, or an update was lost (a value returned twice) or
 * duplicated (a value skipped).
 */
public final class Client implements Endpoint {
    public static final int INCREMENT = 1, COUNTED = 2, MESSAGE_BYTES = 16;

    private final Cluster cluster;
    private final int id, address, site, target;
    private final long interval, timeout;
    private final SeededRandom random;
    private final String name;
    private boolean running = true;

    /** Generation times of requests waiting to be sent, oldest first. */
    private final ArrayDeque<Long> queue = new ArrayDeque<>();
    private long nextSeq = 1;
    /** The request on the wire: its sequence number (0: none), when it was generated and last sent. */
    private long outstanding, outstandingGenerated, outstandingSent;
    private long timeoutEpoch;

    private long sent, retransmissions, duplicates, strays;
    private final List<long[]> answers = new ArrayList<>();   // {seq, generated, answered, value}

    Client(Cluster cluster, String name, int id, int address, int site, int target, double rate, long timeout, boolean poisson) {
        this.cluster = cluster;
        this.name = name;
        this.id = id;
        this.address = address;
        this.site = site;
        this.target = target;
        this.interval = Math.max(1, Math.round(Cluster.CLOCK_HZ / rate));
        this.timeout = timeout;
        this.random = poisson ? cluster.random() : null;
    }

    public String name() { return name; }

    /** Its generator of Poisson gaps, or null. */
    SeededRandom random() { return random; }

    public int id() { return id; }

    public int address() { return address; }

    /** The address it sends to. */
    public int target() { return target; }

    void start(long now) { cluster.events().at(now + gap(), this::arrive); }

    /** No more requests are generated; those queued and outstanding still go out and are waited for. */
    public void stop() { cluster.given(new ClusterInput.StopClient(id), () -> running = false); }

    public boolean running() { return running; }

    private long gap() {
        if (random == null) return interval;
        return Math.max(1, Math.round(-Math.log(1 - random.nextDouble()) * interval));
    }

    private void arrive() {
        if (!running) return;
        long now = cluster.now();
        queue.add(now);
        cluster.events().at(now + gap(), this::arrive);
        sendNext(now);
    }

    private void sendNext(long now) {
        if (outstanding != 0 || queue.isEmpty()) return;
        outstanding = nextSeq++;
        outstandingGenerated = queue.poll();
        transmit(now);
    }

    private void transmit(long now) {
        outstandingSent = now;
        sent++;
        ByteBuffer b = ByteBuffer.allocate(MESSAGE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(INCREMENT).putInt(id).putInt((int) outstanding).putInt(0);
        Network net = cluster.network();
        net.send(site, Packet.of(address, target, "client", b.array(), net.config()), now);
        long epoch = ++timeoutEpoch;
        cluster.events().at(now + timeout, () -> expire(epoch));
    }

    private void expire(long epoch) {
        if (epoch != timeoutEpoch || outstanding == 0) return;
        retransmissions++;
        transmit(cluster.now());
    }

    @Override public void receive(Packet p, long now) {
        byte[] m = p.payload();
        if (m == null || m.length < MESSAGE_BYTES) {
            strays++;
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        int kind = b.getInt(), client = b.getInt();
        long seq = Integer.toUnsignedLong(b.getInt());
        long value = Integer.toUnsignedLong(b.getInt());
        if (kind != COUNTED || client != id) {
            strays++;
            return;
        }
        if (seq != outstanding) {
            duplicates++;     // answered before: the transport drops it
            return;
        }
        answers.add(new long[] {seq, outstandingGenerated, now, value});
        outstanding = 0;
        timeoutEpoch++;
        sendNext(now);
    }

    // ---------------------------------------------------------------- what it saw

    /** Requests generated so far (sent or still queued). */
    public long requests() { return nextSeq - 1 + queue.size(); }

    /** Packets sent, retransmissions included. */
    public long sent() { return sent; }

    public long retransmissions() { return retransmissions; }

    /** Second replies to an answered request (dropped). */
    public long duplicateReplies() { return duplicates; }

    /** Packets that were not replies of the service to this client. */
    public long strays() { return strays; }

    /** Requests answered. */
    public long answered() { return answers.size(); }

    /** Requests not (yet) answered: queued or on the wire. */
    public long unanswered() { return queue.size() + (outstanding != 0 ? 1 : 0); }

    /** Each answered request, in order: {sequence number, generated at, answered at, counter value}. */
    public List<long[]> answers() {
        List<long[]> copy = new ArrayList<>();
        for (long[] a : answers) copy.add(a.clone());
        return copy;
    }

    /** Latencies (answered minus generated, cycles) of the answered requests, in order. */
    public long[] latencies() {
        long[] l = new long[answers.size()];
        for (int i = 0; i < l.length; i++) l[i] = answers.get(i)[2] - answers.get(i)[1];
        return l;
    }

    /** The longest time between two replies (or from the start of the run to the first), in cycles. */
    public long maxGap() {
        long max = 0, last = -1;
        for (long[] a : answers) {
            if (last >= 0) max = Math.max(max, a[2] - last);
            last = a[2];
        }
        return max;
    }

    /** True when every answered request got a later sequence number than the one before, from 1 on. */
    public boolean inOrder() {
        long expect = 1;
        for (long[] a : answers) if (a[0] != expect++) return false;
        return true;
    }

    /** The counter values of the answers, in order. */
    long[] values() { return answers.stream().mapToLong(a -> a[3]).toArray(); }

    @Override public String toString() {
        long[] l = latencies();
        Arrays.sort(l);
        return String.format("client %s -> %s: %d requests, %d answered, %d retransmitted, %d duplicate replies",
                name, Address.format(target), requests(), answered(), retransmissions, duplicates);
    }
}
