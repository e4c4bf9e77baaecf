package vmsh.dc;

import java.util.PriorityQueue;

/**
 * The cluster's discrete events: actions due at a simulated time (cycles of the 1 GHz
 * clock), run in time order, and in the order they were scheduled among equal times, so a
 * run is the same every time.
 */
final class Events {
    private record Event(long time, long seq, Runnable action) implements Comparable<Event> {
        @Override public int compareTo(Event o) {
            return time != o.time ? Long.compare(time, o.time) : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long seq;

    /** Runs {@code action} at {@code time}. */
    void at(long time, Runnable action) { queue.add(new Event(time, seq++, action)); }

    /** The time of the earliest event, or Long.MAX_VALUE when none is scheduled. */
    long next() {
        Event e = queue.peek();
        return e == null ? Long.MAX_VALUE : e.time;
    }

    /** Runs every event due at or before {@code now}, those they schedule for then included. */
    void runUntil(long now) {
        while (!queue.isEmpty() && queue.peek().time <= now) queue.poll().action.run();
    }

    int size() { return queue.size(); }
}
