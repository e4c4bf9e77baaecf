package vmsh.mem;

/**
 * Machine RAM as sparse 4 KiB frames, allocated on the first store: a 1 GiB machine
 * that touches 1 MiB holds about 1 MiB. A frame is an int[1024] of little-endian words;
 * untouched frames read as zeros.
 */
public final class Ram {
    public static final int FRAME_SHIFT = 12, FRAME_SIZE = 1 << FRAME_SHIFT;
    /** RAM sits from 0x8000_0000 to the top of the 32-bit space at most. */
    public static final long MAX_SIZE = 1L << 31;

    private final int base;
    private final long size;
    private final int[][] frames;
    private int allocated;

    public Ram(int base, long size) {
        if (size <= 0 || size > MAX_SIZE || size % FRAME_SIZE != 0)
            throw new IllegalArgumentException("RAM size " + size
                    + " must be a positive multiple of 4096 bytes, at most 2 GiB");
        this.base = base;
        this.size = size;
        this.frames = new int[(int) (size >>> FRAME_SHIFT)][];
    }

    public int base() { return base; }

    public long size() { return size; }

    /** Frame slots, by frame number; null where not yet touched. The engine reads it directly. */
    public int[][] frames() { return frames; }

    public int frameSlots() { return frames.length; }

    /** How many frames hold host memory. */
    public int frameCount() { return allocated; }

    /** True when the physical address is in RAM. */
    public boolean contains(int address) {
        return Integer.toUnsignedLong(address - base) < size;
    }

    /** Frame {@code n}, allocated (zeroed) on first use. */
    public int[] frame(int n) {
        int[] f = frames[n];
        if (f == null) {
            f = new int[FRAME_SIZE / 4];
            frames[n] = f;
            allocated++;
        }
        return f;
    }

    /** Reads {@code width} (1, 2, 4) bytes at an offset that does not cross a word. */
    public int load(int offset, int width) {
        int[] f = frames[offset >>> FRAME_SHIFT];
        if (f == null) return 0;
        int word = f[(offset & (FRAME_SIZE - 1)) >>> 2];
        int shift = (offset & 3) << 3;
        return width == 4 ? word : (word >>> shift) & (width == 1 ? 0xff : 0xffff);
    }

    /** Writes {@code width} (1, 2, 4) bytes at an offset that does not cross a word. */
    public void store(int offset, int width, int value) {
        int[] f = frame(offset >>> FRAME_SHIFT);
        int i = (offset & (FRAME_SIZE - 1)) >>> 2;
        if (width == 4) { f[i] = value; return; }
        int shift = (offset & 3) << 3;
        int mask = (width == 1 ? 0xff : 0xffff) << shift;
        f[i] = f[i] & ~mask | (value << shift) & mask;
    }
}
