package vmsh.hostmem;

import java.util.HashMap;
import java.util.Map;

/**
 * The host-wide hash table of shared frames: 64-bit content hash to machine frame. As in
 * ESX, every shared frame has a unique hash; a page whose hash matches a shared frame with
 * different contents simply stays private. A frame leaves the table when its last sharer
 * goes (freed) or when its only sharer writes it (it becomes private again).
 */
public final class SharedFrames {
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
}
