package vmsh.dev;

import java.util.function.BooleanSupplier;
import vmsh.mem.Device;
import vmsh.state.StateIn;
import vmsh.state.StateOut;

/**
 * The platform-level interrupt controller, laid out as on QEMU's {@code virt} machine for
 * one hart: context 0 is hart 0's M-mode (its output drives mip.MEIP), context 1 its
 * S-mode (the external SEIP line).
 *
 * <pre>
 *  offset                  register (32 bits each)
 *  0x00_0000 + 4*s         priority of source s (1..{@value #SOURCES}-1; 0 = never), 0..7
 *  0x00_1000 + 4*w         pending bits, sources 32w..32w+31 (read-only)
 *  0x00_2000 + 0x80*c + 4w enable bits of context c
 *  0x20_0000 + 0x1000*c    priority threshold of context c (0..7)
 *  0x20_0004 + 0x1000*c    claim (read) / complete (write) of context c
 * </pre>
 *
 * Sources are level-triggered lines from devices (the UART is source {@value #UART_SOURCE}).
 * A source is pending while its line is high and it is not claimed. A context's interrupt
 * is pending while some source enabled for it is pending with a priority above its
 * threshold. A claim returns the highest-priority such source (the lowest number among
 * equals), or 0, and marks it claimed; completing that number (if it is enabled for the
 * context) releases it, so a line still high makes it pending again.
 */
public final class Plic implements Device {
    public static final int SOURCES = 96, CONTEXTS = 2;
    public static final int UART_SOURCE = 10;
    public static final int PRIORITY = 0x0, PENDING = 0x1000, ENABLE = 0x2000, ENABLE_STRIDE = 0x80;
    public static final int CONTEXT = 0x20_0000, CONTEXT_STRIDE = 0x1000, THRESHOLD = 0x0, CLAIM = 0x4;
    public static final int PRIORITY_MASK = 7;
    /** The window up to the UART at 0x1000_0000. */
    public static final int SIZE = 0x400_0000;
    private static final int WORDS = SOURCES / 32;

    private final BooleanSupplier[] lines = new BooleanSupplier[SOURCES];
    private final int[] priority = new int[SOURCES];
    private final int[][] enable = new int[CONTEXTS][WORDS];
    private final int[] threshold = new int[CONTEXTS];
    private final boolean[] claimed = new boolean[SOURCES];

    @Override public String name() { return "plic"; }

    @Override public int size() { return SIZE; }

    /** Connects a device's interrupt line to source {@code source}. */
    public void connect(int source, BooleanSupplier line) {
        if (source < 1 || source >= SOURCES)
            throw new IllegalArgumentException("PLIC source " + source + " must be 1.." + (SOURCES - 1));
        lines[source] = line;
    }

    /** True when context {@code c} has an interrupt to deliver (its eip output). */
    public boolean interruptPending(int c) { return best(c) != 0; }

    /** Source {@code s} is pending: its line is high and it is not claimed. */
    public boolean pending(int s) {
        return s > 0 && s < SOURCES && lines[s] != null && !claimed[s] && lines[s].getAsBoolean();
    }

    private boolean enabled(int c, int s) { return (enable[c][s >>> 5] >>> (s & 31) & 1) != 0; }

    /** The source context {@code c} would claim now, or 0. */
    private int best(int c) {
        int best = 0, bestPriority = threshold[c];
        for (int s = 1; s < SOURCES; s++)
            if (priority[s] > bestPriority && enabled(c, s) && pending(s)) {
                best = s;
                bestPriority = priority[s];
            }
        return best;
    }

    /** Priorities, enables, thresholds and claims (the lines are the devices' state). */
    @Override
    public void save(StateOut out) {
        out.putInts(priority);
        for (int[] e : enable) out.putInts(e);
        out.putInts(threshold).putBooleans(claimed);
    }

    @Override
    public void restore(StateIn in) {
        in.getInts(priority);
        for (int[] e : enable) in.getInts(e);
        in.getInts(threshold);
        in.getBooleans(claimed);
    }

    @Override
    public int load(int offset, int width) {
        if (width != 4 || (offset & 3) != 0) return 0;
        if (offset < PENDING) return offset / 4 < SOURCES ? priority[offset / 4] : 0;
        if (offset < ENABLE) {
            int word = (offset - PENDING) / 4, v = 0;
            if (word >= WORDS) return 0;
            for (int b = 0; b < 32; b++) if (pending(32 * word + b)) v |= 1 << b;
            return v;
        }
        if (offset < CONTEXT) {
            int c = (offset - ENABLE) / ENABLE_STRIDE, word = (offset - ENABLE) % ENABLE_STRIDE / 4;
            return c < CONTEXTS && word < WORDS ? enable[c][word] : 0;
        }
        int c = (offset - CONTEXT) / CONTEXT_STRIDE, reg = (offset - CONTEXT) % CONTEXT_STRIDE;
        if (c >= CONTEXTS) return 0;
        if (reg == THRESHOLD) return threshold[c];
        if (reg == CLAIM) return claim(c);
        return 0;
    }

    private int claim(int c) {
        int s = best(c);
        if (s != 0) claimed[s] = true;
        return s;
    }

    @Override
    public void store(int offset, int width, int value) {
        if (width != 4 || (offset & 3) != 0) return;
        if (offset < PENDING) {
            if (offset / 4 < SOURCES && offset != 0) priority[offset / 4] = value & PRIORITY_MASK;
        } else if (offset >= ENABLE && offset < CONTEXT) {
            int c = (offset - ENABLE) / ENABLE_STRIDE, word = (offset - ENABLE) % ENABLE_STRIDE / 4;
            if (c < CONTEXTS && word < WORDS) enable[c][word] = word == 0 ? value & ~1 : value;   // source 0 does not exist
        } else if (offset >= CONTEXT) {
            int c = (offset - CONTEXT) / CONTEXT_STRIDE, reg = (offset - CONTEXT) % CONTEXT_STRIDE;
            if (c >= CONTEXTS) return;
            if (reg == THRESHOLD) threshold[c] = value & PRIORITY_MASK;
            else if (reg == CLAIM && value > 0 && value < SOURCES && enabled(c, value)) claimed[value] = false;
        }
    }
}
