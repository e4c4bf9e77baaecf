package vmsh.mem;

import vmsh.state.FrameSet;

/**
 * Machine RAM as sparse 4 KiB frames, allocated on the first store: a 1 GiB machine
 * that touches 1 MiB holds about 1 MiB. A frame is an int[1024] of little-endian words;
 * untouched frames read as zeros.
 *
 * <p>Copy-on-write: {@link #snapshot} hands out the frames themselves and marks them
 * shared; a shared frame is never written again, and the first write to it through
 * {@link #frame} or {@link #store} copies it. So a snapshot costs a reference per touched
 * frame, and after it a run pays one copy per frame it dirties. Readers may use a shared
 * frame as it is ({@link #frames}); writers must ask {@link #frame}, or check {@link
 * #shared} (the engine's direct store path does).
 *
 * <p>After a snapshot, RAM keeps it and notes each frame slot that gets another array (a
 * frame allocated or copied): the next snapshot is the last one with those frames, so its
 * cost follows the frames written in between, not the frames held.
 */
public final class Ram {
    public static final int FRAME_SHIFT = 12, FRAME_SIZE = 1 << FRAME_SHIFT;
    /** RAM sits from 0x8000_0000 to the top of the 32-bit space at most. */
    public static final long MAX_SIZE = 1L << 31;

    private final int base;
    private final long size;
    private final int[][] frames;
    /** Frames a snapshot holds too: copied before their next write. */
    private final boolean[] shared;
    private int allocated;
    /** The last snapshot taken or restored (null: none), and the frames whose slot got another array since, each once. */
    private FrameSet last;
    private int[] changed = new int[16];
    private int changes;
    private long[] noted;   // a bit a frame, made with the first snapshot
    /** The frames the last snapshot shared that were not shared before it. */
    private int[] justShared = new int[0];
    /** Counts changes of the frame arrays themselves (allocated, copied, restored): see {@link #frameEpoch}. */
    private int frameEpoch;

    public Ram(int base, long size) {
        if (size <= 0 || size > MAX_SIZE || size % FRAME_SIZE != 0)
            throw new IllegalArgumentException("RAM size " + size
                    + " must be a positive multiple of 4096 bytes, at most 2 GiB");
        this.base = base;
        this.size = size;
        this.frames = new int[(int) (size >>> FRAME_SHIFT)][];
        this.shared = new boolean[frames.length];
        rearmReserve();
    }

    public int base() { return base; }

    public long size() { return size; }

    /**
     * Frame slots, by frame number; null where not yet touched. The engine reads it directly;
     * a write to a slot's array is only allowed when the frame is not {@link #shared}.
     */
    public int[][] frames() { return frames; }

    public int frameSlots() { return frames.length; }

    /**
     * Changes whenever a frame slot gets another array (a frame allocated, copied on write,
     * the whole RAM restored): whoever keeps frame arrays themselves (the engine's data page
     * caches) fetches them again when it has changed. Writes into a frame do not change it.
     */
    public int frameEpoch() { return frameEpoch; }

    /** How many frames hold host memory. */
    public int frameCount() { return allocated; }

    /** True when the physical address is in RAM. */
    public boolean contains(int address) {
        return Integer.toUnsignedLong(address - base) < size;
    }

    /** Frame {@code n} to write: allocated (zeroed) on first use, copied first when shared. */
    public int[] frame(int n) {
        int[] f = frames[n];
        if (f == null) return allocate(n);
        if (shared[n]) {
            f = copy(f);
            frames[n] = f;
            shared[n] = false;
            frameEpoch++;
            note(n);
        }
        return f;
    }

    /** Frame {@code n} to read: allocated (zeroed) on first use, shared or not. */
    public int[] allocate(int n) {
        int[] f = frames[n];
        if (f == null) {
            f = newFrame();
            frames[n] = f;
            allocated++;
            frameEpoch++;
            note(n);
        }
        return f;
    }

    /** A zeroed frame from the Java heap; a full heap is {@link OutOfHostMemory}, not an error that ends the process. */
    private int[] newFrame() {
        try {
            return new int[FRAME_SIZE / 4];
        } catch (OutOfMemoryError e) {
            throw outOfMemory();
        }
    }

    private int[] copy(int[] frame) {
        try {
            return frame.clone();
        } catch (OutOfMemoryError e) {
            throw outOfMemory();
        }
    }

    /**
     * Headroom for telling that the heap is full: given back when a frame does not fit, so
     * that the error can be made and shown (and the script that caught it go on).
     */
    private static volatile byte[] reserve = new byte[4 << 20];

    private OutOfHostMemory outOfMemory() {
        reserve = null;
        return new OutOfHostMemory(allocated);
    }

    /** A new RAM takes the headroom again if a full heap used it up and there is room now. */
    private static void rearmReserve() {
        if (reserve != null) return;
        try {
            reserve = new byte[4 << 20];
        } catch (OutOfMemoryError e) {
            // still full: the next frame that does not fit says so without the headroom
        }
    }

    /** True while a snapshot shares frame {@code n}: writes must go through {@link #frame}. */
    public boolean shared(int n) { return shared[n]; }

    // ---------------------------------------------------------------- snapshots

    /** Frame slot {@code n} got another array: the next snapshot differs from the last there. */
    private void note(int n) {
        if (last == null || (noted[n >>> 6] & 1L << n) != 0) return;
        noted[n >>> 6] |= 1L << n;
        if (changes == changed.length) changed = java.util.Arrays.copyOf(changed, 2 * changes);
        changed[changes++] = n;
    }

    /** The allocated frames, now shared copy-on-write with the set returned. */
    public FrameSet snapshot() {
        if (last != null) return next();
        noted = new long[(frames.length + 63) >>> 6];
        int[] numbers = new int[allocated];
        int[][] held = new int[allocated][];
        int k = 0;
        for (int n = 0; n < frames.length && k < allocated; n++) {
            if (frames[n] == null) continue;
            shared[n] = true;
            numbers[k] = n;
            held[k++] = frames[n];
        }
        justShared = numbers;
        return last = new FrameSet(frames.length, numbers, held);
    }

    /** The last snapshot with the frames changed since: every other frame is shared with it still. */
    private FrameSet next() {
        int[] numbers = java.util.Arrays.copyOf(changed, changes);
        java.util.Arrays.sort(numbers);
        int[][] held = new int[numbers.length][];
        for (int i = 0; i < numbers.length; i++) {
            int n = numbers[i];
            noted[n >>> 6] &= ~(1L << n);
            shared[n] = true;
            held[i] = frames[n];
        }
        changes = 0;
        justShared = numbers;
        return last = last.with(numbers, held);
    }

    /** The frames the last {@link #snapshot} shared that no snapshot shared before it (whose store paths change). */
    public int[] justShared() { return justShared; }

    /** Frame {@code n}'s words, now shared copy-on-write (read them, never write them), or null when it was never touched. */
    public int[] share(int n) {
        int[] f = frames[n];
        if (f != null) shared[n] = true;
        return f;
    }

    /** Makes RAM hold exactly {@code set}'s frames, shared copy-on-write with it. */
    public void restore(FrameSet set) {
        if (set.slots() != frames.length)
            throw new vmsh.state.StateException("the snapshot's RAM has " + set.slots() + " frames, this one " + frames.length);
        java.util.Arrays.fill(frames, null);
        java.util.Arrays.fill(shared, false);
        for (int i = 0; i < set.count(); i++) {
            int n = set.number(i);
            frames[n] = set.frame(i);
            shared[n] = true;
        }
        allocated = set.count();
        frameEpoch++;
        if (noted == null) noted = new long[(frames.length + 63) >>> 6];
        for (int i = 0; i < changes; i++) noted[changed[i] >>> 6] &= ~(1L << changed[i]);
        changes = 0;
        last = set;
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
        int n = offset >>> FRAME_SHIFT;
        int[] f = frames[n];
        if (f == null || shared[n]) f = frame(n);
        int i = (offset & (FRAME_SIZE - 1)) >>> 2;
        if (width == 4) { f[i] = value; return; }
        int shift = (offset & 3) << 3;
        int mask = (width == 1 ? 0xff : 0xffff) << shift;
        f[i] = f[i] & ~mask | (value << shift) & mask;
    }
}
