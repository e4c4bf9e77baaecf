package vmsh.shell.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.graalvm.polyglot.Value;
import vmsh.dc.Network;
import vmsh.dc.NetworkConfig;
import vmsh.dc.Times;
import vmsh.shell.Bandwidths;

/** A cluster's network: its links, partitions, and what each flow of traffic did. */
final class JsNetwork extends ApiObject {
    static final ApiType<JsNetwork> TYPE = ApiType.<JsNetwork>of("network", "dc.network",
                    "The cluster's network (`dc.network`): a switch with one full-duplex link per site (host or client machine); "
                    + "bandwidth, latency and loss can change while it runs.")
            .property("bandwidth", "each link's bandwidth in bits per second; assign '100Mbit' or a number", n -> n.network().config().bitsPerSecond(),
                    (n, v) -> n.configure(n.network().config().bandwidth(ClusterArgs.bandwidth(v, "network.bandwidth"))))
            .property("latency", "one-way latency in milliseconds; assign '100us', '1ms' or seconds", n -> Times.ms(n.network().config().latency()),
                    (n, v) -> n.configure(n.network().config().latency(ClusterArgs.duration(v, "network.latency"))))
            .property("loss", "the probability a packet is lost (0..1); assign to change it", n -> n.network().config().loss(),
                    (n, v) -> n.configure(n.network().config().loss(ClusterArgs.number(v, 0, 1, "network.loss"))))
            .method("partition(sideA, sideB)", "cut the network between two lists of hosts, clients or VMs (a VM stands for its host): no packet crosses until heal()", JsNetwork::partition)
            .method("heal()", "end every partition", (n, a) -> {
                n.network().heal();
                return null;
            })
            .method("stats()", "[{flow, packets, bytes, delivered, lost, dropped}] by flow of traffic ('client', 'vm', 'migration', 'replication', ...)", JsNetwork::stats);

    private final JsCluster cluster;

    JsNetwork(ScriptHost host, JsCluster cluster) {
        super(host);
        this.cluster = cluster;
    }

    @Override ApiType<?> type() { return TYPE; }

    private Network network() { return cluster.cluster().network(); }

    private void configure(NetworkConfig c) { network().configure(c); }

    private Object partition(Value[] a) {
        Set<Integer> x = sites(Args.at(a, 0), "partition(sideA, sideB): sideA"), y = sites(Args.at(a, 1), "partition(sideA, sideB): sideB");
        try {
            network().partition(x, y);
        } catch (IllegalArgumentException e) {
            throw JsError.range("partition(): " + e.getMessage());
        }
        return null;
    }

    private Set<Integer> sites(Value v, String what) {
        if (v == null || !v.hasArrayElements()) throw JsError.type(what + " must be a list of hosts, clients or VMs, got " + ValueFormat.inspect(v));
        Set<Integer> s = new LinkedHashSet<>();
        for (long i = 0; i < v.getArraySize(); i++) s.add(cluster.site(v.getArrayElement(i), what));
        return s;
    }

    private Object stats(Value[] a) {
        List<Object> rows = new ArrayList<>();
        for (Map.Entry<String, Network.Flow> e : network().flows().entrySet()) {
            Network.Flow f = e.getValue();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("flow", e.getKey());
            m.put("packets", f.packets());
            m.put("bytes", f.bytes());
            m.put("delivered", f.delivered());
            m.put("lost", f.lost());
            m.put("dropped", f.dropped());
            rows.add(host.object(m));
        }
        return host.array(rows);
    }

    @Override public String toString() {
        NetworkConfig c = network().config();
        return String.format("network: %s links, %s latency, loss %s", Bandwidths.format(c.bitsPerSecond()), Times.format(c.latency()),
                c.loss());
    }
}
