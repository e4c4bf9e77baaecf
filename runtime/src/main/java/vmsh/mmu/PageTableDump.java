package vmsh.mmu;

import static vmsh.mmu.Pte.*;
import static vmsh.isa.Encoding.*;

import java.util.ArrayList;
import java.util.List;

/**
 * Lists the mappings reachable from a regime's page tables, merged into ranges that are
 * contiguous in both address spaces with the same flags (QEMU's {@code info mem}). It reads
 * memory only: no A/D updates, no counters. A mapping a walk would refuse to use (an
 * invalid or reserved PTE, a misaligned megapage, a non-leaf with D/A/U set) is left out;
 * leaves whose permissions deny some accesses are listed with their flags.
 *
 * <p>A V=0 regime lists satp's Sv32 mappings (virtual to physical). A V=1 regime lists
 * vsatp's mappings with their guest-physical and final host-physical addresses; with
 * vsatp Bare it lists the G-stage itself (guest-physical to host-physical).
 */
public final class PageTableDump {
    private final PageTableMemory memory;
    private final List<Mapping> out = new ArrayList<>();

    private PageTableDump(PageTableMemory memory) { this.memory = memory; }

    public static List<Mapping> of(PageTableMemory memory, Regime r) {
        PageTableDump d = new PageTableDump(memory);
        if (r.stage1) d.stage(r.root, false, r.gStage ? r.gRoot : -1);
        else if (r.gStage) d.stage(r.gRoot, true, -1);
        return List.copyOf(d.out);
    }

    /** The Sv32 mappings of {@code satp} (empty when Bare). */
    public static List<Mapping> sv32(PageTableMemory memory, int satp) {
        return of(memory, Regime.supervisor(PRV_S, satp, 0));
    }

    /** The VS-stage mappings of {@code vsatp} through {@code hgatp}, or the G-stage alone when vsatp is Bare. */
    public static List<Mapping> twoStage(PageTableMemory memory, int vsatp, int hgatp) {
        return of(memory, Regime.guest(PRV_S, vsatp, 0, hgatp, 0));
    }

    /**
     * Visits the leaves of one two-level table; {@code wide} is the Sv32x4 root (4096
     * entries). With {@code gRoot >= 0} each leaf's output is sent through that G-stage.
     */
    private void stage(long root, boolean wide, long gRoot) {
        int rootEntries = wide ? 4096 : 1024;
        for (int i = 0; i < rootEntries; i++) {
            int pte = readTable(root + 4L * i, gRoot);
            if (unusable(pte)) continue;
            long va = (long) i << 22;
            if (Pte.leaf(pte)) {
                if (Pte.ppn0(pte) == 0) leaf(va, 1L << 22, Pte.address(pte), pte & FLAGS, gRoot);
                continue;
            }
            if ((pte & (PTE_D | PTE_A | PTE_U)) != 0) continue;
            long table = Pte.address(pte);
            int global = pte & PTE_G;
            for (int j = 0; j < 1024; j++) {
                int leaf = readTable(table + 4L * j, gRoot);
                if (unusable(leaf) || !Pte.leaf(leaf)) continue;
                leaf(va | (long) j << 12, 1L << 12, Pte.address(leaf), leaf & FLAGS | global, gRoot);
            }
        }
    }

    /** A stage-1 leaf: one mapping, or one per G-stage piece under a G-stage. */
    private void leaf(long va, long size, long pa, int attrs, long gRoot) {
        if (gRoot < 0) {
            add(new Mapping(va, size, pa, pa, attrs, 0));
            return;
        }
        for (long off = 0; off < size; ) {
            long gpa = pa + off;
            long[] g = gLeaf(gRoot, gpa);   // {hpa or -1, bytes to the end of the G piece, flags}
            long step = Math.min(size - off, g[1]);
            add(new Mapping(va + off, step, gpa, g[0], attrs, g[0] < 0 ? 0 : (int) g[2]));
            off += step;
        }
    }

    /** Where the G-stage maps {@code gpa}: {hpa or -1, bytes left in that G page or hole, flags}. */
    private long[] gLeaf(long gRoot, long gpa) {
        long megaLeft = (1L << 22) - (gpa & 0x3f_ffff), pageLeft = (1L << 12) - (gpa & 0xfff);
        int pte = read(gRoot + 4L * (gpa >>> 22));
        if (unusable(pte)) return new long[] {-1, megaLeft, 0};
        if (Pte.leaf(pte)) {
            if (Pte.ppn0(pte) != 0 || (pte & PTE_U) == 0) return new long[] {-1, megaLeft, 0};
            return new long[] {(long) Pte.ppn1(pte) << 22 | gpa & 0x3f_ffff, megaLeft, pte & FLAGS};
        }
        if ((pte & (PTE_D | PTE_A | PTE_U)) != 0) return new long[] {-1, megaLeft, 0};
        int leaf = read(Pte.address(pte) + 4L * (gpa >>> 12 & 0x3ff));
        if (unusable(leaf) || !Pte.leaf(leaf) || (leaf & PTE_U) == 0) return new long[] {-1, pageLeft, 0};
        return new long[] {Pte.address(leaf) | gpa & 0xfff, pageLeft, leaf & FLAGS};
    }

    private void add(Mapping m) {
        int last = out.size() - 1;
        if (last >= 0 && out.get(last).continuedBy(m)) out.set(last, out.get(last).extendedBy(m));
        else out.add(m);
    }

    /** A VS-stage table entry lives at a guest-physical address: the G-stage says where (unmapped reads as 0). */
    private int readTable(long address, long gRoot) {
        if (gRoot < 0) return read(address);
        long host = gLeaf(gRoot, address)[0];
        return host < 0 ? 0 : read(host);
    }

    private int read(long pa) {
        long word = memory.readPte(pa);
        return word < 0 ? 0 : (int) word;
    }

    private static boolean unusable(int pte) { return Pte.invalid(pte); }
}
