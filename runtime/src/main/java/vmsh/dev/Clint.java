package vmsh.dev;

import java.util.function.LongSupplier;
import vmsh.mem.Device;
import vmsh.state.StateIn;
import vmsh.state.StateOut;

/**
 * The core-local interruptor (SiFive CLINT layout, as QEMU {@code virt}) for one hart.
 *
 * <pre>
 *  offset  register          width
 *  0x0000  msip              32 (bit 0: machine software interrupt pending)
 *  0x4000  mtimecmp          64 (MTIP is pending while mtime >= mtimecmp)
 *  0xBFF8  mtime             64
 * </pre>
 *
 * mtime runs on simulated time: one tick every {@link #CYCLES_PER_TICK} cycles: QEMU's 10 MHz
 * timebase under a 1 GHz core, which is what QEMU's {@code -icount shift=0} (one instruction
 * per nanosecond) gives, so timer-driven guests see the same time on both. Writing mtime
 * moves it; it keeps counting from there. Any width is accepted; registers read and write by byte lanes.
 */
public final class Clint implements Device {
    public static final int MSIP = 0x0, MTIMECMP = 0x4000, MTIME = 0xBFF8;
    public static final int CYCLES_PER_TICK = 100;
    public static final int SIZE = 0x1_0000;

    private final LongSupplier cycles;
    private long mtimeOffset;
    private long mtimecmp = -1;   // no timer pending until the guest programs one
    private int msip;

    /** @param cycles the simulated cycle count that drives mtime */
    public Clint(LongSupplier cycles) { this.cycles = cycles; }

    @Override public String name() { return "clint"; }

    @Override public int size() { return SIZE; }

    public long mtime() { return cycles.getAsLong() / CYCLES_PER_TICK + mtimeOffset; }

    public boolean timerPending() { return Long.compareUnsigned(mtime(), mtimecmp) >= 0; }

    /**
     * Simulated cycles from now until MTIP becomes pending: 0 when it is, Long.MAX_VALUE
     * when mtimecmp is out of reach. mtime reaches mtimecmp at the first cycle of the
     * tick numbered mtimecmp, {@code ticks} tick boundaries from now.
     */
    public long cyclesUntilTimer() {
        long now = cycles.getAsLong();
        long mtime = now / CYCLES_PER_TICK + mtimeOffset;
        if (Long.compareUnsigned(mtime, mtimecmp) >= 0) return 0;
        long ticks = mtimecmp - mtime;
        if (ticks < 0 || ticks > Long.MAX_VALUE / (2 * CYCLES_PER_TICK)) return Long.MAX_VALUE;
        return (now / CYCLES_PER_TICK + ticks) * CYCLES_PER_TICK - now;
    }

    public boolean softwarePending() { return (msip & 1) != 0; }

    /** mtime is kept as its offset from simulated time, which the clock saves. */
    @Override
    public void save(StateOut out) { out.putLong(mtimeOffset).putLong(mtimecmp).putInt(msip); }

    @Override
    public void restore(StateIn in) {
        mtimeOffset = in.getLong();
        mtimecmp = in.getLong();
        msip = in.getInt();
    }

    @Override
    public int load(int offset, int width) {
        long reg;
        int lane;
        if (in(offset, MSIP, 4)) { reg = msip; lane = offset - MSIP; }
        else if (in(offset, MTIMECMP, 8)) { reg = mtimecmp; lane = offset - MTIMECMP; }
        else if (in(offset, MTIME, 8)) { reg = mtime(); lane = offset - MTIME; }
        else return 0;
        return (int) (reg >>> (8 * lane)) & mask(width);
    }

    @Override
    public void store(int offset, int width, int value) {
        if (in(offset, MSIP, 4)) msip = (int) merge(msip, offset - MSIP, width, value) & 1;
        else if (in(offset, MTIMECMP, 8)) mtimecmp = merge(mtimecmp, offset - MTIMECMP, width, value);
        else if (in(offset, MTIME, 8)) mtimeOffset += merge(mtime(), offset - MTIME, width, value) - mtime();
    }

    private static boolean in(int offset, int reg, int size) { return offset >= reg && offset < reg + size; }

    private static int mask(int width) { return width == 4 ? -1 : (1 << (8 * width)) - 1; }

    /** {@code reg} with {@code width} bytes at byte lane {@code lane} replaced by {@code value}. */
    private static long merge(long reg, int lane, int width, int value) {
        long m = Integer.toUnsignedLong(mask(width)) << (8 * lane);
        return reg & ~m | (Integer.toUnsignedLong(value) << (8 * lane)) & m;
    }
}
