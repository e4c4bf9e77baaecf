package vmsh.isa;

/**
 * The privileged spec's numbers, by the spec's names, in one place (as Spike's
 * encoding.h): privilege levels, exception and interrupt causes, the bits of mstatus,
 * mstatush, hstatus and mip/mie, xtvec modes, misa's fixed bits and the PMP configuration
 * bits, with the spec's names of causes and privileges. The MMU, the hart, the hypervisor
 * and the tools all read them here. (CSR numbers are in {@link Csr}, instruction
 * encodings in {@link Opcode}; the page-table and satp/hgatp layouts are drawn in the MMU
 * next to the code that slices them.)
 */
public final class Encoding {
    private Encoding() {}

    /* privilege levels: mstatus.MPP, sstatus.SPP, CSR number bits 9:8 (2 is reserved) */
    public static final int PRV_U = 0, PRV_S = 1, PRV_M = 3;

    /* exception causes: mcause/scause/vscause with the interrupt bit clear */
    public static final int CAUSE_MISALIGNED_FETCH = 0, CAUSE_FETCH_ACCESS = 1, CAUSE_ILLEGAL_INSTRUCTION = 2,
            CAUSE_BREAKPOINT = 3, CAUSE_MISALIGNED_LOAD = 4, CAUSE_LOAD_ACCESS = 5, CAUSE_MISALIGNED_STORE = 6,
            CAUSE_STORE_ACCESS = 7, CAUSE_USER_ECALL = 8, CAUSE_SUPERVISOR_ECALL = 9, CAUSE_VIRTUAL_SUPERVISOR_ECALL = 10,
            CAUSE_MACHINE_ECALL = 11, CAUSE_FETCH_PAGE_FAULT = 12, CAUSE_LOAD_PAGE_FAULT = 13, CAUSE_STORE_PAGE_FAULT = 15;
    /* the hypervisor extension's: taken in HS-mode or M-mode, never delegated to VS */
    public static final int CAUSE_FETCH_GUEST_PAGE_FAULT = 20, CAUSE_LOAD_GUEST_PAGE_FAULT = 21,
            CAUSE_VIRTUAL_INSTRUCTION = 22, CAUSE_STORE_GUEST_PAGE_FAULT = 23;

    /* interrupts: their cause codes (mcause bit 31 set) and bit numbers in mip/mie */
    public static final int IRQ_S_SOFT = 1, IRQ_VS_SOFT = 2, IRQ_M_SOFT = 3;
    public static final int IRQ_S_TIMER = 5, IRQ_VS_TIMER = 6, IRQ_M_TIMER = 7;
    public static final int IRQ_S_EXT = 9, IRQ_VS_EXT = 10, IRQ_M_EXT = 11, IRQ_S_GEXT = 12;
    /** mcause bit 31: the cause is an interrupt. */
    public static final int MCAUSE_INTERRUPT = 1 << 31;

    /*
     * mstatus (RV32)
     *  31  22  21  20  19  18   17   16:15 14:13 12:11 10:9  8    7    6    5   3   1
     * |SD|TSR|TW|TVM|MXR|SUM|MPRV| XS  |  FS |  MPP | VS |SPP|MPIE|UBE|SPIE|MIE|SIE|
     */
    public static final int MSTATUS_SIE = 1 << 1, MSTATUS_MIE = 1 << 3;
    public static final int MSTATUS_SPIE = 1 << 5, MSTATUS_UBE = 1 << 6, MSTATUS_MPIE = 1 << 7;
    public static final int MSTATUS_SPP = 1 << 8, MSTATUS_MPP_SHIFT = 11, MSTATUS_MPP = 3 << 11;
    public static final int MSTATUS_FS = 3 << 13, MSTATUS_XS = 3 << 15, MSTATUS_VS = 3 << 9;
    public static final int MSTATUS_MPRV = 1 << 17, MSTATUS_SUM = 1 << 18, MSTATUS_MXR = 1 << 19;
    public static final int MSTATUS_TVM = 1 << 20, MSTATUS_TW = 1 << 21, MSTATUS_TSR = 1 << 22;
    public static final int MSTATUS_SD = 1 << 31;

    /*
     * mstatush (RV32), with the hypervisor extension
     *   7    6    5   4
     * |MPV|GVA|MBE|SBE|     MPV: V before a trap into M-mode; GVA: mtval holds a guest virtual address
     */
    public static final int MSTATUSH_GVA = 1 << 6, MSTATUSH_MPV = 1 << 7;

    /*
     * hstatus (RV32)
     *   22   21   20   17:12   9    8     7    6    5
     * |VTSR|VTW|VTVM| VGEIN |HU|SPVP|SPV|GVA|VSBE|
     *  VTSR: sret in VS traps (virtual instruction); VTW: wfi in VS traps; VTVM: satp and
     *  sfence.vma in VS trap; SPV: V before the last trap into HS; SPVP: the guest's privilege
     *  then (VS = 1); GVA: stval holds a guest virtual address; HU: U-mode may use HLV/HSV.
     */
    public static final int HSTATUS_VSBE = 1 << 5, HSTATUS_GVA = 1 << 6, HSTATUS_SPV = 1 << 7;
    public static final int HSTATUS_SPVP = 1 << 8, HSTATUS_HU = 1 << 9;
    public static final int HSTATUS_VTVM = 1 << 20, HSTATUS_VTW = 1 << 21, HSTATUS_VTSR = 1 << 22;

    /* mip / mie: one bit per interrupt cause code */
    public static final int MIP_SSIP = 1 << IRQ_S_SOFT, MIP_VSSIP = 1 << IRQ_VS_SOFT, MIP_MSIP = 1 << IRQ_M_SOFT;
    public static final int MIP_STIP = 1 << IRQ_S_TIMER, MIP_VSTIP = 1 << IRQ_VS_TIMER, MIP_MTIP = 1 << IRQ_M_TIMER;
    public static final int MIP_SEIP = 1 << IRQ_S_EXT, MIP_VSEIP = 1 << IRQ_VS_EXT, MIP_MEIP = 1 << IRQ_M_EXT;
    public static final int MIP_SGEIP = 1 << IRQ_S_GEXT;

    /* xtvec MODE (bits 1:0) */
    public static final int TVEC_DIRECT = 0, TVEC_VECTORED = 1;

    /* misa: MXL (bits 31:30) = 1 for XLEN 32; one bit per extension letter, A = bit 0 */
    public static final int MISA_MXL_32 = 1 << 30;
    public static final int MISA_S = 1 << ('S' - 'A'), MISA_U = 1 << ('U' - 'A');

    /*
     * pmpcfg: four entries per CSR on RV32, one byte each
     *    7    6:5   4:3  2  1  0
     *  | L | 0 0 |  A  | X | W | R |
     */
    public static final int PMP_R = 1, PMP_W = 2, PMP_X = 4, PMP_A = 3 << 3, PMP_L = 0x80;

    /** The spec's name of exception {@code code}. */
    public static String causeName(int code) {
        return switch (code) {
            case CAUSE_MISALIGNED_FETCH -> "instruction address misaligned";
            case CAUSE_FETCH_ACCESS -> "instruction access fault";
            case CAUSE_ILLEGAL_INSTRUCTION -> "illegal instruction";
            case CAUSE_BREAKPOINT -> "breakpoint";
            case CAUSE_MISALIGNED_LOAD -> "load address misaligned";
            case CAUSE_LOAD_ACCESS -> "load access fault";
            case CAUSE_MISALIGNED_STORE -> "store/AMO address misaligned";
            case CAUSE_STORE_ACCESS -> "store/AMO access fault";
            case CAUSE_USER_ECALL -> "environment call from U-mode";
            case CAUSE_SUPERVISOR_ECALL -> "environment call from S-mode";
            case CAUSE_VIRTUAL_SUPERVISOR_ECALL -> "environment call from VS-mode";
            case CAUSE_MACHINE_ECALL -> "environment call from M-mode";
            case CAUSE_FETCH_PAGE_FAULT -> "instruction page fault";
            case CAUSE_LOAD_PAGE_FAULT -> "load page fault";
            case CAUSE_STORE_PAGE_FAULT -> "store/AMO page fault";
            case CAUSE_FETCH_GUEST_PAGE_FAULT -> "instruction guest-page fault";
            case CAUSE_LOAD_GUEST_PAGE_FAULT -> "load guest-page fault";
            case CAUSE_VIRTUAL_INSTRUCTION -> "virtual instruction";
            case CAUSE_STORE_GUEST_PAGE_FAULT -> "store/AMO guest-page fault";
            default -> "cause " + code;
        };
    }

    /** The spec's name of interrupt {@code code}. */
    public static String interruptName(int code) {
        return switch (code) {
            case IRQ_S_SOFT -> "supervisor software interrupt";
            case IRQ_M_SOFT -> "machine software interrupt";
            case IRQ_S_TIMER -> "supervisor timer interrupt";
            case IRQ_M_TIMER -> "machine timer interrupt";
            case IRQ_S_EXT -> "supervisor external interrupt";
            case IRQ_M_EXT -> "machine external interrupt";
            case IRQ_VS_SOFT -> "virtual supervisor software interrupt";
            case IRQ_VS_TIMER -> "virtual supervisor timer interrupt";
            case IRQ_VS_EXT -> "virtual supervisor external interrupt";
            case IRQ_S_GEXT -> "supervisor guest external interrupt";
            default -> "interrupt " + code;
        };
    }

    /** "U", "S" or "M". */
    public static String privilegeName(int priv) {
        return switch (priv) {
            case PRV_U -> "U";
            case PRV_S -> "S";
            case PRV_M -> "M";
            default -> "?" + priv;
        };
    }
}
