package vmsh.hv;

import static vmsh.mmu.Pte.*;

import vmsh.cpu.Engine;
import vmsh.hostmem.FrameUse;
import vmsh.hostmem.GuestMemory;
import vmsh.hostmem.HostMemory;
import vmsh.hostmem.MachineMemory;
import vmsh.mmu.Hgatp;

/**
 * A hardware-assisted VM's G-stage table (Sv32x4: guest-physical to host-physical), built
 * by the VMM in host frames from the pmap, lazily: a G-stage fault on a guest page maps it
 * (writable only when the pmap says so: shared and zero pages stay read-only for
 * copy-on-write), and a pmap change unmaps it (the caller fences with hfence.gvma).
 *
 * <pre>
 *  root: 16 KiB, 16 KiB aligned, 4096 entries indexed by GPA bits 33:22
 *  leaf tables: 4 KiB, one per 4 MiB of guest-physical space used, indexed by GPA bits 21:12
 *  leaf PTE: PPN of the machine frame | V R X U A, plus W D for a writable page
 *  megapage: a leaf in the root: 4 MiB of guest-physical space on 4 MiB of host frames
 * </pre>
 * Device windows are never mapped: their accesses fault and are emulated. A nested VM's
 * shadow G-stage (guest-physical of its guest, L2, to host-physical) is one too, mapped
 * page by page with the rights both hypervisors allow ({@link #mapPage}); it has no megapages.
 *
 * <p>A region the pmap promoted (a superpage: 1024 private pages on one aligned extent of
 * frames) is mapped by one root leaf ({@link #promote}); the region's leaf table is kept.
 * Mapping or unmapping one page inside a megapage first splits it ({@link #split}): the
 * leaf table gets an entry for each of the 1024 pages, on the same frames with the same
 * rights, and the root points at it again.
 */
final class GStage {
    static final int ROOT_FRAMES = 4;
    private static final int READ_ONLY = PTE_V | PTE_R | PTE_X | PTE_U | PTE_A, WRITABLE = READ_ONLY | PTE_W | PTE_D;

    private final MachineMemory frames;
    private final HostMemory host;
    private final Engine engine;
    /** The root's first frame, or -1 until the table is first needed (a clone's is made when it first runs). */
    private int rootMpn = -1;
    private int vmid;
    /** Leaf-table frame + 1 by root index, for the root indexes that have one (a VM uses few of the 4096). */
    private final java.util.TreeMap<Integer, Integer> leafTables = new java.util.TreeMap<>();
    /** Root indexes mapped by a megapage. */
    private final java.util.BitSet megapages = new java.util.BitSet();
    /** Pages mapped by leaf-table entries (megapages not included). */
    private int mapped;
    private long promotions, splits;

    /** A G-stage whose root is allocated now ({@code eager}) or when first needed. */
    GStage(HostMemory host, Engine engine, int vmid, boolean eager) {
        this.host = host;
        this.frames = host.frames();
        this.engine = engine;
        this.vmid = vmid;
        if (eager) root();
    }

    GStage(HostMemory host, Engine engine, int vmid) { this(host, engine, vmid, true); }

    /** The root's first frame, allocated on first use. */
    private int root() {
        if (rootMpn < 0) rootMpn = allocateRoot();
        return rootMpn;
    }

    /** True once the root is allocated. */
    boolean rooted() { return rootMpn >= 0; }

    /** Leaf-table frame + 1 of root index {@code r}, 0 when it has none. */
    private int leaf(int r) { return leafTables.getOrDefault(r, 0); }

    /** Four free frames, 16 KiB aligned, taken for the root (frames.reserve keeps the lowest-free order). */
    private int allocateRoot() {
        for (int first = frames.firstFree() & -ROOT_FRAMES; first + ROOT_FRAMES <= frames.totalFrames(); first += ROOT_FRAMES) {
            boolean free = true;
            for (int i = 0; i < ROOT_FRAMES && free; i++) free = frames.use(first + i) == FrameUse.FREE;
            if (!free) continue;
            frames.reserve(first, ROOT_FRAMES);
            for (int i = 0; i < ROOT_FRAMES; i++) {
                frames.zero(first + i);
                engine.forgetFrame(first + i);
            }
            return first;
        }
        throw new vmsh.hostmem.HostMemoryExhaustedException("no 16 KiB-aligned run of 4 free host frames for a G-stage root table");
    }

    int vmid() { return vmid; }

    /** hgatp: Sv32x4, this VM's VMID, the root table. */
    int hgatp() { return Hgatp.make(true, vmid, frames.physicalAddress(root())); }

    /** Guest pages mapped, by leaf entries and megapages. */
    int mappedPages() { return mapped + 1024 * megapages.cardinality(); }

    /** Regions mapped by a megapage now. */
    int megapages() { return megapages.cardinality(); }

    /** Regions mapped by a megapage so far. */
    long promotions() { return promotions; }

    /** Megapages split back into 4 KiB entries so far. */
    long splits() { return splits; }

    /** The root index of guest page {@code gpn}. */
    private static int rootIndex(int gpn) { return (int) ((GuestMemory.BASE + ((long) gpn << 12)) >>> 22); }

    /** True when guest page {@code gpn} is mapped by a megapage. */
    boolean inMegapage(int gpn) { return megapages.get(rootIndex(gpn)); }

    /**
     * Maps the 4 MiB region of guest page {@code firstGpn} (aligned) to the 1024 frames from
     * {@code firstMpn} (aligned) with one megapage; the caller fences.
     */
    void promote(int firstGpn, int firstMpn, boolean writable) {
        int r = rootIndex(firstGpn);
        if (megapages.get(r)) return;
        int t = leaf(r) - 1;
        if (t >= 0) for (int offset = 0; offset < 4096; offset += 4) if (frames.load(t, offset, 4) != 0) mapped--;
        store(root() + r / 1024, (r % 1024) * 4, make(frames.physicalAddress(firstMpn), writable ? WRITABLE : READ_ONLY));
        megapages.set(r);
        promotions++;
    }

    /**
     * Splits the megapage at root index {@code r}: its leaf table (allocated if it has
     * none) maps each of its pages to the same frame with the same rights, and the root
     * points at the table; the translation is the same (the caller fences before changing it).
     */
    private void split(int r) {
        int leaf = frames.load(root() + r / 1024, (r % 1024) * 4, 4);
        int first = (int) ((vmsh.mmu.Pte.address(leaf) - frames.physicalAddress(0)) >>> 12);
        int t = leafTable(r);
        for (int i = 0; i < 1024; i++) store(t, i * 4, make(frames.physicalAddress(first + i), leaf & 0x3ff));
        mapped += 1024;
        megapages.clear(r);
        store(root() + r / 1024, (r % 1024) * 4, make(frames.physicalAddress(t), PTE_V));
        splits++;
    }

    /** The leaf table of root index {@code r}, allocated (empty) on first use; the root entry is the caller's. */
    private int leafTable(int r) {
        if (leaf(r) == 0) {
            int t = host.allocate(FrameUse.SYSTEM);
            engine.forgetFrame(t);
            leafTables.put(r, t + 1);
        }
        return leaf(r) - 1;
    }

    /** Maps guest page {@code gpn} to machine frame {@code mpn}. */
    void map(int gpn, int mpn, boolean writable) { map(gpn, mpn, writable, false); }

    /**
     * The same; a {@code clean} writable page is mapped with D = 0, so that the hart sets D
     * on its first store (hardware A/D updating) and the VMM can tell it was written.
     */
    void map(int gpn, int mpn, boolean writable, boolean clean) {
        long gpa = GuestMemory.BASE + ((long) gpn << 12);
        int r = (int) (gpa >>> 22);
        if (megapages.get(r)) {
            int leaf = frames.load(root() + r / 1024, (r % 1024) * 4, 4);
            boolean same = vmsh.mmu.Pte.address(leaf) + ((gpa & 0x3f_ffff) & ~0xfffL) == frames.physicalAddress(mpn)
                    && ((leaf & PTE_W) != 0) == writable;
            if (same) return;
            split(r);
        }
        if (leaf(r) == 0) {
            int t = leafTable(r);
            store(root() + r / 1024, (r % 1024) * 4, make(frames.physicalAddress(t), PTE_V));
        }
        int t = leaf(r) - 1, offset = (int) (gpa >>> 12 & 0x3ff) * 4;
        if (frames.load(t, offset, 4) == 0) mapped++;
        store(t, offset, make(frames.physicalAddress(mpn), !writable ? READ_ONLY : clean ? WRITABLE & ~PTE_D : WRITABLE));
    }

    /** The leaf-table entry of guest page {@code gpn} (0: none, or inside a megapage). */
    private int leafEntry(int gpn) {
        int r = rootIndex(gpn);
        if (leaf(r) == 0 || megapages.get(r)) return 0;
        return frames.load(leaf(r) - 1, (gpn & 0x3ff) * 4, 4);
    }

    /** The flags (V R W X U A D) of the leaf entry mapping the page of guest-physical {@code gpa} by its own entry, 0 when none does. */
    int flags(long gpa) {
        int r = (int) (gpa >>> 22);
        if (leaf(r) == 0 || megapages.get(r)) return 0;
        return frames.load(leaf(r) - 1, (int) (gpa >>> 12 & 0x3ff) * 4, 4) & 0x3ff;
    }

    /** True when guest page {@code gpn} is mapped by a leaf entry whose D bit the hart set: written since it was clean. */
    boolean written(int gpn) { return (leafEntry(gpn) & PTE_D) != 0; }

    /** Clears the D bit of guest page {@code gpn}'s writable leaf entry; true when it was set (the caller fences). */
    boolean clean(int gpn) {
        int e = leafEntry(gpn);
        if ((e & PTE_D) == 0 || (e & PTE_W) == 0) return false;
        store(leaf(rootIndex(gpn)) - 1, (gpn & 0x3ff) * 4, e & ~PTE_D);
        return true;
    }

    /**
     * Maps the 4 KiB page of guest-physical {@code gpa} (34 bits) to machine frame {@code mpn}
     * with {@code rights} (some of R, W, X; W gets D too).
     */
    void mapPage(long gpa, int mpn, int rights) {
        int r = (int) (gpa >>> 22);
        if (megapages.get(r)) split(r);
        int t = leafTable(r), offset = (int) (gpa >>> 12 & 0x3ff) * 4;
        if (frames.load(root() + r / 1024, (r % 1024) * 4, 4) == 0)
            store(root() + r / 1024, (r % 1024) * 4, make(frames.physicalAddress(t), PTE_V));
        if (frames.load(t, offset, 4) == 0) mapped++;
        int flags = PTE_V | PTE_U | PTE_A | rights & (PTE_R | PTE_W | PTE_X) | ((rights & PTE_W) != 0 ? PTE_D : 0);
        store(t, offset, make(frames.physicalAddress(mpn), flags));
    }

    /** Makes guest page {@code gpn} read-only (dirty logging); true when it was mapped writable. */
    boolean protect(int gpn) {
        long gpa = GuestMemory.BASE + ((long) gpn << 12);
        int r = (int) (gpa >>> 22);
        if (megapages.get(r)) split(r);   // one page of it read-only: 4 KiB entries from now on
        if (leaf(r) == 0) return false;
        int t = leaf(r) - 1, offset = (int) (gpa >>> 12 & 0x3ff) * 4;
        int pte = frames.load(t, offset, 4);
        if ((pte & PTE_W) == 0) return false;
        store(t, offset, pte & ~(PTE_W | PTE_D));
        return true;
    }

    /** Unmaps guest page {@code gpn}; true when it was mapped. */
    boolean unmap(int gpn) { return unmapPage(GuestMemory.BASE + ((long) gpn << 12)); }

    /** Unmaps the page of guest-physical {@code gpa}; true when it was mapped. */
    boolean unmapPage(long gpa) {
        int r = (int) (gpa >>> 22);
        if (megapages.get(r)) split(r);
        if (leaf(r) == 0) return false;
        int t = leaf(r) - 1, offset = (int) (gpa >>> 12 & 0x3ff) * 4;
        if (frames.load(t, offset, 4) == 0) return false;
        store(t, offset, 0);
        mapped--;
        return true;
    }

    /** Unmaps everything, keeping the leaf tables' frames (the caller fences); the number of pages unmapped. */
    int unmapAll() {
        int n = mappedPages();
        for (int r = megapages.nextSetBit(0); r >= 0; r = megapages.nextSetBit(r + 1)) store(root() + r / 1024, (r % 1024) * 4, 0);
        megapages.clear();
        for (int leaf : leafTables.values()) {
            int t = leaf - 1;
            for (int offset = 0; offset < 4096; offset += 4) if (frames.load(t, offset, 4) != 0) store(t, offset, 0);
        }
        mapped = 0;
        return n;
    }

    /** Frees every table frame (the VM is gone). */
    void release() {
        for (int leaf : leafTables.values()) frames.free(leaf - 1);
        if (rooted()) for (int i = 0; i < ROOT_FRAMES; i++) frames.free(rootMpn + i);
    }

    /**
     * Frees every table frame and forgets every mapping: the table is as a clone's before
     * its first run, its root made again when next needed (the caller fences and clears
     * hgatp). False when it held no frame.
     */
    boolean drop() {
        if (!rooted() && leafTables.isEmpty()) return false;
        release();
        rootMpn = -1;
        leafTables.clear();
        megapages.clear();
        mapped = 0;
        return true;
    }

    private void store(int mpn, int offset, int value) { frames.store(mpn, offset, 4, value); }

    /** The leaf entries in guest terms, by pairs: guest page number, the entry's flags (V R W X U A D). Megapages are left out. */
    int[] leaves() {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        leafTables.forEach((r, leaf) -> {
            if (megapages.get(r)) return;
            for (int k = 0; k < 1024; k++) {
                int e = frames.load(leaf - 1, k * 4, 4);
                if (e == 0) continue;
                out.add((int) ((((long) r << 22 | (long) k << 12) - GuestMemory.BASE) >>> 12));
                out.add(e & 0x3ff);
            }
        });
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The root indexes that point to a leaf table now (a walk through them reads one more PTE, mapped or not). */
    int[] tableIndexes() {
        return leafTables.keySet().stream().filter(r -> !megapages.get(r)).mapToInt(Integer::intValue).toArray();
    }

    /**
     * Gives the root the leaf tables {@link #tableIndexes} gave, empty (after {@link
     * #unmapAll}): the others go back to the host, so that walks read as many PTEs as they did.
     */
    void shapeTables(int[] indexes) {
        java.util.BitSet keep = new java.util.BitSet();
        for (int r : indexes) if (r >= 0 && r < 4096) keep.set(r);
        for (int r : java.util.List.copyOf(leafTables.keySet())) {
            if (keep.get(r) || megapages.get(r)) continue;
            store(root() + r / 1024, (r % 1024) * 4, 0);
            frames.free(leafTables.remove(r) - 1);
        }
        for (int r = keep.nextSetBit(0); r >= 0; r = keep.nextSetBit(r + 1)) {
            if (leaf(r) != 0) continue;
            int t = leafTable(r);
            store(root() + r / 1024, (r % 1024) * 4, make(frames.physicalAddress(t), PTE_V));
        }
    }

    /** Maps again the leaves {@link #leaves} gave, with their flags, on the frames {@code frame} gives (-1: left to fault); W only where the page is writable now. */
    void mapLeaves(int[] leaves, java.util.function.IntUnaryOperator frame, java.util.function.IntPredicate writableNow) {
        for (int k = 0; k + 1 < leaves.length; k += 2) {
            int gpn = leaves[k], mpn = frame.applyAsInt(gpn);
            if (mpn < 0) continue;
            boolean writable = (leaves[k + 1] & PTE_W) != 0 && writableNow.test(gpn);
            map(gpn, mpn, writable, writable && (leaves[k + 1] & PTE_D) == 0);
        }
    }


    /**
     * The root's frames and VMID, the leaf tables, the count of mapped pages, the megapages
     * and their counters (the tables' contents are host frames).
     */
    void save(vmsh.state.StateOut out) {
        int[] byIndex = new int[4096];
        leafTables.forEach((r, t) -> byIndex[r] = t);
        out.putInt(rootMpn).putInt(vmid).putInts(byIndex).putInt(mapped);
        out.putLongs(megapages.toLongArray()).putLong(promotions).putLong(splits);
    }

    void restore(vmsh.state.StateIn in) {
        rootMpn = in.getInt();
        vmid = in.getInt();
        int[] byIndex = new int[4096];
        in.getInts(byIndex);
        leafTables.clear();
        for (int r = 0; r < byIndex.length; r++) if (byIndex[r] != 0) leafTables.put(r, byIndex[r]);
        mapped = in.getInt();
        megapages.clear();
        megapages.or(java.util.BitSet.valueOf(in.getLongsAny()));
        promotions = in.getLong();
        splits = in.getLong();
    }
}
