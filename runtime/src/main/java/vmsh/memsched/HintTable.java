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

    /**
     * Saves the hints (by hash, in hash order) and each VM's page-to-hash map; VMs are named
     * by their index in {@code pmaps}.
     */
    void save(vmsh.state.StateOut out, java.util.List<Pmap> pmaps) {
        java.util.TreeMap<Long, Hint> sorted = new java.util.TreeMap<>(byHash);
        out.putInt(sorted.size());
        for (Hint h : sorted.values()) out.putInt(pmaps.indexOf(h.pmap())).putInt(h.gpn()).putInt(h.mpn()).putLong(h.hash());
        out.putInt(pmaps.size());
        for (Pmap p : pmaps) {
            java.util.TreeMap<Integer, Long> m = new java.util.TreeMap<>(hashByPage.getOrDefault(p, Map.of()));
            out.putInts(m.keySet().stream().mapToInt(Integer::intValue).toArray());
            out.putLongs(m.values().stream().mapToLong(Long::longValue).toArray());
        }
    }

    void restore(vmsh.state.StateIn in, java.util.List<Pmap> pmaps) {
        byHash.clear();
        hashByPage.clear();
        int n = in.getInt();
        for (int i = 0; i < n; i++) {
            int vm = in.getInt();
            if (vm < 0 || vm >= pmaps.size()) throw new vmsh.state.StateException("state section 'hints': VM " + vm);
            Hint h = new Hint(pmaps.get(vm), in.getInt(), in.getInt(), in.getLong());
            byHash.put(h.hash(), h);
        }
        if (in.getInt() != pmaps.size()) throw new vmsh.state.StateException("state section 'hints': another number of VMs");
        for (Pmap p : pmaps) {
            int[] gpns = in.getInts();
            long[] hashes = in.getLongsAny();
            if (gpns == null || hashes == null || gpns.length != hashes.length) throw new vmsh.state.StateException("state section 'hints': bad pages");
            if (gpns.length == 0) continue;
            Map<Integer, Long> m = pages(p);
            for (int i = 0; i < gpns.length; i++) m.put(gpns[i], hashes[i]);
        }
    }

    private Map<Integer, Long> pages(Pmap pmap) { return hashByPage.computeIfAbsent(pmap, p -> new HashMap<>()); }
}
