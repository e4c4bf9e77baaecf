package vmsh.dc;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The go-live arbiter of replicated pairs: a test-and-set on a machine of its own (VMware FT
 * does the same on shared storage). When a primary and its backup stop hearing each other,
 * each asks the witness to go on alone; the first to ask wins, every later question about
 * that pair gets the same answer. A partition between the two thus leaves one copy live,
 * never two; a copy that cannot reach the witness waits (and keeps its replies held).
 */
final class Witness implements Endpoint {
    /** Bytes of a question or an answer. */
    static final int MESSAGE_BYTES = 32;

    private final Cluster cluster;
    private final int site, address;
    /** Per replicated pair: the host that won. */
    private final Map<Replication, Host> winners = new HashMap<>();
    /** The questions asked so far, and those answered or given up (held here, not in the callbacks, so the cluster's history sets them back). */
    private int questions;
    private final java.util.BitSet answered = new java.util.BitSet();

    Witness(Cluster cluster, int site, int address) {
        this.cluster = cluster;
        this.site = site;
        this.address = address;
    }

    int site() { return site; }

    int address() { return address; }

    @Override public void receive(Packet p, long now) {
        if (p.body() instanceof Message m) m.deliver(now);
    }

    /**
     * Host {@code asker} asks to go live for {@code pair}; {@code answer} gets true when it
     * may, when (and if) the answer arrives. The asker asks again after a round trip and a
     * millisecond while it has no answer and is still {@code waiting} (either message may be lost).
     */
    void ask(Replication pair, Host asker, long now, java.util.function.BooleanSupplier waiting, Consumer<Boolean> answer) {
        int q = questions++;
        Network net = cluster.network();
        Message question = t -> {
            Host winner = winners.computeIfAbsent(pair, r -> asker);
            boolean granted = winner == asker;
            Message reply = t2 -> {
                if (answered.get(q) || asker.failed()) return;
                answered.set(q);
                answer.accept(granted);
            };
            net.send(site, Packet.message(address, asker.address(), "witness", reply, MESSAGE_BYTES, net.config()), t);
        };
        net.send(asker.site(), Packet.message(asker.address(), address, "witness", question, MESSAGE_BYTES, net.config()), now);
        cluster.events().at(now + 2 * net.config().latency() + Migration.RETRY, () -> {
            if (!answered.get(q) && !asker.failed() && waiting.getAsBoolean()) {
                answered.set(q);   // this question is over: the next one answers
                ask(pair, asker, cluster.now(), waiting, answer);
            }
        });
    }

    /** The host that won {@code pair}'s question, or null while nobody asked. */
    Host winner(Replication pair) { return winners.get(pair); }
}
