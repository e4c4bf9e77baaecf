package vmsh.memsched;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import vmsh.hostmem.Pmap;

/**
 * Hints: pages hashed once and not shared yet, by hash (ESX's "hint frames"). A hint may
 * be stale (its page changed or went away): the scanner rehashes the page before trusting
 * it. Each page has at most one hint, so the table never outgrows the scanned pages.
 */
final class HintTable {
    record Hint(Pmap pmap, int gpn, int mpn, long hash) {}

    private final Map<Long, Hint> byHash = new HashMap<>();
    private final Map<Pmap, Map<Integer, Long>> hashByPage = new IdentityHashMap<>();

    Hint get(long hash) { return byHash.get(hash); }

    int size() { return byHash.size(); }

    void put(Hint h) {
        Long old = pages(h.pmap()).put(h.gpn(), h.hash());
        if (old != null && old != h.hash()) removeIfFor(old, h.pmap(), h.gpn());
        Hint displaced = byHash.put(h.hash(), h);
        if (displaced != null && (displaced.pmap() != h.pmap() || displaced.gpn() != h.gpn()))
            pages(displaced.pmap()).remove(displaced.gpn());
    }

    void remove(Hint h) {
        if (byHash.get(h.hash()) == h) byHash.remove(h.hash());
        Map<Integer, Long> m = hashByPage.get(h.pmap());
        if (m != null) m.remove(h.gpn(), h.hash());
    }

    /** Drops every hint of a VM that is going away. */
    void forget(Pmap pmap) {
        Map<Integer, Long> m = hashByPage.remove(pmap);
        if (m == null) return;
        for (long hash : m.values()) {
            Hint h = byHash.get(hash);
            if (h != null && h.pmap() == pmap) byHash.remove(hash);
        }
    }

    private void removeIfFor(long hash, Pmap pmap, int gpn) {
        Hint h = byHash.get(hash);
        if (h != null && h.pmap() == pmap && h.gpn() == gpn) byHash.remove(hash);
    }

    private Map<Integer, Long> pages(Pmap pmap) { return hashByPage.computeIfAbsent(pmap, p -> new HashMap<>()); }
}
