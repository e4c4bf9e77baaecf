package vmsh.mmu;

/**
 * hgatp (RV32): the G-stage translation of a guest, guest-physical to host-physical.
 *
 * <pre>
 *   31   30  29 28          22 21                       0
 * +----+------+--------------+---------------------------+
 * |MODE| 0  0 |     VMID     |            PPN            |
 * +----+------+--------------+---------------------------+
 *    1     2         7                     22
 * </pre>
 * MODE 0 is Bare, 1 is Sv32x4. The Sv32x4 root table is 16 KiB and 16 KiB aligned: the
 * two low bits of PPN are zero (the CSR reads them as zero; the walker ignores them).
 */
public final class Hgatp {
    public static final int HGATP_MODE = 1 << 31;
    public static final int HGATP_VMID_SHIFT = 22, HGATP_VMID_MASK = 0x7f;
    public static final int HGATP_PPN_MASK = 0x3f_ffff;

    private Hgatp() {}

    public static boolean sv32x4(int hgatp) { return (hgatp & HGATP_MODE) != 0; }

    public static int vmid(int hgatp) { return hgatp >>> HGATP_VMID_SHIFT & HGATP_VMID_MASK; }

    /** The physical address of the 16 KiB root table. */
    public static long root(int hgatp) { return (long) (hgatp & HGATP_PPN_MASK & ~3) << 12; }

    public static int make(boolean sv32x4, int vmid, long root) {
        if ((root & 0x3fff) != 0) throw new IllegalArgumentException(String.format("G-stage root table 0x%x is not 16 KiB aligned", root));
        return (sv32x4 ? HGATP_MODE : 0) | (vmid & HGATP_VMID_MASK) << HGATP_VMID_SHIFT
                | (int) (root >>> 12) & HGATP_PPN_MASK;
    }
}
