package vmsh.hv;

/**
 * The paravirtual interface between a {@code pv} guest kernel and the VMM, as
 * samples/kernel/sbi_defs.s and paravirt.s spell it for the guest.
 *
 * <p>Hypercalls are SBI calls of extension EXT_VMSH ({@code ecall} from the guest kernel with
 * a7 = EID, a6 = FID, a0.. = arguments; a0 = error, a1 = value). Every hypercall first
 * applies the multicall entries the guest queued (see {@link #BATCH_COUNT}).
 *
 * <pre>
 *  FID  call               arguments                       what the VMM does
 *  0    set_trap_vector    a0 = handler                    traps bounce there from now on
 *  1    return             (sepc, sstatus in the shared page) sret: to the task at sepc (or the
 *                          kernel, SPP), a6/a7 from the shared page
 *  2    set_timer          a0/a1 = time                    the timer interrupt at that guest time;
 *                                                          clears a pending one
 *  3    mmu                (the queued batch)              applies it (also done by every call)
 *  4    console            (the ring in the shared page)   prints what the guest put in the ring
 *  5    irq                -                               delivers a pending, enabled interrupt now
 *  6    block              -                               waits for an interrupt (wfi)
 *  7    register_batch     a0 = batch address, a1 = entries where the guest queues multicall entries
 * </pre>
 *
 * A multicall entry is two words, {@code (ptr, val)}; the low two bits of ptr say what it is:
 * <pre>
 *  0  PTE update   ptr = guest-physical address of the PTE, val = the PTE (machine PPN)
 *  1  TLB flush    ptr = (asid + 1) &lt;&lt; 2 | 1, 0 for every ASID; val = address, -1 for all
 *  2  new satp     ptr = 2; val = satp (MODE, ASID, the root's guest PPN; MODE 0: paging off)
 *  3  extended     ptr = cmd &lt;&lt; 2 | 3: cmd 0 release, val = guest PPN of a root the guest no longer uses;
 *                  cmd 1 pin, val = guest PPN of a new root, registered now (Xen's MMUEXT_PIN_L2_TABLE)
 * </pre>
 * A satp, a pin and a release name the root by its guest-physical page: the guest keeps
 * machine page numbers only in its page tables, so a saved guest can be loaded into other
 * frames (see {@link DirectPaging#canonical}).
 *
 *
 * <p>The VMM's part of every address space (Xen's hypervisor hole): the top 4 MiB, root
 * entry 1023, read-only unless said:
 * <pre>
 *  0xFFC0_0000  m2p: word k = the guest page number of host page number 0x80000 + k (0: not the guest's)
 *  0xFFE0_0000  p2m: word k = the host page number of guest page number 0x80000 + k
 *  0xFFFF_F000  the shared page (read-write), fields below; the console ring at offset 0
 * </pre>
 * and, in every registered address space, the guest's RAM at its guest-physical addresses
 * (0x8000_0000 up), page by page, for the guest kernel only.
 */
final class PvAbi {
    static final int EID = vmsh.hv.sbi.SbiIds.EXT_VMSH;
    static final int SET_TRAP_VECTOR = 0, RETURN = 1, SET_TIMER = 2, MMU = 3, CONSOLE = 4, IRQ = 5, BLOCK = 6,
            REGISTER_BATCH = 7;
    static final int OP_PTE = 0, OP_FLUSH = 1, OP_SATP = 2, OP_EXTENDED = 3;
    /** The commands of an extended entry (ptr bits 2 up). */
    static final int EXT_RELEASE = 0, EXT_PIN = 1;
    /** Multicall entries a batch holds at most (the guest's buffer may be smaller). */
    static final int MAX_BATCH = 1024;

    /** Root entry of the hole, and its base. */
    static final int HOLE_INDEX = 1023;
    static final int HOLE = 0xFFC0_0000, M2P = 0xFFC0_0000, P2M = 0xFFE0_0000, SHARED = 0xFFFF_F000;
    /** Page numbers the m2p and p2m are indexed from (RAM at 0x8000_0000, for host and guest alike). */
    static final int RAM_PN = 0x80000;
    /** Tasks see only the lower half of an address space: the kernel's is above. */
    static final int USER_ROOT_ENTRIES = 512;

    // ---- the shared page (offsets; the guest reaches the fields as -4096 + offset(zero))
    static final int CONSOLE_RING = 0x000, CONSOLE_SIZE = 0x400;
    static final int SSTATUS = 0x800, SIE = 0x804, SIP = 0x808, SCAUSE = 0x80C, STVAL = 0x810, SEPC = 0x814,
            SSCRATCH = 0x818, SATP = 0x81C, TIME_DELTA = 0x820, BATCH_COUNT = 0x828, CONSOLE_PROD = 0x82C,
            CONSOLE_CONS = 0x830, SAVED_A6 = 0x834, SAVED_A7 = 0x838;

    private PvAbi() {}

    /** A hypercall's name, for exit hooks. */
    static String name(int fid) {
        return switch (fid) {
            case SET_TRAP_VECTOR -> "set_trap_vector";
            case RETURN -> "return";
            case SET_TIMER -> "set_timer";
            case MMU -> "mmu";
            case CONSOLE -> "console";
            case IRQ -> "irq";
            case BLOCK -> "block";
            case REGISTER_BATCH -> "register_batch";
            default -> "fid " + fid;
        };
    }
}
