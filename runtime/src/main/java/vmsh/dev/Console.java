package vmsh.dev;

import java.util.function.IntConsumer;
import vmsh.state.StateIn;
import vmsh.state.StateOut;
import vmsh.state.Stateful;

/**
 * The guest's console: what it transmits is kept as text and streamed to a sink; what
 * the user types or a script feeds waits in an input queue for the guest to receive.
 */
public final class Console implements Stateful {
    private final StringBuilder text = new StringBuilder();
    private final java.util.ArrayDeque<Integer> input = new java.util.ArrayDeque<>();
    private IntConsumer sink = b -> {};
    private Listener listener;

    /** Told about input queued and text cleared (the machine's input observer). */
    public interface Listener {
        void fed(byte[] bytes);

        void cleared();
    }

    /** Where input and clears are reported; null for nowhere. */
    public void setListener(Listener listener) { this.listener = listener; }

    /** The guest wrote byte {@code b}. */
    public void transmit(int b) {
        text.append((char) (b & 0xff));
        sink.accept(b & 0xff);
    }

    /** Everything the guest has written, bytes as Latin-1 characters. */
    public String text() { return text.toString(); }

    public void clear() {
        text.setLength(0);
        if (listener != null) listener.cleared();
    }

    /** Where transmitted bytes also go (stdout for {@code vmsh boot}). */
    public void setSink(IntConsumer sink) { this.sink = sink == null ? b -> {} : sink; }

    /** Where transmitted bytes go besides the text (a no-op sink when none was set). */
    public IntConsumer sink() { return sink; }

    /** Queues text for the guest to read. */
    public void feed(String s) { feed(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)); }

    /** Queues raw bytes for the guest to read. */
    public void feed(byte[] bytes) {
        for (byte b : bytes) input.add(b & 0xff);
        if (listener != null && bytes.length > 0) listener.fed(bytes.clone());
    }

    public boolean hasInput() { return !input.isEmpty(); }

    /**
     * What the guest wrote and the input not yet received. The sink is where output goes,
     * not state: a restore does not print again what was written before.
     */
    @Override
    public void save(StateOut out) {
        out.putString(text.toString());
        out.putInts(input.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public void restore(StateIn in) {
        text.setLength(0);
        text.append(in.getString());
        input.clear();
        for (int b : in.getInts()) input.add(b & 0xff);
    }

    /** The next input byte, or -1 when none waits. */
    public int receive() { Integer b = input.poll(); return b == null ? -1 : b; }
}
