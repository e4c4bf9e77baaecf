package vmsh.hostmem;

import java.util.Arrays;
import java.util.BitSet;
import vmsh.mem.Ram;

/**
 * The host's machine frames over a {@link Ram}: allocation, reference counts, what each
 * frame is used for, and the bytes of a frame. Frame {@code mpn} is RAM frame {@code mpn},
 * at host-physical address {@code ram.base() + (mpn << 12)}.
 *
 * <p>Allocation is deterministic: always the lowest free frame. A frame is zeroed when it
 * is allocated, so no contents leak from one VM to another. The RAM stays sparse: a frame
 * holds host memory only once it has been allocated.
 */
public final class MachineMemory {
    public static final int PAGE_SHIFT = Ram.FRAME_SHIFT, PAGE_SIZE = Ram.FRAME_SIZE, WORDS = PAGE_SIZE / 4;

    private final Ram ram;
    private final int[] refs;
    private final byte[] use;
    private final BitSet free;
    private final int[] useCounts = new int[FrameUse.ALL.length];
    private int lowestFree;   // no free frame below this one

    public MachineMemory(Ram ram) {
        this.ram = ram;
        int n = ram.frameSlots();
        this.refs = new int[n];
        this.use = new byte[n];
        this.free = new BitSet(n);
        free.set(0, n);
        useCounts[FrameUse.FREE.ordinal()] = n;
    }

    public Ram ram() { return ram; }

    public int totalFrames() { return refs.length; }

    public int freeFrames() { return count(FrameUse.FREE); }

    public int usedFrames() { return totalFrames() - freeFrames(); }

    /** How many frames are used for {@code u}. */
    public int count(FrameUse u) { return useCounts[u.ordinal()]; }

    /** The host-physical address of frame {@code mpn}. */
    public long physicalAddress(int mpn) { return Integer.toUnsignedLong(ram.base()) + ((long) check(mpn) << PAGE_SHIFT); }

    // ---- allocation ----

    /** The lowest free frame, zeroed, with one reference; -1 when none is free. */
    public int tryAllocate(FrameUse u) {
        if (u == FrameUse.FREE) throw new IllegalArgumentException("cannot allocate a frame for use FREE");
        int mpn = free.nextSetBit(lowestFree);
        if (mpn < 0) return -1;
        free.clear(mpn);
        lowestFree = mpn + 1;
        int[] old = ram.frames()[mpn];
        if (old != null) Arrays.fill(old, 0); else ram.frame(mpn);
        refs[mpn] = 1;
        setUse(mpn, u);
        return mpn;
    }

    /**
     * Takes frames {@code first .. first+count-1} out of the pool for the hypervisor (SYSTEM),
     * e.g. RAM the host machine already uses for an image; their contents are kept.
     */
    public void reserve(int first, int count) {
        if (first < 0 || count < 0 || first > refs.length - count)
            throw new IllegalArgumentException("frames " + first + " (+" + count + ") outside 0.." + (refs.length - 1));
        for (int mpn = first; mpn < first + count; mpn++) {
            if (use(mpn) != FrameUse.FREE) throw new IllegalStateException("machine frame " + mpn + " is in use");
            free.clear(mpn);
            refs[mpn] = 1;
            setUse(mpn, FrameUse.SYSTEM);
        }
    }

    /** Returns frame {@code mpn} to the free pool whatever its reference count. */
    public void free(int mpn) {
        if (use(mpn) == FrameUse.FREE) throw new IllegalStateException("frame " + mpn + " is already free");
        refs[mpn] = 0;
        setUse(mpn, FrameUse.FREE);
        free.set(mpn);
        lowestFree = Math.min(lowestFree, mpn);
    }

    public FrameUse use(int mpn) { return FrameUse.ALL[use[check(mpn)]]; }

    /** Re-labels an allocated frame (a private frame becoming shared, and back). */
    public void setUse(int mpn, FrameUse u) {
        useCounts[use[mpn]]--;
        use[mpn] = (byte) u.ordinal();
        useCounts[u.ordinal()]++;
    }

    public int refs(int mpn) { return refs[check(mpn)]; }

    /** One more reference; returns the new count. */
    public int retain(int mpn) { return ++refs[allocated(mpn)]; }

    /** One reference fewer; frees the frame when none is left. Returns the new count. */
    public int release(int mpn) {
        int r = --refs[allocated(mpn)];
        if (r == 0) free(mpn);
        return r;
    }

    // ---- contents ----

    /** The frame's 1024 little-endian words, live: writes go straight to machine memory. */
    public int[] words(int mpn) { return ram.frame(allocated(mpn)); }

    public void copy(int fromMpn, int toMpn) { System.arraycopy(words(fromMpn), 0, words(toMpn), 0, WORDS); }

    public void zero(int mpn) { Arrays.fill(words(mpn), 0); }

    public boolean isZero(int mpn) {
        for (int w : words(mpn)) if (w != 0) return false;
        return true;
    }

    public boolean sameContents(int a, int b) { return Arrays.equals(words(a), words(b)); }

    public long hash(int mpn) { return PageHash.of(words(mpn)); }

    /** Reads {@code width} (1, 2, 4) bytes at {@code offset} in the frame; the access may not cross a word. */
    public int load(int mpn, int offset, int width) {
        int word = words(mpn)[offset >>> 2];
        int shift = (offset & 3) << 3;
        return width == 4 ? word : (word >>> shift) & (width == 1 ? 0xff : 0xffff);
    }

    /** Writes {@code width} (1, 2, 4) bytes at {@code offset} in the frame; the access may not cross a word. */
    public void store(int mpn, int offset, int width, int value) {
        int[] f = words(mpn);
        int i = offset >>> 2;
        if (width == 4) { f[i] = value; return; }
        int shift = (offset & 3) << 3;
        int mask = (width == 1 ? 0xff : 0xffff) << shift;
        f[i] = f[i] & ~mask | (value << shift) & mask;
    }

    private int check(int mpn) {
        if (mpn < 0 || mpn >= refs.length)
            throw new IllegalArgumentException("machine frame " + mpn + " outside 0.." + (refs.length - 1));
        return mpn;
    }

    private int allocated(int mpn) {
        if (use(mpn) == FrameUse.FREE) throw new IllegalStateException("machine frame " + mpn + " is free");
        return mpn;
    }
}
