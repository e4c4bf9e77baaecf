package vmsh.gdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Packets to and from gdb over a pair of streams (a socket's). A reader thread takes the
 * bytes as they come: it acknowledges each packet ({@code +}, or {@code -} for a bad
 * checksum, until no-ack mode), sends the last packet again when gdb asks with {@code -},
 * and reports the Ctrl-C byte (0x03, outside packets) at once, while the target runs.
 */
public final class PacketChannel implements AutoCloseable {
    /** The longest packet body taken; gdb keeps to the PacketSize the stub announces. */
    static final int MAX_PACKET = 1 << 16;
    private static final int INTERRUPT = 0x03;

    /** A packet's body as received, or {@code body == null}: gdb is gone (the connection closed). */
    public record Received(String body) {
        public boolean gone() { return body == null; }
    }

    private static final Received GONE = new Received(null);

    private final InputStream in;
    private final OutputStream out;
    private final BlockingQueue<Received> incoming = new LinkedBlockingQueue<>();
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private volatile Runnable onInterrupt = () -> { };
    private volatile boolean acks = true;
    private byte[] lastSent;

    public PacketChannel(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
        Thread reader = new Thread(this::read, "gdb-packets");
        reader.setDaemon(true);
        reader.start();
    }

    /** The next packet, waiting at most {@code millis}; null when none came in that time. */
    public Received next(long millis) throws InterruptedException {
        return incoming.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Sends a packet with {@code body}. A connection that broke shows as gone on the reading side. */
    public synchronized void send(String body) {
        lastSent = Packets.frame(body);
        write(lastSent);
    }

    /** Stops acknowledging packets (after the stub agreed to QStartNoAckMode). */
    void noAcks() { acks = false; }

    /** What to do when gdb sends Ctrl-C (called on the reader thread). */
    void onInterrupt(Runnable action) { onInterrupt = action; }

    /** True (once) if gdb sent Ctrl-C since the last call. */
    boolean takeInterrupt() { return interrupted.getAndSet(false); }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is all that is left to do
        }
        try {
            out.close();
        } catch (IOException ignored) {
            // closing is all that is left to do
        }
    }

    // ---------------------------------------------------------------- the reader thread

    private void read() {
        try {
            for (int c; (c = in.read()) >= 0; ) {
                switch (c) {
                    case '$' -> packet();
                    case '-' -> resend();
                    case INTERRUPT -> {
                        interrupted.set(true);
                        onInterrupt.run();
                    }
                    default -> { }   // '+' acknowledges our last packet; anything else between packets is noise
                }
            }
        } catch (IOException e) {
            // the connection broke: gdb is gone
        } finally {
            incoming.add(GONE);
        }
    }

    /**
     * After '$': the body up to '#', then two checksum digits. A '$' in the body (where the
     * protocol escapes it) starts a new packet: the one before was cut off.
     */
    private void packet() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean tooLong = false;
        for (int c; (c = in.read()) != '#'; ) {
            if (c < 0) throw new IOException("connection closed inside a packet");
            if (c == '$') {
                body.reset();
                tooLong = false;
            } else if (body.size() < MAX_PACKET) body.write(c);
            else tooLong = true;
        }
        int hi = in.read(), lo = in.read();
        if (lo < 0) throw new IOException("connection closed inside a packet");
        byte[] b = body.toByteArray();
        boolean ok = !tooLong && checksum(hi, lo) == Packets.checksum(b);
        if (acks) write(new byte[] {(byte) (ok ? '+' : '-')});
        if (ok) incoming.add(new Received(new String(b, StandardCharsets.ISO_8859_1)));
    }

    private static int checksum(int hi, int lo) {
        try {
            return Packets.digit((char) hi) << 4 | Packets.digit((char) lo);
        } catch (Packets.Malformed e) {
            return -1;
        }
    }

    private synchronized void resend() {
        if (lastSent != null) write(lastSent);
    }

    private synchronized void write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            // gdb is gone; the reader sees the connection close
        }
    }
}
