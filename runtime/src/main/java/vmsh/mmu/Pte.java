package vmsh.mmu;

/**
 * An Sv32 (and Sv32x4) page-table entry: one 32-bit word.
 *
 * <pre>
 *  31        20 19       10 9   8  7   6   5   4   3   2   1   0
 * +------------+-----------+-----+---+---+---+---+---+---+---+---+
 * |   PPN[1]   |  PPN[0]   | RSW | D | A | G | U | X | W | R | V |
 * +------------+-----------+-----+---+---+---+---+---+---+---+---+
 *      12          10         2
 * </pre>
 *
 * The PPN is 22 bits, so a PTE names a 34-bit physical address. A PTE with R or X set is
 * a leaf; with R = X = 0 it points to the next-level table. W without R is reserved.
 */
public final class Pte {
    public static final int PTE_V = 1, PTE_R = 1 << 1, PTE_W = 1 << 2, PTE_X = 1 << 3;
    public static final int PTE_U = 1 << 4, PTE_G = 1 << 5, PTE_A = 1 << 6, PTE_D = 1 << 7;
    public static final int PPN_SHIFT = 10;
    /** The low byte: V R W X U G A D. */
    public static final int FLAGS = 0xff;

    private Pte() {}

    /** The 22-bit physical page number. */
    public static int ppn(int pte) { return pte >>> PPN_SHIFT; }

    public static int ppn0(int pte) { return pte >>> PPN_SHIFT & 0x3ff; }

    public static int ppn1(int pte) { return pte >>> 20; }

    /** The physical address the PPN names (34 bits). */
    public static long address(int pte) { return (long) ppn(pte) << 12; }

    public static boolean leaf(int pte) { return (pte & (PTE_R | PTE_X)) != 0; }

    /** V = 0, or the reserved W-without-R combination: the walk stops with a page fault. */
    public static boolean invalid(int pte) {
        return (pte & PTE_V) == 0 || (pte & (PTE_R | PTE_W)) == PTE_W;
    }

    /** Builds a PTE from a physical address (4 KiB aligned) and flag bits. */
    public static int make(long pa, int flags) {
        return (int) (pa >>> 12) << PPN_SHIFT | flags & 0x3ff;
    }

    /** The flags in QEMU's order, a dash for each clear bit: "rwxugad". */
    public static String attrs(int pte) {
        return new String(new char[] {
            bit(pte, PTE_R, 'r'), bit(pte, PTE_W, 'w'), bit(pte, PTE_X, 'x'), bit(pte, PTE_U, 'u'),
            bit(pte, PTE_G, 'g'), bit(pte, PTE_A, 'a'), bit(pte, PTE_D, 'd'),
        });
    }

    /** All eight flags, V first: "vrwxugad" with dashes. */
    public static String flags(int pte) {
        return bit(pte, PTE_V, 'v') + attrs(pte);
    }

    private static char bit(int pte, int mask, char c) { return (pte & mask) != 0 ? c : '-'; }
}
