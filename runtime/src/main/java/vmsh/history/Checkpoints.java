package vmsh.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A history's checkpoints, oldest first, and the host memory they hold under a cap. A
 * checkpoint shares frames with the one before it, so it costs what it does not share;
 * when the oldest goes, the next one's frames are all its own.
 *
 * @param <S> the state a checkpoint keeps (a machine's snapshot, a host's)
 */
final class Checkpoints<S> {
    /** The state at position {@code at}, the next log entry to give from there ({@code seq}), and its cost in host bytes. */
    record Checkpoint<S>(long at, S state, long seq, long bytes) {}

    /** The host bytes of {@code state} that {@code before} does not share (all of them for a null before). */
    interface Cost<S> {
        long bytes(S state, S before);
    }

    private final List<Checkpoint<S>> list = new ArrayList<>();
    private final Cost<S> cost;
    private long cap, held;

    Checkpoints(long cap, Cost<S> cost) {
        checkCap(cap);
        this.cap = cap;
        this.cost = cost;
    }

    int count() { return list.size(); }

    Checkpoint<S> get(int k) { return list.get(k); }

    Checkpoint<S> oldest() { return list.get(0); }

    List<Checkpoint<S>> all() { return Collections.unmodifiableList(list); }

    /** Host bytes the checkpoints hold (frames they share counted once). */
    long held() { return held; }

    long cap() { return cap; }

    /** Changes the cap (the caller trims). */
    void setCap(long bytes) {
        checkCap(bytes);
        cap = bytes;
    }

    private static void checkCap(long bytes) {
        if (bytes < 1 << 20) throw new IllegalArgumentException("history memory cap " + bytes + " bytes is below 1 MiB");
    }

    void clear() {
        list.clear();
        held = 0;
    }

    /** Adds a checkpoint at {@code at}, costed against the newest. */
    void add(long at, S state, long seq) {
        S newest = list.isEmpty() ? null : list.get(list.size() - 1).state();
        long bytes = cost.bytes(state, newest);
        list.add(indexAtOrBefore(at) + 1, new Checkpoint<>(at, state, seq, bytes));
        held += bytes;
    }

    /**
     * Drops the oldest checkpoints while they hold more than the cap; the newest stays, and
     * so does the last one at or before {@code now}. True when any went.
     */
    boolean trim(long now) {
        boolean trimmed = false;
        while (held > cap && list.size() > 1 && list.get(1).at() <= now) {
            Checkpoint<S> gone = list.remove(0), next = list.get(0);
            held -= gone.bytes();
            long full = cost.bytes(next.state(), null);
            held += full - next.bytes();
            list.set(0, new Checkpoint<>(next.at(), next.state(), next.seq(), full));
            trimmed = true;
        }
        return trimmed;
    }

    /** Forgets the checkpoints after {@code now} (the oldest stays). */
    void dropAfter(long now) { dropAfter(now, Long.MAX_VALUE); }

    /** Forgets the checkpoints after {@code now}, and those at it past log entry {@code seq} (the oldest stays). */
    void dropAfter(long now, long seq) {
        while (list.size() > 1 && after(list.get(list.size() - 1), now, seq)) held -= list.remove(list.size() - 1).bytes();
    }

    private static boolean after(Checkpoint<?> c, long now, long seq) { return c.at() > now || c.at() == now && c.seq() > seq; }

    boolean has(long at) {
        int k = indexAtOrBefore(at);
        return k >= 0 && list.get(k).at() == at;
    }

    /** The last checkpoint at or before {@code at}, or the oldest. */
    Checkpoint<S> atOrBefore(long at) { return list.get(Math.max(0, indexAtOrBefore(at))); }

    /** The index of the last checkpoint at or before {@code at}, or -1. */
    int indexAtOrBefore(long at) {
        int lo = 0, hi = list.size() - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (list.get(mid).at() <= at) { found = mid; lo = mid + 1; } else hi = mid - 1;
        }
        return found;
    }
}
