package vmsh.mmu;

import java.util.Locale;

/**
 * The three kinds of memory access a translation is for, as small ints so the engine's
 * hot path passes them without boxing, and the exception codes each kind raises.
 * An AMO (and sc.w) translates as a {@link #STORE}; lr.w as a {@link #LOAD}.
 */
public final class Access {
    public static final int FETCH = 0, LOAD = 1, STORE = 2;

    /** Exception codes (mcause) by access kind: access fault, page fault, guest-page fault. */
    public static final int FETCH_ACCESS_FAULT = 1, LOAD_ACCESS_FAULT = 5, STORE_ACCESS_FAULT = 7;
    public static final int FETCH_PAGE_FAULT = 12, LOAD_PAGE_FAULT = 13, STORE_PAGE_FAULT = 15;
    public static final int FETCH_GUEST_PAGE_FAULT = 20, LOAD_GUEST_PAGE_FAULT = 21,
            STORE_GUEST_PAGE_FAULT = 23;

    private Access() {}

    public static int accessFault(int access) {
        return access == FETCH ? FETCH_ACCESS_FAULT : access == LOAD ? LOAD_ACCESS_FAULT : STORE_ACCESS_FAULT;
    }

    public static int pageFault(int access) {
        return access == FETCH ? FETCH_PAGE_FAULT : access == LOAD ? LOAD_PAGE_FAULT : STORE_PAGE_FAULT;
    }

    public static int guestPageFault(int access) {
        return access == FETCH ? FETCH_GUEST_PAGE_FAULT
                : access == LOAD ? LOAD_GUEST_PAGE_FAULT : STORE_GUEST_PAGE_FAULT;
    }

    /** "fetch", "load" or "store". */
    public static String name(int access) {
        return switch (access) {
            case FETCH -> "fetch";
            case LOAD -> "load";
            case STORE -> "store";
            default -> throw new IllegalArgumentException("access kind " + access + " must be 0 (fetch), 1 (load) or 2 (store)");
        };
    }

    /** Parses a user's access name: fetch/exec/x, load/read/r, store/write/w/amo. */
    public static int parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "fetch", "exec", "execute", "x" -> FETCH;
            case "load", "read", "r" -> LOAD;
            case "store", "write", "w", "amo" -> STORE;
            default -> throw new IllegalArgumentException("access '" + name + "' must be fetch, load or store");
        };
    }

    /** The spec's name of a fault code this package raises. */
    public static String causeName(int cause) {
        return switch (cause) {
            case FETCH_ACCESS_FAULT -> "instruction access fault";
            case LOAD_ACCESS_FAULT -> "load access fault";
            case STORE_ACCESS_FAULT -> "store/AMO access fault";
            case FETCH_PAGE_FAULT -> "instruction page fault";
            case LOAD_PAGE_FAULT -> "load page fault";
            case STORE_PAGE_FAULT -> "store/AMO page fault";
            case FETCH_GUEST_PAGE_FAULT -> "instruction guest-page fault";
            case LOAD_GUEST_PAGE_FAULT -> "load guest-page fault";
            case STORE_GUEST_PAGE_FAULT -> "store/AMO guest-page fault";
            default -> "cause " + cause;
        };
    }
}
