package vmsh.dc;

/** Something with a network address that packets are delivered to: a VM's NIC, a client, a VMM's agent. */
interface Endpoint {
    /** {@code p} arrives at cluster time {@code now}. */
    void receive(Packet p, long now);
}
