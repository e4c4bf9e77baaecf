package vmsh.hv.sbi;

/**
 * The SBI v2.0 names the hypervisor implements: extension IDs (a7), function IDs (a6) and
 * error codes (a0), as the SBI specification and samples/kernel/sbi_defs.s spell them,
 * plus vmsh's own extension in the firmware-specific EID range (0x0A00_0000..0x0AFF_FFFF).
 */
public final class SbiIds {
    /** spec version 2.0: major in bits 30:24, minor in bits 23:0. */
    public static final int SPEC_VERSION = 2 << 24;
    /** impl id: "vmsh" in ASCII (SBI implementation IDs 0..10 are taken by known firmwares). */
    public static final int IMPL_ID = 0x766D_7368;
    public static final int IMPL_VERSION = 1;
    /** What the VMM reports for mvendorid (0: not implemented / non-commercial), marchid, mimpid. */
    public static final int MVENDORID = 0, MARCHID = 0, MIMPID = IMPL_VERSION;

    // extensions
    public static final int EXT_LEGACY_SET_TIMER = 0x00, EXT_LEGACY_PUTCHAR = 0x01, EXT_LEGACY_GETCHAR = 0x02;
    public static final int EXT_BASE = 0x10;
    public static final int EXT_TIME = 0x5449_4D45;   // "TIME"
    public static final int EXT_SRST = 0x5352_5354;   // "SRST"
    public static final int EXT_DBCN = 0x4442_434E;   // "DBCN"
    public static final int EXT_HSM = 0x0048_534D;    // "HSM"
    public static final int HSM_HART_START = 0, HSM_HART_STOP = 1, HSM_HART_GET_STATUS = 2;
    /** hart_get_status answers: started, stopped. */
    public static final int HSM_STATE_STARTED = 0, HSM_STATE_STOPPED = 1;
    /** vmsh's own extension (firmware-specific range): the hypercalls of paravirtual guests (vmsh.hv.PvAbi). */
    public static final int EXT_VMSH = 0x0A00_766D;
    /** vmsh's balloon (firmware-specific range): see {@link BalloonExtension}. */
    public static final int EXT_VMSH_BALLOON = BalloonExtension.EID;
    /** vmsh's block device (firmware-specific range): see {@link BlockExtension}. */
    public static final int EXT_VMSH_BLOCK = BlockExtension.EID;

    // BASE functions
    public static final int BASE_GET_SPEC_VERSION = 0, BASE_GET_IMPL_ID = 1, BASE_GET_IMPL_VERSION = 2,
            BASE_PROBE_EXTENSION = 3, BASE_GET_MVENDORID = 4, BASE_GET_MARCHID = 5, BASE_GET_MIMPID = 6;
    // TIME
    public static final int TIME_SET_TIMER = 0;
    // SRST: a0 = type, a1 = reason
    public static final int SRST_SYSTEM_RESET = 0;
    public static final int SRST_TYPE_SHUTDOWN = 0, SRST_TYPE_COLD_REBOOT = 1, SRST_TYPE_WARM_REBOOT = 2;
    public static final int SRST_REASON_NONE = 0, SRST_REASON_SYSTEM_FAILURE = 1;
    // DBCN: a0 = bytes, a1 = base address low, a2 = high (a physical address of the guest)
    public static final int DBCN_CONSOLE_WRITE = 0, DBCN_CONSOLE_READ = 1, DBCN_CONSOLE_WRITE_BYTE = 2;

    // error codes
    public static final int SUCCESS = 0, ERR_FAILED = -1, ERR_NOT_SUPPORTED = -2, ERR_INVALID_PARAM = -3,
            ERR_DENIED = -4, ERR_INVALID_ADDRESS = -5, ERR_ALREADY_AVAILABLE = -6, ERR_ALREADY_STARTED = -7,
            ERR_ALREADY_STOPPED = -8, ERR_NO_SHMEM = -9;

    private SbiIds() {}

    /** "DBCN", "TIME", "BASE", "legacy putchar", or the EID in hex. */
    public static String extensionName(int eid) {
        return switch (eid) {
            case EXT_LEGACY_SET_TIMER -> "legacy set_timer";
            case EXT_LEGACY_PUTCHAR -> "legacy putchar";
            case EXT_LEGACY_GETCHAR -> "legacy getchar";
            case EXT_BASE -> "BASE";
            case EXT_TIME -> "TIME";
            case EXT_SRST -> "SRST";
            case EXT_DBCN -> "DBCN";
            case EXT_HSM -> "HSM";
            case EXT_VMSH -> "VMSH";
            case EXT_VMSH_BALLOON -> "VMSH_BALLOON";
            case EXT_VMSH_BLOCK -> "VMSH_BLOCK";
            default -> String.format("0x%08x", eid);
        };
    }
}
