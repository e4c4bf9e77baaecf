package vmsh.hv;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import vmsh.cpu.Engine;
import vmsh.hostmem.HostMemory;

/**
 * The G-stage table the hardware walks while a guest hypervisor's guest (L2) runs:
 * L2 guest-physical to host-physical, the composition of L1's G-stage (L2 GPA to L1 GPA,
 * a table in L1's memory that the hardware never sees) with L0's (L1 GPA to host PA).
 * Turtles calls this multi-dimensional paging: two dimensions of translation compressed
 * into one table, so L2's TLB misses are ordinary two-stage walks (VS-stage over this).
 *
 * <p>It is built page by page ({@link #map}) and knows, for every page, which L1 page backs
 * it ({@link #dropBacking}: L0 changed that page) and which L1 G-stage table pages it was
 * read from ({@link #tablePages}: L1 changed its table there).
 */
final class ShadowGStage {
    private static final int RIGHTS = vmsh.mmu.Pte.PTE_R | vmsh.mmu.Pte.PTE_W | vmsh.mmu.Pte.PTE_X;
    private final GStage table;
    private final Engine engine;
    /** L2 page (GPA >> 12) to the L1 guest page number that backs it. */
    private final TreeMap<Long, Integer> backing = new TreeMap<>();
    /** L1 guest page to the L2 pages it backs. */
    private final TreeMap<Integer, Set<Long>> backs = new TreeMap<>();
    /** An L1 page that holds L1 G-stage PTEs, to the L2 pages composed from them. */
    private final TreeMap<Integer, Set<Long>> fromTable = new TreeMap<>();
    private long fills, drops;

    ShadowGStage(HostMemory host, Engine engine, int vmid) {
        this.table = new GStage(host, engine, vmid);
        this.engine = engine;
    }

    /** hgatp while L2 runs: Sv32x4 over this table, its own VMID. */
    int hgatp() { return table.hgatp(); }

    int vmid() { return table.vmid(); }

    int mappedPages() { return table.mappedPages(); }

    long fills() { return fills; }

    long drops() { return drops; }

    /**
     * Maps the page of L2 guest-physical {@code gpa} to machine frame {@code mpn} with
     * {@code rights}: it is backed by L1 page {@code l1Gpn} and composed from the L1 G-stage
     * PTEs in {@code tables} (L1 page numbers).
     */
    void map(long gpa, int mpn, int rights, int l1Gpn, List<Integer> tables) {
        long page = gpa >>> 12;
        forget(page);
        table.mapPage(gpa, mpn, rights);
        backing.put(page, l1Gpn);
        backs.computeIfAbsent(l1Gpn, g -> new TreeSet<>()).add(page);
        for (int t : tables) fromTable.computeIfAbsent(t, g -> new TreeSet<>()).add(page);
        fills++;
    }

    /** Unmaps the page of L2 guest-physical {@code gpa}; true when it was mapped (fence after). */
    boolean unmap(long gpa) {
        long page = gpa >>> 12;
        if (!table.unmapPage(gpa)) return false;
        forget(page);
        drops++;
        return true;
    }

    /** Unmaps the L2 pages in [{@code from}, {@code to}) guest-physical; how many were mapped. */
    int unmapRange(long from, long to) {
        List<Long> pages = new ArrayList<>(backing.subMap(from >>> 12, true, (to - 1) >>> 12, true).keySet());
        for (long p : pages) unmap(p << 12);
        return pages.size();
    }

    /** Unmaps every L2 page L1 page {@code l1Gpn} backs (L0 remapped or took it); how many. */
    int dropBacking(int l1Gpn) {
        Set<Long> pages = backs.get(l1Gpn);
        if (pages == null) return 0;
        List<Long> copy = List.copyOf(pages);
        for (long p : copy) unmap(p << 12);
        return copy.size();
    }

    /** Unmaps everything (a new hgatp, or an hfence of all of it); how many pages were mapped. */
    int dropAll() {
        int n = table.unmapAll();
        backing.clear();
        backs.clear();
        fromTable.clear();
        drops += n;
        return n;
    }

    /** The L1 pages whose G-stage PTEs the mapped pages were composed from. */
    Set<Integer> tablePages() { return fromTable.keySet(); }

    /** The L2 pages composed from PTEs in L1 page {@code l1Gpn}. */
    List<Long> composedFrom(int l1Gpn) {
        Set<Long> pages = fromTable.get(l1Gpn);
        return pages == null ? List.of() : List.copyOf(pages);
    }

    /** The L1 page backing L2 page {@code gpa >> 12}, or -1. */
    int backingOf(long gpa) {
        Integer g = backing.get(gpa >>> 12);
        return g == null ? -1 : g;
    }

    /** Fences the hart's TLB for this table's VMID (after unmapping). */
    void fence() { engine.mmu().hfenceGvma(true, table.vmid()); }

    void release() { table.release(); }

    /** The table (its frames are host RAM), each mapped L2 page's L1 page and the L1 table pages it was composed from, the counters. */
    void save(vmsh.state.StateOut out) {
        table.save(out);
        out.putLongs(backing.keySet().stream().mapToLong(Long::longValue).toArray());
        out.putInts(backing.values().stream().mapToInt(Integer::intValue).toArray());
        out.putInt(fromTable.size());
        fromTable.forEach((t, pages) -> out.putInt(t).putLongs(pages.stream().mapToLong(Long::longValue).toArray()));
        out.putLong(fills).putLong(drops);
    }

    void restore(vmsh.state.StateIn in) {
        table.restore(in);
        long[] pages = in.getLongsAny();
        int[] l1 = in.getInts();
        if (pages == null || l1 == null || pages.length != l1.length) throw new vmsh.state.StateException("state section 'shadow G-stage': bad pages");
        backing.clear();
        backs.clear();
        for (int i = 0; i < pages.length; i++) {
            backing.put(pages[i], l1[i]);
            backs.computeIfAbsent(l1[i], g -> new TreeSet<>()).add(pages[i]);
        }
        fromTable.clear();
        for (int n = in.getInt(); n > 0; n--) {
            int t = in.getInt();
            TreeSet<Long> set = new TreeSet<>();
            for (long p : in.getLongsAny()) set.add(p);
            fromTable.put(t, set);
        }
        fills = in.getLong();
        drops = in.getLong();
    }

    /**
     * The warm state in guest terms: each mapped L2 page with the L1 page backing it and its
     * rights (R W X), which root entries point to a leaf table, and the L1 table pages each
     * was composed from; no frame, no counter.
     */
    void saveWarm(vmsh.state.StateOut out) {
        int[] rights = new int[backing.size()];
        int k = 0;
        for (long page : backing.keySet()) rights[k++] = table.flags(page << 12) & RIGHTS;
        out.putLongs(backing.keySet().stream().mapToLong(Long::longValue).toArray());
        out.putInts(backing.values().stream().mapToInt(Integer::intValue).toArray());
        out.putInts(rights).putInts(table.tableIndexes());
        out.putInt(fromTable.size());
        fromTable.forEach((t, pages) -> out.putInt(t).putLongs(pages.stream().mapToLong(Long::longValue).toArray()));
    }

    /**
     * Composes again what {@link #saveWarm} saved, each L2 page on the frame {@code frame}
     * gives for its L1 page (-1: left to fault), without counting fills (the table starts empty).
     */
    void restoreWarm(vmsh.state.StateIn in, java.util.function.IntUnaryOperator frame) {
        long[] pages = in.getLongsAny();
        int[] l1 = in.getInts(), rights = in.getInts();
        if (pages == null || l1 == null || rights == null || pages.length != l1.length || pages.length != rights.length)
            throw new vmsh.state.StateException("warm state 'shadow G-stage': bad pages");
        table.shapeTables(in.getInts());
        for (int i = 0; i < pages.length; i++) {
            int mpn = frame.applyAsInt(l1[i]);
            if (mpn < 0) continue;
            table.mapPage(pages[i] << 12, mpn, rights[i]);
            backing.put(pages[i], l1[i]);
            backs.computeIfAbsent(l1[i], g -> new TreeSet<>()).add(pages[i]);
        }
        for (int n = in.getInt(); n > 0; n--) {
            int t = in.getInt();
            long[] composed = in.getLongsAny();
            if (composed == null) throw new vmsh.state.StateException("warm state 'shadow G-stage': bad table page " + t);
            TreeSet<Long> set = new TreeSet<>();
            for (long p : composed) if (backing.containsKey(p)) set.add(p);
            if (!set.isEmpty()) fromTable.put(t, set);
        }
    }

    /** L2 page to L1 page, in order (for views). */
    java.util.SortedMap<Long, Integer> pages() { return java.util.Collections.unmodifiableSortedMap(backing); }

    private void forget(long page) {
        Integer old = backing.remove(page);
        if (old != null) {
            Set<Long> s = backs.get(old);
            if (s != null && s.remove(page) && s.isEmpty()) backs.remove(old);
        }
        fromTable.values().removeIf(s -> s.remove(page) && s.isEmpty());
    }
}
