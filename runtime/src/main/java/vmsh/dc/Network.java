package vmsh.dc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vmsh.state.SeededRandom;

/**
 * The cluster's network, on simulated time: sites (hosts, client machines) on full-duplex
 * links to one switch, addresses bound to sites, and packets that cross it as
 * {@link NetworkConfig} says. A packet is serialized onto its sender's link behind the
 * packets sent before it, crosses in the latency, is dropped when it is lost (a seeded
 * draw at sending), when a partition separates the two sites, or when its destination is
 * down or unknown, and is serialized onto the receiver's link before it is delivered.
 * Where an address is bound is looked up when the packet reaches the switch, so packets
 * sent to a VM that moved meanwhile follow it (as after Clark et al.'s unsolicited ARP reply).
 */
public final class Network {
    /** One place on the network with its link. */
    private static final class Site {
        final String name;
        long uplinkFree, downlinkFree;
        boolean down;

        Site(String name) { this.name = name; }
    }

    private record Binding(int site, Endpoint endpoint) {}

    /** What one flow of traffic did. */
    public static final class Flow {
        long packets, bytes, delivered, lost, dropped;

        public long packets() { return packets; }

        /** Bytes sent on the wire, headers included. */
        public long bytes() { return bytes; }

        public long delivered() { return delivered; }

        /** Lost on the way (the configured loss rate). */
        public long lost() { return lost; }

        /** Dropped: a partition, a destination down or unknown. */
        public long dropped() { return dropped; }
    }

    private NetworkConfig config;
    private final Events events;
    private final SeededRandom random;
    private final List<Site> sites = new ArrayList<>();
    private final Map<Integer, Binding> bindings = new HashMap<>();
    private final Set<Long> cuts = new HashSet<>();
    private final Map<String, Flow> flows = new LinkedHashMap<>();
    /** The cluster the network's settings are input of, or null (a network on its own). */
    private transient Cluster owner;

    Network(NetworkConfig config, Events events, SeededRandom random) {
        this.config = config;
        this.events = events;
        this.random = random;
    }

    public NetworkConfig config() { return config; }

    /** The network's settings and partitions are input of {@code cluster} (a recording logs them). */
    void ownedBy(Cluster cluster) { this.owner = cluster; }

    /** Gives {@code op} as input {@code in} of the owner's, or at once. */
    private void given(ClusterInput in, Runnable op) {
        if (owner == null) op.run();
        else owner.given(in, op);
    }

    /** Changes bandwidth, latency or loss from now on (packets on their way keep their times). */
    public void configure(NetworkConfig c) { given(new ClusterInput.Configure(c), () -> this.config = c); }

    /** A new site on the network; returns its number. */
    int attach(String name) {
        sites.add(new Site(name));
        return sites.size() - 1;
    }

    public String siteName(int site) { return sites.get(site).name; }

    public int sites() { return sites.size(); }

    /** Delivers what is sent to {@code address} to {@code endpoint} at {@code site}. */
    void bind(int address, int site, Endpoint endpoint) {
        if (bindings.containsKey(address)) throw new IllegalArgumentException("address " + Address.format(address) + " is in use");
        bindings.put(address, new Binding(site, endpoint));
    }

    /** The address now lives at {@code site}, reaching {@code endpoint} (a VM migrated, a backup took over). */
    void rebind(int address, int site, Endpoint endpoint) { bindings.put(address, new Binding(site, endpoint)); }

    void unbind(int address) { bindings.remove(address); }

    /** The site {@code address} is bound to, or -1. */
    public int siteOf(int address) {
        Binding b = bindings.get(address);
        return b == null ? -1 : b.site;
    }

    /** The site is down (its host failed): it sends nothing more and receives nothing. */
    void down(int site) { sites.get(site).down = true; }

    public boolean isDown(int site) { return sites.get(site).down; }

    // ---------------------------------------------------------------- partitions

    /** No packet passes between a site of {@code a} and a site of {@code b} until {@link #heal}. */
    public void partition(Set<Integer> a, Set<Integer> b) {
        for (int x : a)
            for (int y : b)
                if (x == y) throw new IllegalArgumentException("site " + siteName(x) + " is on both sides of the partition");
        given(new ClusterInput.Partition(a, b), () -> {
            for (int x : a)
                for (int y : b) cuts.add(pair(x, y));
        });
    }

    /** Ends every partition. */
    public void heal() { given(new ClusterInput.Heal(), cuts::clear); }

    /** The pairs of sites cut apart now, lower site first, in order. */
    List<int[]> cuts() {
        List<int[]> list = new ArrayList<>();
        for (long c : new java.util.TreeSet<>(cuts)) list.add(new int[] {(int) (c >>> 32), (int) c});
        return list;
    }

    public boolean partitioned(int a, int b) { return cuts.contains(pair(a, b)); }

    private static long pair(int a, int b) { return (long) Math.min(a, b) << 32 | Math.max(a, b); }

    // ---------------------------------------------------------------- sending

    /**
     * Sends {@code p} from {@code site} at cluster time {@code now}; returns the time its last
     * bit leaves the sender's link (a sender that paces itself waits for that).
     */
    long send(int site, Packet p, long now) {
        Site from = sites.get(site);
        Flow f = flow(p.flow());
        f.packets++;
        f.bytes += p.wireBytes();
        boolean lost = config.loss() > 0 && random.nextDouble() < config.loss();
        if (from.down) {
            f.dropped++;
            return now;
        }
        long start = Math.max(now, from.uplinkFree);
        long sent = start + config.serialization(p.wireBytes());
        from.uplinkFree = sent;
        long latency = config.latency();
        events.at(sent + latency, () -> atSwitch(site, p, lost, sent + latency));
        return sent;
    }

    /** When the link of {@code site} is free to send again. */
    long uplinkFree(int site) { return sites.get(site).uplinkFree; }

    private void atSwitch(int fromSite, Packet p, boolean lost, long now) {
        Flow f = flow(p.flow());
        Binding b = bindings.get(p.destination());
        if (lost) {
            f.lost++;
            return;
        }
        if (b == null || sites.get(b.site).down || partitioned(fromSite, b.site)) {
            f.dropped++;
            return;
        }
        Site to = sites.get(b.site);
        long start = Math.max(now, to.downlinkFree);
        long arrives = start + config.serialization(p.wireBytes());
        to.downlinkFree = arrives;
        events.at(arrives, () -> {
            if (to.down) {
                f.dropped++;
                return;
            }
            f.delivered++;
            b.endpoint.receive(p, arrives);
        });
    }

    private Flow flow(String name) { return flows.computeIfAbsent(name, n -> new Flow()); }

    /** Its objects with state, for the cluster's history: itself, its generator, its sites and flows. */
    void parts(List<Object> into) {
        into.add(this);
        into.add(random);
        into.addAll(sites);
        into.addAll(flows.values());
    }

    /** Every flow's counts, in the order the flows first sent. */
    public Map<String, Flow> flows() { return java.util.Collections.unmodifiableMap(flows); }

    /** Bytes sent on the wire by {@code flow} so far (0 when it sent nothing). */
    public long bytes(String flow) {
        Flow f = flows.get(flow);
        return f == null ? 0 : f.bytes;
    }
}
