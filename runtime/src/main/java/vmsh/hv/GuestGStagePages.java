package vmsh.hv;

import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import vmsh.hostmem.GuestMemory;
import vmsh.mmu.Hgatp;
import vmsh.mmu.Pte;
import vmsh.mmu.Translation;
import vmsh.mmu.WalkStep;

/**
 * The pages of a guest hypervisor's memory that hold its G-stage table, as L0 learns them
 * from its walks (multi-dimensional paging keeps them read-only, so L1's stores to them
 * exit): the root's pages, each with its index in the 16 KiB root, and the level-0 tables,
 * each with the root entries that point to it (so that an entry written there names the L2
 * guest-physical page it maps). Pages L0 gave up protecting are remembered apart.
 */
final class GuestGStagePages {
    private final TreeMap<Integer, Integer> roots = new TreeMap<>();
    private final TreeMap<Integer, Set<Integer>> tables = new TreeMap<>();
    private final Set<Integer> given = new TreeSet<>();

    boolean holds(int gpn) { return roots.containsKey(gpn) || tables.containsKey(gpn); }

    /** The root page's index (0 to 3) when {@code gpn} is a page of the root, else null. */
    Integer rootPage(int gpn) { return roots.get(gpn); }

    /** The root entries pointing to level-0 table {@code gpn} (empty when it is not one). */
    List<Integer> rootEntriesOf(int gpn) {
        Set<Integer> r = tables.get(gpn);
        return r == null ? List.of() : List.copyOf(r);
    }

    /** Pages L0 stopped protecting: what was composed from them follows L1's fences instead. */
    Set<Integer> givenUp() { return given; }

    /**
     * Learns the pages walk {@code t} of L1's G-stage (root at {@code hgatp}) read, in L1's
     * memory {@code guest}; returns those it did not hold before (to protect now).
     */
    List<Integer> learn(Translation t, int hgatp, GuestMemory guest) {
        long root = Hgatp.root(hgatp);
        List<Integer> fresh = new java.util.ArrayList<>();
        for (WalkStep s : t.steps()) {
            long at = s.pteAddress();
            if (s.level() != 1 || !guest.contains(at, 4)) continue;
            int rootIndex = (int) ((at - root) >>> 2);
            add(guest.gpn(at), fresh, () -> roots.put(guest.gpn(at), rootIndex >>> 10));
            int pte = (int) s.pte();
            if (s.pte() < 0 || (pte & Pte.PTE_V) == 0 || Pte.leaf(pte) || !guest.contains(Pte.address(pte), 4096)) continue;
            int table = guest.gpn(Pte.address(pte));
            add(table, fresh, () -> tables.computeIfAbsent(table, g -> new TreeSet<>()).add(rootIndex));
        }
        return fresh;
    }

    private void add(int gpn, List<Integer> fresh, Runnable remember) {
        if (given.contains(gpn)) return;
        if (!holds(gpn) && !fresh.contains(gpn)) fresh.add(gpn);
        remember.run();
    }

    /** Forgets page {@code gpn}; with {@code forever}, it is never learnt again. */
    void drop(int gpn, boolean forever) {
        roots.remove(gpn);
        tables.remove(gpn);
        if (forever) given.add(gpn);
    }

    /** Every page held now (L1 took another G-stage: all of them go). */
    List<Integer> all() {
        TreeSet<Integer> all = new TreeSet<>(roots.keySet());
        all.addAll(tables.keySet());
        return List.copyOf(all);
    }

    /** The root pages with their indices, the level-0 tables with their root entries, the pages given up. */
    void save(vmsh.state.StateOut out) {
        out.putInts(roots.keySet().stream().mapToInt(Integer::intValue).toArray());
        out.putInts(roots.values().stream().mapToInt(Integer::intValue).toArray());
        out.putInt(tables.size());
        tables.forEach((t, entries) -> out.putInt(t).putInts(entries.stream().mapToInt(Integer::intValue).toArray()));
        out.putInts(given.stream().mapToInt(Integer::intValue).toArray());
    }

    void restore(vmsh.state.StateIn in) {
        clear();
        int[] pages = in.getInts(), index = in.getInts();
        if (pages == null || index == null || pages.length != index.length) throw new vmsh.state.StateException("state section 'guest G-stage pages': bad roots");
        for (int i = 0; i < pages.length; i++) roots.put(pages[i], index[i]);
        for (int n = in.getInt(); n > 0; n--) {
            int t = in.getInt();
            Set<Integer> entries = new TreeSet<>();
            for (int e : in.getInts()) entries.add(e);
            tables.put(t, entries);
        }
        for (int g : in.getInts()) given.add(g);
    }

    void clear() {
        roots.clear();
        tables.clear();
        given.clear();
    }
}
