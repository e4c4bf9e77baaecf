package vmsh.hostmem;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import vmsh.state.StateIn;
import vmsh.state.StateOut;
import vmsh.state.Stateful;

/**
 * The host-wide hash table of shared frames: 64-bit content hash to machine frame. As in
 * ESX, every shared frame has a unique hash; a page whose hash matches a shared frame with
 * different contents simply stays private. A frame leaves the table when its last sharer
 * goes (freed) or when its only sharer writes it (it becomes private again).
 */
public final class SharedFrames implements Stateful {
    private final Map<Long, Integer> frameByHash = new HashMap<>();
    private final Map<Integer, Long> hashByFrame = new HashMap<>();

    /** The shared frame with this hash, or -1. */
    public int lookup(long hash) {
        Integer mpn = frameByHash.get(hash);
        return mpn == null ? -1 : mpn;
    }

    public boolean contains(int mpn) { return hashByFrame.containsKey(mpn); }

    /** Shared frames in the table. */
    public int size() { return frameByHash.size(); }

    void add(long hash, int mpn) {
        if (frameByHash.putIfAbsent(hash, mpn) != null)
            throw new IllegalStateException("a shared frame with hash " + Long.toHexString(hash) + " exists");
        hashByFrame.put(mpn, hash);
    }

    void remove(int mpn) {
        Long h = hashByFrame.remove(mpn);
        if (h != null) frameByHash.remove(h);
    }

    /** The table as (frame, hash) pairs in frame order. */
    @Override
    public void save(StateOut out) {
        TreeMap<Integer, Long> sorted = new TreeMap<>(hashByFrame);
        out.putInts(sorted.keySet().stream().mapToInt(Integer::intValue).toArray());
        out.putLongs(sorted.values().stream().mapToLong(Long::longValue).toArray());
    }

    @Override
    public void restore(StateIn in) {
        int[] mpns = in.getInts();
        long[] hashes = in.getLongsAny();
        if (mpns == null || hashes == null || mpns.length != hashes.length)
            throw new vmsh.state.StateException("state section 'shared frames': frames and hashes differ in count");
        frameByHash.clear();
        hashByFrame.clear();
        for (int i = 0; i < mpns.length; i++) add(hashes[i], mpns[i]);
    }
}
