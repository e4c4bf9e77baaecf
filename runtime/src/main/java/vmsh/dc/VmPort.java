package vmsh.dc;

import vmsh.dev.Nic;
import vmsh.hv.Vm;

/**
 * A VM's place on the network: its NIC, its address, and the host it runs on. Packets to
 * the address reach the NIC (an interrupt for the guest) and what the guest sends leaves
 * from its host's site, stamped with the host's time. A migration or a failover moves the
 * port to the VM's new copy; a replica's controller may take over both directions
 * ({@link Tap}).
 */
public final class VmPort implements Endpoint {
    /** Where a replica's controller takes the VM's traffic: input to log, output to hold. */
    interface Tap {
        void input(Packet p, long now);

        void output(int destination, byte[] payload);
    }

    private final Cluster cluster;
    private final int address;
    private Vm vm;
    private Nic nic;
    private Host host;
    private Tap tap;

    VmPort(Cluster cluster, int address, Vm vm, Nic nic, Host host) {
        this.cluster = cluster;
        this.address = address;
        attach(vm, nic, host);
    }

    /** The port now belongs to {@code vm} on {@code host}, with its NIC. */
    void attach(Vm vm, Nic nic, Host host) {
        this.vm = vm;
        this.nic = nic;
        this.host = host;
        nic.setAddress(address);
        nic.setWire(this::transmit);
    }

    public int address() { return address; }

    public Vm vm() { return vm; }

    public Nic nic() { return nic; }

    public Host host() { return host; }

    void tap(Tap t) { this.tap = t; }

    Tap tap() { return tap; }

    @Override public void receive(Packet p, long now) {
        if (p.payload() == null) return;   // a VMM message sent to a VM's address: not for the guest
        if (tap != null) tap.input(p, now);
        else nic.deliver(p.source(), p.payload());
    }

    /** The guest sent a packet (from its NIC's TX_SEND). */
    private void transmit(int destination, byte[] payload) {
        if (tap != null) tap.output(destination, payload);
        else send(destination, payload);
    }

    /** Puts a packet of the guest on the network now (the host's time within its quantum). */
    void send(int destination, byte[] payload) {
        if (host.failed()) return;
        Network net = cluster.network();
        net.send(host.site(), Packet.of(address, destination, "vm", payload, net.config()), host.hypervisor().timeNow());
    }
}
