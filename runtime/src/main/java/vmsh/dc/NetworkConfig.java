package vmsh.dc;

/**
 * How the cluster's network behaves: every site (a host, a client machine) has a
 * full-duplex link of {@code bitsPerSecond} to one switch; a packet is serialized onto the
 * sender's link, crosses the network in {@code latency} cycles, and is serialized onto the
 * receiver's link, each link sending one packet at a time in the order they come. A packet
 * is lost with probability {@code loss}, drawn from the cluster's seed.
 *
 * @param bitsPerSecond link bandwidth
 * @param latency       one-way propagation and switching delay, in cycles (1 GHz: 1,000 per microsecond)
 * @param loss          probability that a packet is lost, 0 to 1
 * @param headerBytes   bytes each packet carries besides its payload (Ethernet, IP and UDP headers)
 */
public record NetworkConfig(long bitsPerSecond, long latency, double loss, int headerBytes) {
    public static final NetworkConfig DEFAULTS = new NetworkConfig(1_000_000_000L, 100_000, 0, 64);

    public NetworkConfig {
        if (bitsPerSecond <= 0) throw new IllegalArgumentException("network bandwidth " + bitsPerSecond + " bit/s must be positive");
        if (latency < 0) throw new IllegalArgumentException("network latency " + latency + " cycles must not be negative");
        if (!(loss >= 0 && loss <= 1)) throw new IllegalArgumentException("network loss " + loss + " must be between 0 and 1");
        if (headerBytes < 0) throw new IllegalArgumentException("packet header " + headerBytes + " bytes must not be negative");
    }

    public NetworkConfig bandwidth(long bps) { return new NetworkConfig(bps, latency, loss, headerBytes); }

    public NetworkConfig latency(long cycles) { return new NetworkConfig(bitsPerSecond, cycles, loss, headerBytes); }

    public NetworkConfig loss(double p) { return new NetworkConfig(bitsPerSecond, latency, p, headerBytes); }

    /** Cycles a packet of {@code bytes} (header included) takes to serialize onto a link, rounded up. */
    long serialization(long bytes) {
        return Math.ceilDiv(bytes * 8 * Cluster.CLOCK_HZ, bitsPerSecond);
    }
}
