package vmsh.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PacketChannelTest {
    private final PipedOutputStream gdb = new PipedOutputStream();
    private final ByteArrayOutputStream toGdb = new ByteArrayOutputStream() {
        @Override public synchronized void flush() { }
    };
    private final PacketChannel channel;

    PacketChannelTest() throws IOException {
        channel = new PacketChannel(new PipedInputStream(gdb, 1 << 16), toGdb);
    }

    private void send(String raw) throws IOException {
        gdb.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        gdb.flush();
    }

    private synchronized String sent() {
        synchronized (toGdb) {
            return toGdb.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test void aGoodPacketIsAcknowledgedAndDelivered() throws Exception {
        send("+$g#67");
        assertEquals("g", channel.next(5000).body());
        assertEquals("+", sent());
    }

    @Test void aBadChecksumIsRefusedAndTheNextPacketStillArrives() throws Exception {
        send("$g#00$m0,4#fd");
        assertEquals("m0,4", channel.next(5000).body());
        assertEquals("-+", sent());
    }

    @Test void aPacketCutOffByTheNextOneIsDroppedAndTheNextOneArrives() throws Exception {
        send("$m8000$g#67");   // '$' never stands inside a packet (it is escaped): the first one was cut off
        assertEquals("g", channel.next(5000).body());
        assertEquals("+", sent());
    }

    @Test void aNakSendsTheLastPacketAgain() throws Exception {
        channel.send("OK");
        send("-");
        send("$g#67");
        channel.next(5000);
        assertEquals("$OK#9a$OK#9a+", sent());
    }

    @Test void ctrlCIsReportedAtOnceOutsidePackets() throws Exception {
        CountDownLatch seen = new CountDownLatch(1);
        channel.onInterrupt(seen::countDown);
        send("\u0003");
        assertTrue(seen.await(5, TimeUnit.SECONDS));
        assertTrue(channel.takeInterrupt());
        assertEquals(false, channel.takeInterrupt());
    }

    @Test void noAckModeStopsTheAcknowledgements() throws Exception {
        channel.noAcks();
        send("$g#67");
        assertEquals("g", channel.next(5000).body());
        assertEquals("", sent());
    }

    @Test void aClosedConnectionShowsAsGone() throws Exception {
        send("$g#6");   // closed inside a packet
        gdb.close();
        assertTrue(channel.next(5000).gone());
        assertNull(channel.next(10));
    }

    @Test void anOverlongPacketIsRefused() throws Exception {
        send("$" + "a".repeat(PacketChannel.MAX_PACKET + 10) + "#00$g#67");
        assertEquals("g", channel.next(5000).body());
        assertEquals("-+", sent());
    }
}
