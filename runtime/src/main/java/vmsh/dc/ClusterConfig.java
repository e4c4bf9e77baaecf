package vmsh.dc;

import vmsh.hv.HvConfig;

/**
 * How a cluster is built: {@code hosts} hypervisor hosts, each as {@code host} says (its
 * memory scheduler seeded from the cluster's seed and its number), on a network as
 * {@code network} says; every random choice (packet loss, client arrivals, failure
 * instants) derives from {@code seed}.
 */
public record ClusterConfig(int hosts, HvConfig host, NetworkConfig network, long seed) {
    public static final int MAX_HOSTS = 64;
    public static final ClusterConfig DEFAULTS = new ClusterConfig(2, HvConfig.DEFAULTS, NetworkConfig.DEFAULTS, 1);

    public ClusterConfig {
        if (hosts < 1 || hosts > MAX_HOSTS) throw new IllegalArgumentException("a cluster has 1 to " + MAX_HOSTS + " hosts, not " + hosts);
    }

    public ClusterConfig hosts(int n) { return new ClusterConfig(n, host, network, seed); }

    public ClusterConfig host(HvConfig c) { return new ClusterConfig(hosts, c, network, seed); }

    public ClusterConfig network(NetworkConfig c) { return new ClusterConfig(hosts, host, c, seed); }

    public ClusterConfig seed(long s) { return new ClusterConfig(hosts, host, network, s); }
}
