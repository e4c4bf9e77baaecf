package vmsh.mmu;

import static vmsh.isa.Encoding.*;

import java.util.Locale;
import vmsh.isa.Encoding;

/**
 * The three kinds of memory access a translation is for, as small ints so the engine's
 * hot path passes them without boxing, and the exception each kind raises ({@link Encoding}).
 * An AMO (and sc.w) translates as a {@link #STORE}; lr.w as a {@link #LOAD}.
 */
public final class Access {
    public static final int FETCH = 0, LOAD = 1, STORE = 2;

    private Access() {}

    public static int accessFault(int access) {
        return access == FETCH ? CAUSE_FETCH_ACCESS : access == LOAD ? CAUSE_LOAD_ACCESS : CAUSE_STORE_ACCESS;
    }

    public static int pageFault(int access) {
        return access == FETCH ? CAUSE_FETCH_PAGE_FAULT : access == LOAD ? CAUSE_LOAD_PAGE_FAULT : CAUSE_STORE_PAGE_FAULT;
    }

    public static int guestPageFault(int access) {
        return access == FETCH ? CAUSE_FETCH_GUEST_PAGE_FAULT
                : access == LOAD ? CAUSE_LOAD_GUEST_PAGE_FAULT : CAUSE_STORE_GUEST_PAGE_FAULT;
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
}
