package vmsh.dev;

import java.util.ArrayDeque;
import java.util.Arrays;
import vmsh.mem.Device;
import vmsh.state.StateIn;
import vmsh.state.StateOut;

/**
 * A paravirtual network card ("vnet"): packets of up to {@value #MTU} bytes to and from
 * numbered network addresses, read and written through a 4 KiB register window with an
 * interrupt line. It is made for a VMM to emulate cheaply: a packet costs a few register
 * accesses and no descriptor rings, and sending is immediate. All registers are 32 bits,
 * little-endian; byte and halfword accesses read and write within the buffers only.
 *
 * <pre>
 *  offset  name         access  meaning
 *  0x000   MAGIC        r       0x74656e76 ("vnet")
 *  0x004   ADDRESS      r       this card's network address (given when it is plugged in)
 *  0x008   STATUS       r       bit 0 RX_AVAIL: a received packet is at the head of the queue
 *  0x00c   IRQ_ENABLE   r/w     bit 0: raise the interrupt line while RX_AVAIL
 *  0x010   RX_LENGTH    r       payload bytes of the head packet (0 when none)
 *  0x014   RX_SOURCE    r       the address it came from
 *  0x018   RX_POP       w       drop the head packet (any value): the next one moves up
 *  0x01c   RX_DROPS     r       packets lost because the queue held {@value #QUEUE} already
 *  0x020   TX_DEST      r/w     where the next packet goes
 *  0x024   TX_LENGTH    r/w     its payload bytes (0..{@value #MTU}; larger is cut to the MTU)
 *  0x028   TX_SEND      w       send it (any value): TX_LENGTH bytes of the TX buffer leave now
 *  0x02c   TX_COUNT     r       packets sent
 *  0x030   RX_COUNT     r       packets received (queued)
 *  0x400   RX buffer    r       the head packet's payload; bytes past its length read 0
 *  0x800   TX buffer    r/w     the payload of the next packet
 * </pre>
 *
 * The interrupt is level-triggered: the line is high while a packet waits and bit 0 of
 * IRQ_ENABLE is set, so a driver pops packets until RX_AVAIL is clear and then completes
 * the interrupt. What leaves goes to the card's {@link Wire}; what arrives comes in by
 * {@link #deliver}.
 */
public final class Nic implements Device {
    public static final int MAGIC = 0x000, ADDRESS = 0x004, STATUS = 0x008, IRQ_ENABLE = 0x00c;
    public static final int RX_LENGTH = 0x010, RX_SOURCE = 0x014, RX_POP = 0x018, RX_DROPS = 0x01c;
    public static final int TX_DEST = 0x020, TX_LENGTH = 0x024, TX_SEND = 0x028, TX_COUNT = 0x02c, RX_COUNT = 0x030;
    public static final int RX_BUFFER = 0x400, TX_BUFFER = 0x800;
    public static final int MAGIC_VALUE = 0x74656e76;
    public static final int STATUS_RX_AVAIL = 1, IRQ_RX = 1;
    /** The largest payload, in bytes. */
    public static final int MTU = 1024;
    /** Packets the receive queue holds; more are dropped. */
    public static final int QUEUE = 64;
    public static final int SIZE = 0x1000;

    /** Where sent packets go. */
    public interface Wire {
        void transmit(int destination, byte[] payload);
    }

    /** One received packet. */
    private record Packet(int source, byte[] payload) {}

    private int address;
    private Wire wire = (destination, payload) -> {};
    private final ArrayDeque<Packet> received = new ArrayDeque<>();
    private int irqEnable, drops, txDest, txLength;
    private long sent, receivedCount;
    private final byte[] tx = new byte[MTU];

    @Override public String name() { return "nic"; }

    @Override public int size() { return SIZE; }

    /** This card's network address. */
    public int address() { return address; }

    public void setAddress(int address) { this.address = address; }

    /** Where sent packets go (wiring: not state). */
    public void setWire(Wire wire) { this.wire = wire == null ? (d, p) -> {} : wire; }

    /** Where the card's packets go now. */
    public Wire wire() { return wire; }

    /** A packet arrives from {@code source}: queued, or counted as dropped when the queue is full. False when dropped. */
    public boolean deliver(int source, byte[] payload) {
        if (payload.length > MTU) throw new IllegalArgumentException("a packet of " + payload.length + " bytes is over the MTU of " + MTU);
        if (received.size() >= QUEUE) {
            drops++;
            return false;
        }
        received.add(new Packet(source, payload.clone()));
        receivedCount++;
        return true;
    }

    /** The interrupt line: a packet waits and the driver enabled the interrupt. */
    public boolean interruptPending() { return (irqEnable & IRQ_RX) != 0 && !received.isEmpty(); }

    /** Packets waiting to be read. */
    public int queued() { return received.size(); }

    public int drops() { return drops; }

    public long sent() { return sent; }

    /** Packets received (queued; dropped ones not counted). */
    public long received() { return receivedCount; }

    @Override
    public int load(int offset, int width) {
        if (offset >= RX_BUFFER && offset < TX_BUFFER) return bytes(head(), offset - RX_BUFFER, width);
        if (offset >= TX_BUFFER) return bytes(tx, offset - TX_BUFFER, width);
        if (width != 4 || (offset & 3) != 0) return 0;
        Packet p = received.peek();
        return switch (offset) {
            case MAGIC -> MAGIC_VALUE;
            case ADDRESS -> address;
            case STATUS -> p == null ? 0 : STATUS_RX_AVAIL;
            case IRQ_ENABLE -> irqEnable;
            case RX_LENGTH -> p == null ? 0 : p.payload.length;
            case RX_SOURCE -> p == null ? 0 : p.source;
            case RX_DROPS -> drops;
            case TX_DEST -> txDest;
            case TX_LENGTH -> txLength;
            case TX_COUNT -> (int) sent;
            case RX_COUNT -> (int) receivedCount;
            default -> 0;
        };
    }

    @Override
    public void store(int offset, int width, int value) {
        if (offset >= TX_BUFFER) {
            for (int i = 0; i < width && offset - TX_BUFFER + i < MTU; i++) tx[offset - TX_BUFFER + i] = (byte) (value >>> 8 * i);
            return;
        }
        if (width != 4 || (offset & 3) != 0) return;
        switch (offset) {
            case IRQ_ENABLE -> irqEnable = value & IRQ_RX;
            case RX_POP -> received.poll();
            case TX_DEST -> txDest = value;
            case TX_LENGTH -> txLength = (int) Math.min(Integer.toUnsignedLong(value), MTU);
            case TX_SEND -> {
                sent++;
                wire.transmit(txDest, Arrays.copyOf(tx, txLength));
            }
            default -> { }
        }
    }

    private byte[] head() {
        Packet p = received.peek();
        return p == null ? new byte[0] : p.payload;
    }

    /** {@code width} little-endian bytes of {@code data} from {@code at}; bytes past its end read 0. */
    private static int bytes(byte[] data, int at, int width) {
        int v = 0;
        for (int i = 0; i < width; i++) if (at + i < data.length) v |= (data[at + i] & 0xff) << 8 * i;
        return v;
    }

    /** The address, registers, counters, TX buffer and the packets waiting (the wire is wiring). */
    @Override
    public void save(StateOut out) {
        out.putInt(address).putInt(irqEnable).putInt(drops).putInt(txDest).putInt(txLength);
        out.putLong(sent).putLong(receivedCount).putBytes(tx);
        out.putInt(received.size());
        for (Packet p : received) out.putInt(p.source).putBytes(p.payload);
    }

    @Override
    public void restore(StateIn in) {
        address = in.getInt();
        irqEnable = in.getInt();
        drops = in.getInt();
        txDest = in.getInt();
        txLength = in.getInt();
        if (txLength < 0 || txLength > MTU) throw new vmsh.state.StateException("state section 'nic': TX_LENGTH " + txLength);
        sent = in.getLong();
        receivedCount = in.getLong();
        in.getBytes(tx);
        int n = in.getInt();
        if (n < 0 || n > QUEUE) throw new vmsh.state.StateException("state section 'nic': " + n + " packets queued, at most " + QUEUE);
        received.clear();
        for (int i = 0; i < n; i++) {
            int source = in.getInt();
            byte[] payload = in.getBytes();
            if (payload == null || payload.length > MTU) throw new vmsh.state.StateException("state section 'nic': a bad packet");
            received.add(new Packet(source, payload));
        }
    }
}
