package vmsh.mmu;

import static vmsh.mmu.Access.FETCH;
import static vmsh.mmu.Access.LOAD;
import static vmsh.mmu.Access.STORE;
import static vmsh.mmu.Pte.*;

/**
 * Which accesses a leaf PTE allows, by the privileged spec's rules:
 * <ul>
 * <li>fetch needs X; load needs R, or X when MXR is set; store/AMO needs W;
 * <li>U-mode may only use pages with U = 1;
 * <li>S-mode may load and store on U = 1 pages only with SUM set, and never fetches from them.
 * </ul>
 * G-stage checks use the same rules with U-mode taken as the privilege (every leaf needs U).
 *
 * <p>{@link #table} precomputes, for one (user, SUM, MXR) context, a mask of allowed accesses
 * (bit {@code 1 << access}) per low PTE byte, for checking cached TLB entries: there a store
 * also needs D (a clear D means a walk must set it or fault), and a byte with V = 0 stands
 * for an absent (Bare) stage and allows everything.
 */
public final class Permissions {
    /** TABLES[user << 2 | sum << 1 | mxr]. */
    private static final byte[][] TABLES = new byte[8][];

    static {
        for (int c = 0; c < 8; c++) TABLES[c] = build((c & 4) != 0, (c & 2) != 0, (c & 1) != 0);
    }

    private Permissions() {}

    /** Null when the leaf allows {@code access} in this context, else the rule that denies it. */
    public static String denial(int pte, int access, boolean user, boolean sum, boolean mxr) {
        boolean u = (pte & PTE_U) != 0;
        if (user && !u) return "U-mode access to a page with U=0";
        if (!user && u) {
            if (access == FETCH) return "S-mode fetch from a U=1 page";
            if (!sum) return "S-mode access to a U=1 page with SUM=0";
        }
        return switch (access) {
            case FETCH -> (pte & PTE_X) != 0 ? null : "fetch needs X";
            case LOAD -> (pte & PTE_R) != 0 || mxr && (pte & PTE_X) != 0 ? null
                    : mxr ? "load needs R or X (MXR=1)" : "load needs R (MXR=0)";
            default -> (pte & PTE_W) != 0 ? null : "store needs W";
        };
    }

    public static boolean allows(int pte, int access, boolean user, boolean sum, boolean mxr) {
        return denial(pte, access, user, sum, mxr) == null;
    }

    /** Allowed-access masks by low PTE byte for cached entries (see the class comment). */
    public static byte[] table(boolean user, boolean sum, boolean mxr) {
        return TABLES[(user ? 4 : 0) | (sum ? 2 : 0) | (mxr ? 1 : 0)];
    }

    private static byte[] build(boolean user, boolean sum, boolean mxr) {
        byte[] t = new byte[256];
        for (int p = 0; p < 256; p++) {
            if ((p & PTE_V) == 0) { t[p] = 7; continue; }
            int mask = 0;
            for (int a = FETCH; a <= STORE; a++) {
                boolean ok = allows(p, a, user, sum, mxr) && (a != STORE || (p & PTE_D) != 0);
                if (ok) mask |= 1 << a;
            }
            t[p] = (byte) mask;
        }
        return t;
    }
}
