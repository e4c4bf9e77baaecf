package vmsh.dc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vmsh.state.SeededRandom;

/** The simulated network: serialization at the link's bandwidth, latency, FIFO links, seeded loss, partitions, moved addresses. */
class NetworkTest {
    private final Events events = new Events();

    private record Arrival(long time, Packet p) {}

    private Network network(NetworkConfig c, long seed) { return new Network(c, events, new SeededRandom(seed)); }

    private static Packet packet(int from, int to, int bytes) { return new Packet(from, to, "test", new byte[bytes], null, bytes); }

    private static List<Arrival> listen(Network n, int address, int site) {
        List<Arrival> got = new ArrayList<>();
        n.bind(address, site, (p, t) -> got.add(new Arrival(t, p)));
        return got;
    }

    @Test void aPacketTakesItsSerializationTwiceAndTheLatency() {
        Network n = network(new NetworkConfig(1_000_000_000L, 100_000, 0, 0), 1);
        int a = n.attach("a"), b = n.attach("b");
        List<Arrival> got = listen(n, 2, b);
        long left = n.send(a, packet(1, 2, 1250), 0);   // 10,000 bits at 1 Gbit/s: 10 us per link
        assertEquals(10_000, left);
        events.runUntil(Long.MAX_VALUE);
        assertEquals(1, got.size());
        assertEquals(10_000 + 100_000 + 10_000, got.get(0).time);
    }

    @Test void aLinkSendsOnePacketAtATimeInOrder() {
        Network n = network(new NetworkConfig(100_000_000L, 1_000, 0, 0), 1);   // 100 Mbit/s
        int a = n.attach("a"), b = n.attach("b"), c = n.attach("c");
        List<Arrival> got = listen(n, 3, c);
        n.send(a, packet(1, 3, 125), 0);        // 10 us each
        n.send(b, packet(2, 3, 125), 0);
        n.send(a, packet(1, 3, 125), 0);
        events.runUntil(Long.MAX_VALUE);
        assertEquals(3, got.size());
        // a's two packets leave back to back; c's link takes one at a time
        assertEquals(List.of(10_000 + 1_000 + 10_000L, 20_000 + 11_000L, 20_000 + 1_000 + 10_000 + 10_000L),
                got.stream().map(Arrival::time).toList());
    }

    @Test void lossIsSeededAndAboutTheRateAsked() {
        long[] delivered = new long[3];
        for (int run = 0; run < 3; run++) {
            Events e = new Events();
            Network n = new Network(new NetworkConfig(1_000_000_000L, 0, 0.1, 0), e, new SeededRandom(run == 2 ? 8 : 7));
            int a = n.attach("a"), b = n.attach("b");
            n.bind(2, b, (p, t) -> {});
            for (int i = 0; i < 10_000; i++) n.send(a, packet(1, 2, 10), i * 1000L);
            e.runUntil(Long.MAX_VALUE);
            delivered[run] = n.flows().get("test").delivered();
            assertEquals(10_000, n.flows().get("test").delivered() + n.flows().get("test").lost());
        }
        assertEquals(delivered[0], delivered[1], "the same seed loses the same packets");
        assertNotEquals(delivered[0], delivered[2]);
        assertTrue(Math.abs(delivered[0] - 9_000) < 300, delivered[0] + " of 10,000 delivered at 10% loss");
    }

    @Test void aPartitionDropsWhatCrossesItUntilItHeals() {
        Network n = network(NetworkConfig.DEFAULTS, 1);
        int a = n.attach("a"), b = n.attach("b"), c = n.attach("c");
        List<Arrival> atB = listen(n, 2, b), atC = listen(n, 3, c);
        n.partition(Set.of(a), Set.of(b));
        n.send(a, packet(1, 2, 10), 0);
        n.send(a, packet(1, 3, 10), 0);
        events.runUntil(1_000_000);
        assertEquals(0, atB.size());
        assertEquals(1, atC.size());
        n.heal();
        n.send(a, packet(1, 2, 10), 1_000_000);
        events.runUntil(Long.MAX_VALUE);
        assertEquals(1, atB.size());
        assertEquals(1, n.flows().get("test").dropped());
    }

    @Test void packetsFollowAnAddressThatMovedAndNeverReachASiteThatIsDown() {
        Network n = network(NetworkConfig.DEFAULTS, 1);
        int a = n.attach("a"), b = n.attach("b"), c = n.attach("c");
        List<Arrival> atB = listen(n, 9, b);
        List<Arrival> atC = new ArrayList<>();
        n.send(a, packet(1, 9, 10), 0);
        n.rebind(9, c, (p, t) -> atC.add(new Arrival(t, p)));   // before the packet reaches the switch
        events.runUntil(Long.MAX_VALUE);
        assertEquals(0, atB.size());
        assertEquals(1, atC.size());
        n.down(c);
        n.send(a, packet(1, 9, 10), events.next() == Long.MAX_VALUE ? 1_000_000 : 0);
        events.runUntil(Long.MAX_VALUE);
        assertEquals(1, atC.size());
    }
}
