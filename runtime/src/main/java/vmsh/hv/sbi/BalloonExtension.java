package vmsh.hv.sbi;

import vmsh.hostmem.GuestMemory;
import vmsh.hostmem.MachineMemory;
import vmsh.memsched.Balloon;

/**
 * The VMM's side of SBI extension VMSH_BALLOON, vmsh's paravirtual memory balloon, for one
 * VM (the guest's side is samples/kernel/balloon.s; the names match sbi_defs.s there).
 *
 * <pre>
 *  EID 0x0A00_0001 (firmware-specific range)      a0 = error, a1 = value on return
 *  FID 0 get_target()                     -> a1 = pages the balloon should hold
 *  FID 1 inflate(a0 = gpa lo, a1 = hi)    the guest gives up the page at gpa: its frame is freed
 *  FID 2 deflate(a0 = gpa lo, a1 = hi)    the guest takes the page back: zero-filled on next touch
 *  FID 3 inflate_batch(a0 = n, a1 = array lo, a2 = hi)   n 32-bit page addresses at the
 *  FID 4 deflate_batch(a0 = n, a1 = array lo, a2 = hi)     array; -> a1 = pages done, in order
 * </pre>
 *
 * Errors: INVALID_ADDRESS for a page (or array) that is not page-aligned (word-aligned)
 * guest RAM; DENIED when inflating a page already in the balloon or beyond the balloon's
 * limit; INVALID_PARAM when deflating a page the balloon does not hold, or for a batch of
 * more than {@link #MAX_BATCH}; NOT_SUPPORTED for another FID. A batch stops at the first
 * page that fails: a0 is that page's error and a1 counts the pages before it. Probing the
 * extension or asking the target tells the balloon a driver is there.
 */
public final class BalloonExtension {
    public static final int EID = 0x0A00_0001;
    public static final int GET_TARGET = 0, INFLATE = 1, DEFLATE = 2, INFLATE_BATCH = 3, DEFLATE_BATCH = 4;
    /** Pages one batched call may name: a page of page addresses. */
    public static final int MAX_BATCH = MachineMemory.PAGE_SIZE / 4;

    // SBI error codes (SBI v2.0 §3.2), as sbi_defs.s spells them
    static final int SUCCESS = 0, ERR_NOT_SUPPORTED = -2, ERR_INVALID_PARAM = -3, ERR_DENIED = -4,
            ERR_INVALID_ADDRESS = -5;

    /** What a call returns: a0 = error, a1 = value. */
    public record Result(int error, int value) {
        static Result ok(int value) { return new Result(SUCCESS, value); }
    }

    private final Balloon balloon;
    private final GuestMemory memory;
    private long inflated, deflated, calls;

    public BalloonExtension(Balloon balloon, GuestMemory memory) {
        this.balloon = balloon;
        this.memory = memory;
    }

    public Balloon balloon() { return balloon; }

    /** BASE probe_extension found the balloon: a driver is there. */
    public void probed() { balloon.driverReady(); }

    /** Serves FID {@code fid} with arguments a0, a1, a2 (the other argument registers are unused). */
    public Result call(int fid, int a0, int a1, int a2) {
        calls++;
        return switch (fid) {
            case GET_TARGET -> { balloon.driverReady(); yield Result.ok(balloon.target()); }
            case INFLATE -> single(address(a0, a1), true);
            case DEFLATE -> single(address(a0, a1), false);
            case INFLATE_BATCH -> batch(a0, address(a1, a2), true);
            case DEFLATE_BATCH -> batch(a0, address(a1, a2), false);
            default -> new Result(ERR_NOT_SUPPORTED, 0);
        };
    }

    /** Calls served, pages inflated and pages deflated so far. */
    public long calls() { return calls; }

    public long inflated() { return inflated; }

    public long deflated() { return deflated; }

    private Result single(long gpa, boolean inflate) {
        int error = move(gpa, inflate);
        return new Result(error, 0);
    }

    private Result batch(int count, long array, boolean inflate) {
        if (count < 0 || count > MAX_BATCH) return new Result(ERR_INVALID_PARAM, 0);
        if ((array & 3) != 0 || !memory.contains(array, 4L * count)) return new Result(ERR_INVALID_ADDRESS, 0);
        for (int i = 0; i < count; i++) {
            int error = move(Integer.toUnsignedLong(memory.loadWord(array + 4L * i)), inflate);
            if (error != SUCCESS) return new Result(error, i);
        }
        return Result.ok(count);
    }

    /** Moves one page into or out of the balloon; returns the SBI error code. */
    private int move(long gpa, boolean inflate) {
        if ((gpa & (MachineMemory.PAGE_SIZE - 1)) != 0 || !memory.contains(gpa, MachineMemory.PAGE_SIZE))
            return ERR_INVALID_ADDRESS;
        int gpn = memory.gpn(gpa);
        if (inflate) {
            if (!balloon.inflate(gpn)) return ERR_DENIED;
            inflated++;
        } else {
            if (!balloon.deflate(gpn)) return ERR_INVALID_PARAM;
            deflated++;
        }
        return SUCCESS;
    }

    private static long address(int lo, int hi) {
        return Integer.toUnsignedLong(hi) << 32 | Integer.toUnsignedLong(lo);
    }

    /** The calls' counters (the balloon itself is the memory scheduler's). */
    public void save(vmsh.state.StateOut out) { out.putLong(inflated).putLong(deflated).putLong(calls); }

    public void restore(vmsh.state.StateIn in) {
        inflated = in.getLong();
        deflated = in.getLong();
        calls = in.getLong();
    }
}
