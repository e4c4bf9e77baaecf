package vmsh.hv.sbi;

import static vmsh.hv.sbi.SbiIds.*;

import java.util.Map;
import java.util.TreeMap;

/**
 * The SBI v2.0 implementation of the hypervisor: the guest puts the extension ID in a7, the
 * function ID in a6, arguments in a0..a5 and executes {@code ecall} (from VS-mode, or from
 * its deprivileged kernel); the VMM dispatches here on the vCPU's registers and returns
 * a0 = error, a1 = value. Legacy extensions (EID 0x00..0x0F) return a0 alone and leave a1.
 *
 * <p>Extensions are one table ({@link #EXTENSIONS}): BASE, the legacy console, TIME, SRST,
 * DBCN, HSM (hart_start, hart_stop, hart_get_status), and vmsh's own: VMSH_BALLOON (see
 * {@link BalloonExtension}), present only for a VM whose environment offers a balloon,
 * VMSH_BLOCK (see {@link BlockExtension}), only for a VM with a disk, and VMSH (batched page-table updates are reserved:
 * probing says the extension is there, every function answers NOT_SUPPORTED).
 */
public final class Sbi {
    /** A handler: reads arguments from the registers, returns the value for a1 (errors via {@link SbiError}). */
    @FunctionalInterface
    interface Handler {
        long call(int fid, int[] x, SbiEnvironment env);
    }

    /** Thrown by a handler to return an SBI error code in a0. */
    static final class SbiError extends RuntimeException {
        final int code;

        SbiError(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    static final int A0 = 10, A1 = 11, A2 = 12, A6 = 16, A7 = 17;

    /** Every extension the VMM implements, by EID (sorted, so listings are stable). */
    static final Map<Integer, Handler> EXTENSIONS = new TreeMap<>();

    static {
        EXTENSIONS.put(EXT_LEGACY_PUTCHAR, (fid, x, env) -> { env.consoleWrite(x[A0] & 0xff); return 0; });
        EXTENSIONS.put(EXT_LEGACY_GETCHAR, (fid, x, env) -> env.consoleRead());
        EXTENSIONS.put(EXT_BASE, Sbi::base);
        EXTENSIONS.put(EXT_TIME, Sbi::time);
        EXTENSIONS.put(EXT_SRST, Sbi::srst);
        EXTENSIONS.put(EXT_DBCN, Sbi::dbcn);
        EXTENSIONS.put(EXT_HSM, Sbi::hsm);
        EXTENSIONS.put(EXT_VMSH, Sbi::vmsh);
        EXTENSIONS.put(BalloonExtension.EID, Sbi::balloon);
        EXTENSIONS.put(BlockExtension.EID, Sbi::block);
    }

    private Sbi() {}

    /** Legacy extensions return a0 only (the value, or an error), not a0/a1. */
    public static boolean legacy(int eid) { return eid >= 0 && eid <= 0x0f; }

    /** True when the VMM implements extension {@code eid} for a VM with {@code env} (BASE probe_extension). */
    public static boolean implemented(int eid, SbiEnvironment env) {
        if (eid == BalloonExtension.EID) return env.balloon() != null;
        if (eid == BlockExtension.EID) return env.block() != null;
        if (eid == EXT_VMSH) return env.paravirtual();
        return EXTENSIONS.containsKey(eid);
    }

    /**
     * Serves the call in the registers {@code x} (x[10] = a0 ... x[17] = a7) and writes the
     * result back: a0 = error and a1 = value, or for a legacy extension a0 = value.
     */
    public static void call(int[] x, SbiEnvironment env) {
        int eid = x[A7], fid = x[A6];
        Handler h = EXTENSIONS.get(eid);
        int error;
        long value = 0;
        if (h == null) {
            error = ERR_NOT_SUPPORTED;
        } else {
            try {
                value = h.call(fid, x, env);
                error = SUCCESS;
            } catch (SbiError e) {
                error = e.code;
            }
        }
        if (legacy(eid)) {
            x[A0] = error == SUCCESS ? (int) value : error;
            return;
        }
        x[A0] = error;
        if (error == SUCCESS) x[A1] = (int) value;
    }

    private static long base(int fid, int[] x, SbiEnvironment env) {
        return switch (fid) {
            case BASE_GET_SPEC_VERSION -> SPEC_VERSION;
            case BASE_GET_IMPL_ID -> IMPL_ID;
            case BASE_GET_IMPL_VERSION -> IMPL_VERSION;
            case BASE_PROBE_EXTENSION -> {
                boolean present = implemented(x[A0], env);
                if (present && x[A0] == BalloonExtension.EID) env.balloon().probed();
                yield present ? 1 : 0;
            }
            case BASE_GET_MVENDORID -> MVENDORID;
            case BASE_GET_MARCHID -> MARCHID;
            case BASE_GET_MIMPID -> MIMPID;
            default -> throw new SbiError(ERR_NOT_SUPPORTED);
        };
    }

    private static long time(int fid, int[] x, SbiEnvironment env) {
        if (fid != TIME_SET_TIMER) throw new SbiError(ERR_NOT_SUPPORTED);
        env.setTimer((x[A0] & 0xffff_ffffL) | (long) x[A1] << 32);   // RV32: the 64-bit time in a1:a0
        return 0;
    }

    /** system_reset: shutdown, cold or warm reboot (the VM ends with the reason as exit code). */
    private static long srst(int fid, int[] x, SbiEnvironment env) {
        if (fid != SRST_SYSTEM_RESET) throw new SbiError(ERR_NOT_SUPPORTED);
        int type = x[A0], reason = x[A1];
        if (type < SRST_TYPE_SHUTDOWN || type > SRST_TYPE_WARM_REBOOT) throw new SbiError(ERR_INVALID_PARAM);
        // reasons: 0 none, 1 system failure, 0xE0000000.. SBI-specific, 0xF0000000.. vendor; others are reserved
        if (reason < 0 ? Integer.compareUnsigned(reason, 0xE000_0000) < 0 : reason > SRST_REASON_SYSTEM_FAILURE)
            throw new SbiError(ERR_INVALID_PARAM);
        env.systemReset(type, reason);
        return 0;
    }

    /** The debug console: a buffer at a guest-physical address (a2:a1) of a0 bytes, or one byte. */
    private static long dbcn(int fid, int[] x, SbiEnvironment env) {
        switch (fid) {
            case DBCN_CONSOLE_WRITE, DBCN_CONSOLE_READ -> {
                long n = x[A0] & 0xffff_ffffL;
                long gpa = (x[A1] & 0xffff_ffffL) | (x[A2] & 0xffff_ffffL) << 32;
                if (n == 0) return 0;
                if (!env.isGuestRam(gpa, n)) throw new SbiError(ERR_INVALID_PARAM);
                if (fid == DBCN_CONSOLE_WRITE) {
                    for (byte b : env.readGuest(gpa, (int) n)) env.consoleWrite(b & 0xff);
                    return n;
                }
                byte[] in = new byte[(int) n];
                int got = 0;
                for (int b; got < n && (b = env.consoleRead()) >= 0; ) in[got++] = (byte) b;
                if (got > 0) env.writeGuest(gpa, java.util.Arrays.copyOf(in, got));
                return got;
            }
            case DBCN_CONSOLE_WRITE_BYTE -> {
                env.consoleWrite(x[A0] & 0xff);
                return 0;
            }
            default -> throw new SbiError(ERR_NOT_SUPPORTED);
        }
    }

    /**
     * Hart state management: hart 0 boots, hart_start(hartid, address, opaque) starts a
     * stopped one, hart_stop stops the caller (for good, the call does not return), and
     * hart_get_status tells one's state.
     */
    private static long hsm(int fid, int[] x, SbiEnvironment env) {
        return switch (fid) {
            case HSM_HART_START -> {
                if (x[A0] < 0 || x[A0] >= env.harts()) throw new SbiError(ERR_INVALID_PARAM);
                if (!env.hartStart(x[A0], x[A1], x[A2])) throw new SbiError(ERR_ALREADY_AVAILABLE);
                yield 0;
            }
            case HSM_HART_STOP -> {
                env.hartStop();
                yield 0;
            }
            case HSM_HART_GET_STATUS -> {
                if (x[A0] < 0 || x[A0] >= env.harts()) throw new SbiError(ERR_INVALID_PARAM);
                yield env.hartStopped(x[A0]) ? HSM_STATE_STOPPED : HSM_STATE_STARTED;
            }
            default -> throw new SbiError(ERR_NOT_SUPPORTED);
        };
    }

    private static long vmsh(int fid, int[] x, SbiEnvironment env) {
        throw new SbiError(ERR_NOT_SUPPORTED);   // a pv VMM answers these itself, before SBI (vmsh.hv.Paravirtual)
    }

    /** VMSH_BLOCK: one block between the VM's disk and a guest page. */
    private static long block(int fid, int[] x, SbiEnvironment env) {
        BlockExtension b = env.block();
        if (b == null) throw new SbiError(ERR_NOT_SUPPORTED);
        BalloonExtension.Result r = b.call(fid, x[A0], x[A1], x[A2]);
        if (r.error() != SUCCESS) throw new SbiError(r.error());
        return r.value();
    }

    /** VMSH_BALLOON: a batch that stops early returns its error with a1 = the pages done before it. */
    private static long balloon(int fid, int[] x, SbiEnvironment env) {
        BalloonExtension b = env.balloon();
        if (b == null) throw new SbiError(ERR_NOT_SUPPORTED);
        BalloonExtension.Result r = b.call(fid, x[A0], x[A1], x[A2]);
        if (r.error() == SUCCESS) return r.value();
        x[A1] = r.value();
        throw new SbiError(r.error());
    }
}
