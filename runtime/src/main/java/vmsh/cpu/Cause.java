package vmsh.cpu;

/** Exception and interrupt cause codes (mcause/scause), with the spec's names. */
public final class Cause {
    // exceptions
    public static final int MISALIGNED_FETCH = 0, FETCH_ACCESS = 1, ILLEGAL_INSTRUCTION = 2,
            BREAKPOINT = 3, MISALIGNED_LOAD = 4, LOAD_ACCESS = 5, MISALIGNED_STORE = 6,
            STORE_ACCESS = 7, USER_ECALL = 8, SUPERVISOR_ECALL = 9, VIRTUAL_SUPERVISOR_ECALL = 10,
            MACHINE_ECALL = 11, FETCH_PAGE_FAULT = 12, LOAD_PAGE_FAULT = 13, STORE_PAGE_FAULT = 15;
    // the hypervisor extension's exceptions (taken in HS-mode or M-mode, never delegated to VS)
    public static final int FETCH_GUEST_PAGE_FAULT = 20, LOAD_GUEST_PAGE_FAULT = 21, VIRTUAL_INSTRUCTION = 22,
            STORE_GUEST_PAGE_FAULT = 23;
    // interrupts (mcause bit 31 set)
    public static final int SUPERVISOR_SOFTWARE = 1, MACHINE_SOFTWARE = 3,
            SUPERVISOR_TIMER = 5, MACHINE_TIMER = 7,
            SUPERVISOR_EXTERNAL = 9, MACHINE_EXTERNAL = 11;
    // the hypervisor extension's interrupts: VS-level software, timer, external, and the guest external line
    public static final int VIRTUAL_SUPERVISOR_SOFTWARE = 2, VIRTUAL_SUPERVISOR_TIMER = 6,
            VIRTUAL_SUPERVISOR_EXTERNAL = 10, SUPERVISOR_GUEST_EXTERNAL = 12;
    public static final int INTERRUPT = 0x8000_0000;

    private Cause() {}

    /** The spec's name of interrupt {@code code}. */
    public static String interruptName(int code) {
        return switch (code) {
            case SUPERVISOR_SOFTWARE -> "supervisor software interrupt";
            case MACHINE_SOFTWARE -> "machine software interrupt";
            case SUPERVISOR_TIMER -> "supervisor timer interrupt";
            case MACHINE_TIMER -> "machine timer interrupt";
            case SUPERVISOR_EXTERNAL -> "supervisor external interrupt";
            case MACHINE_EXTERNAL -> "machine external interrupt";
            case VIRTUAL_SUPERVISOR_SOFTWARE -> "virtual supervisor software interrupt";
            case VIRTUAL_SUPERVISOR_TIMER -> "virtual supervisor timer interrupt";
            case VIRTUAL_SUPERVISOR_EXTERNAL -> "virtual supervisor external interrupt";
            case SUPERVISOR_GUEST_EXTERNAL -> "supervisor guest external interrupt";
            default -> "interrupt " + code;
        };
    }

    /** The spec's name of exception {@code code}. */
    public static String name(int code) {
        return switch (code) {
            case MISALIGNED_FETCH -> "instruction address misaligned";
            case FETCH_ACCESS -> "instruction access fault";
            case ILLEGAL_INSTRUCTION -> "illegal instruction";
            case BREAKPOINT -> "breakpoint";
            case MISALIGNED_LOAD -> "load address misaligned";
            case LOAD_ACCESS -> "load access fault";
            case MISALIGNED_STORE -> "store/AMO address misaligned";
            case STORE_ACCESS -> "store/AMO access fault";
            case USER_ECALL -> "environment call from U-mode";
            case SUPERVISOR_ECALL -> "environment call from S-mode";
            case VIRTUAL_SUPERVISOR_ECALL -> "environment call from VS-mode";
            case MACHINE_ECALL -> "environment call from M-mode";
            case FETCH_PAGE_FAULT -> "instruction page fault";
            case LOAD_PAGE_FAULT -> "load page fault";
            case STORE_PAGE_FAULT -> "store/AMO page fault";
            case FETCH_GUEST_PAGE_FAULT -> "instruction guest-page fault";
            case LOAD_GUEST_PAGE_FAULT -> "load guest-page fault";
            case VIRTUAL_INSTRUCTION -> "virtual instruction";
            case STORE_GUEST_PAGE_FAULT -> "store/AMO guest-page fault";
            default -> "cause " + code;
        };
    }
}
