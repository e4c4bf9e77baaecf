package vmsh.dc;

import java.util.BitSet;
import java.util.List;

/**
 * What the clients of the counter service saw, checked together: requests answered and
 * not, replies duplicated on the wire (dropped by the clients), requests answered out of
 * order, and the counter values: all replies together must carry 1, 2, 3, ... each once.
 * A value seen twice is a lost update (an increment that was answered and later undone);
 * a value never seen, beyond those the requests still on the wire may have taken, is a
 * duplicated update (an increment made twice, or made and never answered).
 *
 * @param answered          requests answered
 * @param unanswered        requests queued or on the wire
 * @param duplicateReplies  second replies to answered requests
 * @param outOfOrder        clients whose answers did not come in sequence order
 * @param lostUpdates       counter values returned more than once (their extra returns)
 * @param duplicatedUpdates counter values missing, beyond what unanswered requests explain
 */
public record ReplyCheck(long answered, long unanswered, long duplicateReplies, long outOfOrder, long lostUpdates,
                         long duplicatedUpdates) {
    static ReplyCheck of(List<Client> clients) {
        long answered = 0, unanswered = 0, dupReplies = 0, outOfOrder = 0, lost = 0, inFlight = 0, max = 0;
        BitSet seen = new BitSet();
        for (Client c : clients) {
            answered += c.answered();
            unanswered += c.unanswered();
            dupReplies += c.duplicateReplies();
            if (!c.inOrder()) outOfOrder++;
            if (c.unanswered() > 0) inFlight++;
            for (long v : c.values()) {
                max = Math.max(max, v);
                if (v <= 0 || v > Integer.MAX_VALUE || seen.get((int) v)) lost++;
                else seen.set((int) v);
            }
        }
        long missing = max - seen.cardinality();
        return new ReplyCheck(answered, unanswered, dupReplies, outOfOrder, lost, Math.max(0, missing - inFlight));
    }

    /** Every answered request was answered once, in order, and counted once. */
    public boolean exactlyOnce() { return outOfOrder == 0 && lostUpdates == 0 && duplicatedUpdates == 0; }
}
