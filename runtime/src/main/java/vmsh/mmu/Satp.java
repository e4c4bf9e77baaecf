package vmsh.mmu;

/**
 * satp and vsatp (RV32): the mode, address-space id and root page table of a
 * single-stage (or VS-stage) Sv32 translation.
 *
 * <pre>
 *   31   30          22 21                       0
 * +----+--------------+---------------------------+
 * |MODE|     ASID     |            PPN            |
 * +----+--------------+---------------------------+
 *    1        9                     22
 * </pre>
 * MODE 0 is Bare (no translation), 1 is Sv32. The root table is at PPN * 4096.
 */
public final class Satp {
    public static final int SATP_MODE = 1 << 31;
    public static final int SATP_ASID_SHIFT = 22, SATP_ASID_MASK = 0x1ff;
    public static final int SATP_PPN_MASK = 0x3f_ffff;

    private Satp() {}

    public static boolean sv32(int satp) { return (satp & SATP_MODE) != 0; }

    public static int asid(int satp) { return satp >>> SATP_ASID_SHIFT & SATP_ASID_MASK; }

    public static int ppn(int satp) { return satp & SATP_PPN_MASK; }

    /** The physical address of the root table (34 bits). */
    public static long root(int satp) { return (long) ppn(satp) << 12; }

    public static int make(boolean sv32, int asid, long root) {
        if ((root & 0xfff) != 0) throw new IllegalArgumentException(String.format("root table 0x%x is not 4 KiB aligned", root));
        return (sv32 ? SATP_MODE : 0) | (asid & SATP_ASID_MASK) << SATP_ASID_SHIFT | (int) (root >>> 12) & SATP_PPN_MASK;
    }
}
