package vmsh.dc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import vmsh.state.StateHash;

/**
 * Everything a cluster is, as text and as a hash: its time and the events waiting, each
 * host with its state hash and clock, the network's counts by flow, what every client
 * sent and saw, where each VM is and how far it ran, and the reports of the migrations and
 * replications going on. Two clusters with the same fingerprint are in the same state.
 */
public final class ClusterFingerprint {
    private ClusterFingerprint() {}

    /** The fingerprint as lines of text. */
    public static String text(Cluster dc) {
        StringBuilder b = new StringBuilder();
        b.append("t ").append(dc.now()).append(" events ").append(dc.pendingEvents()).append('\n');
        for (Host h : dc.hosts()) b.append(h).append(' ').append(h.hypervisor().stateHash()).append(' ').append(h.hypervisor().now()).append('\n');
        for (Map.Entry<String, Network.Flow> f : dc.network().flows().entrySet()) {
            Network.Flow x = f.getValue();
            b.append(f.getKey()).append(' ').append(x.packets()).append(' ').append(x.bytes()).append(' ').append(x.delivered()).append(' ')
                    .append(x.lost()).append(' ').append(x.dropped()).append('\n');
        }
        for (Client c : dc.clients()) {
            b.append(c).append(' ').append(c.sent()).append(' ').append(c.unanswered()).append('\n');
            for (long[] a : c.answers()) b.append(Arrays.toString(a));
            b.append('\n');
        }
        for (VmPort p : dc.ports()) b.append(p.vm().name()).append(" on ").append(p.host().name()).append(' ').append(p.vm().guestInstructions()).append('\n');
        for (Migration m : dc.migrations()) b.append(m.report());
        for (Replication r : dc.replications()) b.append(r.report());
        return b.toString();
    }

    /** A SHA-256 of {@link #text}, as 64 hex digits. */
    public static String hash(Cluster dc) { return new StateHash().add(text(dc).getBytes(StandardCharsets.UTF_8)).hex(); }
}
