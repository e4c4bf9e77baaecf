package vmsh.dc;

/**
 * One packet on the cluster's network, from one address to another: a guest's packet
 * ({@code payload}: its bytes) or a message between VMMs ({@code body}: pages, a VM's
 * state, a log entry, standing for {@code wireBytes} on the wire). {@code flow} names the
 * traffic it belongs to ("vm", "client", "migration", "replication", ...) for the
 * network's counts; {@code wireBytes} is what it takes on a link, headers included.
 */
public record Packet(int source, int destination, String flow, byte[] payload, Object body, long wireBytes) {
    /** A guest's (or a client's) packet: its payload plus the network's headers. */
    static Packet of(int source, int destination, String flow, byte[] payload, NetworkConfig c) {
        return new Packet(source, destination, flow, payload, null, payload.length + (long) c.headerBytes());
    }

    /** A VMM message whose body stands for {@code bytes} of payload. */
    static Packet message(int source, int destination, String flow, Object body, long bytes, NetworkConfig c) {
        return new Packet(source, destination, flow, null, body, bytes + c.headerBytes());
    }
}
