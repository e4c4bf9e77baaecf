package vmsh.hostmem;

import java.util.Arrays;
import java.util.BitSet;
import vmsh.mem.Ram;
import vmsh.state.StateIn;
import vmsh.state.StateOut;
import vmsh.state.SavedSection;
import vmsh.state.Versioned;

/**
 * The host's machine frames over a {@link Ram}: allocation, reference counts, what each
 * frame is used for, and the bytes of a frame. Frame {@code mpn} is RAM frame {@code mpn},
 * at host-physical address {@code ram.base() + (mpn << 12)}.
 *
 * <p>Allocation is deterministic: always the lowest free frame (of a node, when asked for
 * one). A frame is zeroed when it is allocated, so no contents leak from one VM to another.
 * The RAM stays sparse: a frame holds host memory only once it has been allocated.
 *
 * <p>Reserved frames (Navarro's superpage reservations, see {@link Superpages}) are free
 * but set aside for one guest region: ordinary allocation passes them by, only
 * {@link #allocateReserved} hands them out, and a reserved frame that is freed stays
 * reserved until {@link #unreserve}. They count as free.
 *
 * <p>NUMA: the frames are split into {@link #nodes()} nodes of equal size, in address
 * order (the last takes the remainder); {@link #node(int)} says where a frame lives.
 */
public final class MachineMemory implements Versioned {
    public static final int PAGE_SHIFT = Ram.FRAME_SHIFT, PAGE_SIZE = Ram.FRAME_SIZE, WORDS = PAGE_SIZE / 4;

    private final Ram ram;
    private final int[] refs;
    private final byte[] use;
    /** Frames ordinary allocation may take: free and not reserved. */
    private final BitSet free;
    private final BitSet reserved;
    private final int[] useCounts = new int[FrameUse.ALL.length];
    private int lowestFree;   // no free frame below this one
    private int reservedFree;
    private int nodes = 1, nodeFrames;
    /** Changes to what {@link #save} writes, counted; and the section saved last (see {@link Versioned}). */
    private long changes;
    private final SavedSection saved = new SavedSection();
    /** Frames a saved chunk of the tables covers; each chunk's bytes as last saved (null: changed since). */
    private static final int SAVED_CHUNK_SHIFT = 12;
    private final byte[][] savedRefs, savedUse;

    public MachineMemory(Ram ram) {
        this.ram = ram;
        int n = ram.frameSlots();
        this.refs = new int[n];
        this.use = new byte[n];
        this.free = new BitSet(n);
        this.reserved = new BitSet(n);
        free.set(0, n);
        useCounts[FrameUse.FREE.ordinal()] = n;
        nodeFrames = n;
        savedRefs = new byte[(n + (1 << SAVED_CHUNK_SHIFT) - 1) >>> SAVED_CHUNK_SHIFT][];
        savedUse = new byte[savedRefs.length][];
    }

    public Ram ram() { return ram; }

    public int totalFrames() { return refs.length; }

    /** The lowest frame ordinary allocation could take now (free, not reserved), or {@link #totalFrames} when none is. */
    public int firstFree() {
        int mpn = free.nextSetBit(lowestFree);
        return mpn < 0 ? refs.length : mpn;
    }

    public int freeFrames() { return count(FrameUse.FREE); }

    public int usedFrames() { return totalFrames() - freeFrames(); }

    /** How many frames are used for {@code u}. */
    public int count(FrameUse u) { return useCounts[u.ordinal()]; }

    /** The host-physical address of frame {@code mpn}. */
    public long physicalAddress(int mpn) { return Integer.toUnsignedLong(ram.base()) + ((long) check(mpn) << PAGE_SHIFT); }

    /** The frame holding host-physical address {@code pa}, or -1 outside the RAM. */
    public int frameOf(long pa) {
        long offset = pa - Integer.toUnsignedLong(ram.base());
        return offset < 0 || offset >= (long) refs.length << PAGE_SHIFT ? -1 : (int) (offset >>> PAGE_SHIFT);
    }

    // ---- allocation ----

    /** The lowest free frame that is not reserved, zeroed, with one reference; -1 when none is. */
    public int tryAllocate(FrameUse u) {
        checkUse(u);
        int mpn = free.nextSetBit(lowestFree);
        if (mpn < 0) return -1;
        lowestFree = mpn + 1;
        changes++;
        return take(mpn, u);
    }

    /**
     * The lowest free, unreserved frame of {@code node}, or failing that of the nodes after
     * it (wrapping around): the nearest by number. -1 when no node has one.
     */
    public int tryAllocate(FrameUse u, int node) {
        checkUse(u);
        checkNode(node);
        for (int k = 0; k < nodes; k++) {
            int n = (node + k) % nodes;
            int mpn = free.nextSetBit(Math.max(nodeStart(n), lowestFree));
            if (mpn >= 0 && mpn < nodeEnd(n)) return take(mpn, u);
        }
        return -1;
    }

    private static void checkUse(FrameUse u) {
        if (u == FrameUse.FREE) throw new IllegalArgumentException("cannot allocate a frame for use FREE");
    }

    /** Allocates free frame {@code mpn}: zeroed, one reference. */
    private int take(int mpn, FrameUse u) {
        changed(mpn);
        free.clear(mpn);
        if (reserved.get(mpn)) reservedFree--;
        if (ram.frames()[mpn] != null) Arrays.fill(ram.frame(mpn), 0); else ram.frame(mpn);   // ram.frame: a frame a snapshot shares is copied first
        refs[mpn] = 1;
        setUse(mpn, u);
        return mpn;
    }

    // ---- reservations ----

    /** True when {@code count} frames from {@code first} are all free and unreserved. */
    public boolean runAvailable(int first, int count) {
        if (first < 0 || count <= 0 || first > refs.length - count) return false;
        return free.nextClearBit(first) >= first + count;
    }

    /**
     * The first frame of the lowest run of {@code count} free, unreserved frames aligned to
     * {@code count} (a power of two) that lies within one node, searching {@code node} first
     * and then the nodes after it; -1 when there is none.
     */
    public int findAlignedRun(int count, int node) {
        checkNode(node);
        for (int k = 0; k < nodes; k++) {
            int n = (node + k) % nodes;
            int first = (nodeStart(n) + count - 1) & -count;
            for (; first + count <= nodeEnd(n); first += count) {
                int at = free.nextSetBit(first);
                if (at < 0) break;
                int holding = at & -count;   // the aligned run the next free frame is in
                if (holding > first) {
                    first = holding - count;
                    continue;
                }
                if (runAvailable(first, count)) return first;
            }
        }
        return -1;
    }

    /** Sets frames {@code first .. first+count-1}, all free and unreserved, aside: only {@link #allocateReserved} takes them. */
    public void reserveRun(int first, int count) {
        if (!runAvailable(first, count))
            throw new IllegalStateException("frames " + first + " (+" + count + ") are not all free and unreserved");
        changes++;
        free.clear(first, first + count);
        reserved.set(first, first + count);
        reservedFree += count;
    }

    /** Allocates reserved frame {@code mpn} (zeroed, one reference); -1 when it is not free. */
    public int allocateReserved(int mpn, FrameUse u) {
        checkUse(u);
        if (!reserved.get(check(mpn))) throw new IllegalStateException("machine frame " + mpn + " is not reserved");
        return use(mpn) == FrameUse.FREE ? take(mpn, u) : -1;
    }

    /** Allocates frame {@code mpn} when it is free and unreserved (zeroed, one reference); -1 otherwise. */
    public int allocateAt(int mpn, FrameUse u) {
        checkUse(u);
        return available(mpn) ? take(mpn, u) : -1;
    }

    /** Ends the reservation of frames {@code first .. first+count-1}: the free ones among them are ordinary free frames again. */
    public void unreserve(int first, int count) {
        changes++;
        for (int mpn = first; mpn < first + count; mpn++) {
            if (!reserved.get(check(mpn))) continue;
            reserved.clear(mpn);
            if (use(mpn) == FrameUse.FREE) {
                reservedFree--;
                free.set(mpn);
                lowestFree = Math.min(lowestFree, mpn);
            }
        }
    }

    public boolean reserved(int mpn) { return reserved.get(check(mpn)); }

    /** Free frames that are reserved (included in {@link #freeFrames()}). */
    public int reservedFreeFrames() { return reservedFree; }

    /** True when frame {@code mpn} is free and not reserved: ordinary allocation may take it. */
    public boolean available(int mpn) { return free.get(check(mpn)); }

    // ---- NUMA nodes ----

    /**
     * Splits the frames into {@code n} nodes of equal size in address order (the last one
     * takes what is left over).
     */
    public void setNodes(int n) {
        if (n < 1 || n > refs.length) throw new IllegalArgumentException("NUMA nodes " + n + " must be in 1.." + refs.length);
        nodes = n;
        nodeFrames = refs.length / n;
    }

    public int nodes() { return nodes; }

    /** The node frame {@code mpn} belongs to. */
    public int node(int mpn) { return Math.min(nodes - 1, check(mpn) / nodeFrames); }

    /** The first frame of node {@code n}. */
    public int nodeStart(int n) { return n * nodeFrames; }

    /** One past the last frame of node {@code n}. */
    public int nodeEnd(int n) { return n == nodes - 1 ? refs.length : (n + 1) * nodeFrames; }

    private void checkNode(int n) {
        if (n < 0 || n >= nodes) throw new IllegalArgumentException("NUMA node " + n + " outside 0.." + (nodes - 1));
    }

    /**
     * Takes frames {@code first .. first+count-1} out of the pool for the hypervisor (SYSTEM),
     * e.g. RAM the host machine already uses for an image; their contents are kept.
     */
    public void reserve(int first, int count) {
        if (first < 0 || count < 0 || first > refs.length - count)
            throw new IllegalArgumentException("frames " + first + " (+" + count + ") outside 0.." + (refs.length - 1));
        changes++;
        for (int mpn = first; mpn < first + count; mpn++) {
            if (!available(mpn)) throw new IllegalStateException("machine frame " + mpn + " is in use or reserved");
            changed(mpn);
            free.clear(mpn);
            refs[mpn] = 1;
            setUse(mpn, FrameUse.SYSTEM);
        }
    }

    /** Returns frame {@code mpn} to the free pool whatever its reference count. */
    public void free(int mpn) {
        if (use(mpn) == FrameUse.FREE) throw new IllegalStateException("frame " + mpn + " is already free");
        changed(mpn);
        refs[mpn] = 0;
        setUse(mpn, FrameUse.FREE);
        if (reserved.get(mpn)) {   // back to its reservation
            reservedFree++;
            return;
        }
        free.set(mpn);
        lowestFree = Math.min(lowestFree, mpn);
    }

    public FrameUse use(int mpn) { return FrameUse.ALL[use[check(mpn)]]; }

    /** Re-labels an allocated frame (a private frame becoming shared, and back). */
    public void setUse(int mpn, FrameUse u) {
        changed(mpn);
        useCounts[use[mpn]]--;
        use[mpn] = (byte) u.ordinal();
        useCounts[u.ordinal()]++;
    }

    public int refs(int mpn) { return refs[check(mpn)]; }

    /** One more reference; returns the new count. */
    public int retain(int mpn) {
        changed(allocated(mpn));
        return ++refs[mpn];
    }

    /** One reference fewer; frees the frame when none is left. Returns the new count. */
    public int release(int mpn) {
        changed(allocated(mpn));
        int r = --refs[mpn];
        if (r == 0) free(mpn);
        return r;
    }

    // ---- contents ----

    /**
     * The frame's 1024 little-endian words, live, to write: writes go straight to machine
     * memory (a frame a snapshot shares is copied first).
     */
    public int[] words(int mpn) { return ram.frame(allocated(mpn)); }

    /** The frame's words to read only (a frame a snapshot shares is not copied). */
    public int[] contents(int mpn) { return ram.allocate(allocated(mpn)); }

    public void copy(int fromMpn, int toMpn) { System.arraycopy(contents(fromMpn), 0, words(toMpn), 0, WORDS); }

    public void zero(int mpn) { Arrays.fill(words(mpn), 0); }

    public boolean isZero(int mpn) {
        for (int w : contents(mpn)) if (w != 0) return false;
        return true;
    }

    public boolean sameContents(int a, int b) { return Arrays.equals(contents(a), contents(b)); }

    public long hash(int mpn) { return PageHash.of(contents(mpn)); }

    /** Reads {@code width} (1, 2, 4) bytes at {@code offset} in the frame; the access may not cross a word. */
    public int load(int mpn, int offset, int width) {
        int word = contents(mpn)[offset >>> 2];
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

    // ---- state ----

    /** Each frame's references and use, the reserved frames and the allocator's cursor (the frames' contents are the RAM's). */
    @Override
    public void save(StateOut out) {
        out.putInt(refs.length);   // as putInts(refs) and putBytes(use) write them, a chunk at a time
        for (int c = 0; c < savedRefs.length; c++) {
            if (savedRefs[c] == null) savedRefs[c] = StateOut.encode(refs, chunkStart(c), chunkStart(c + 1));
            out.putEncoded(savedRefs[c]);
        }
        out.putInt(use.length);
        for (int c = 0; c < savedUse.length; c++) {
            if (savedUse[c] == null) savedUse[c] = Arrays.copyOfRange(use, chunkStart(c), chunkStart(c + 1));
            out.putEncoded(savedUse[c]);
        }
        out.putLongs(free.toLongArray()).putInts(useCounts).putInt(lowestFree);
        out.putLongs(reserved.toLongArray()).putInt(reservedFree);
    }

    private int chunkStart(int c) { return Math.min(refs.length, c << SAVED_CHUNK_SHIFT); }

    /** Frame {@code mpn}'s references or use change: so does the state, and its chunk is saved again. */
    private void changed(int mpn) {
        changes++;
        savedRefs[mpn >>> SAVED_CHUNK_SHIFT] = null;
        savedUse[mpn >>> SAVED_CHUNK_SHIFT] = null;
    }

    @Override public long version() { return changes; }

    @Override public SavedSection saved() { return saved; }

    @Override
    public void restore(StateIn in) {
        changes++;
        Arrays.fill(savedRefs, null);
        Arrays.fill(savedUse, null);
        in.getInts(refs);
        in.getBytes(use);
        free.clear();
        free.or(BitSet.valueOf(in.getLongsAny()));
        in.getInts(useCounts);
        lowestFree = in.getInt();
        reserved.clear();
        reserved.or(BitSet.valueOf(in.getLongsAny()));
        reservedFree = in.getInt();
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
