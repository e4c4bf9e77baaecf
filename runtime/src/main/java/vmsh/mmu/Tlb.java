package vmsh.mmu;

import java.util.ArrayList;
import java.util.List;
import vmsh.state.StateIn;
import vmsh.state.StateOut;
import vmsh.state.Stateful;

/**
 * One modelled TLB: {@code sets * ways} entries in parallel int arrays, so a lookup is a
 * set index and a loop over the ways with no allocation. An entry caches a whole
 * translation: for V=1 the combined GVA-to-HPA mapping with both stages' leaf flags.
 *
 * <p>Entry i holds:
 * <pre>
 * tag[i]    VPN (va &gt;&gt;&gt; 12), low 10 bits clear for a megapage; -1 when the entry is invalid
 * vmask[i]  0xfffff for a 4 KiB page, 0xffc00 for a 4 MiB megapage (vpn &amp; vmask == tag)
 * space[i]  the address space and flags:
 *    21     20     19    18     17     16  15      9 8       0
 *  +----+------+-----+------+------+---+---------+---------+
 *  |MEGA|GLOBAL|  0  |G BARE|S1BARE| V |  VMID   |  ASID   |
 *  +----+------+-----+------+------+---+---------+---------+
 * ppn[i]    the host-physical page number (22 bits)
 * perm[i]   stage-1 leaf flags (7:0) and G-stage leaf flags (15:8); 0 for a Bare stage
 * stamp[i]  LRU recency: the lookup clock at the last use
 * </pre>
 * Bits 18:0 of space are the key: an entry matches a regime with the same key, or, when
 * GLOBAL, with the same key apart from the ASID. S1BARE and G BARE keep translations made
 * with a Bare stage apart, since a satp/hgatp MODE change takes effect without a fence.
 *
 * <p>A 4 KiB page lives in set {@code vpn & (sets-1)}, a megapage in set
 * {@code (vpn >>> 10) & (sets-1)}: a lookup probes the first, then the second when
 * megapages are cached. Replacement fills an invalid way first, else picks the least
 * recently used way or a seeded random one.
 *
 * <p>{@link #epoch} changes whenever an entry leaves the TLB (eviction, flush,
 * replacement): a caller caching an entry index (the engine's fetch-page latch) revalidates
 * by comparing epochs, or by {@link #latched} staying set.
 */
public final class Tlb implements Stateful {
    public static final int ASID_MASK = 0x1ff, VMID_SHIFT = 9, VMID_MASK = 0x7f << VMID_SHIFT;
    public static final int VIRT = 1 << 16, S1_BARE = 1 << 17, G_BARE = 1 << 18;
    public static final int KEY_MASK = (1 << 19) - 1;
    public static final int GLOBAL = 1 << 20, MEGA = 1 << 21;
    private static final int VPN_4K = 0xf_ffff, VPN_4M = 0xf_fc00;

    final String name;
    final int sets, ways, setMask;
    final int[] tag, vmask, space, ppn, perm;
    final long[] stamp;
    private final TlbConfig.Replacement replacement;
    private long random;
    private long clock;
    private int megapages;
    /** Changes whenever an entry leaves the TLB. */
    int epoch;
    /** The entry of the current fetch page (engine latch), or -1; cleared when it leaves. */
    int latched = -1;

    /** Counters (see {@link TlbStats}); hits are lookups - misses, so a hit costs one increment less. */
    long lookups, misses, walkReferences, adUpdates, flushes, entriesFlushed, evictions;

    public Tlb(String name, TlbConfig config, long seed) {
        this.name = name;
        this.ways = config.ways();
        this.sets = config.sets();
        this.setMask = sets - 1;
        int n = config.entries();
        tag = new int[n];
        vmask = new int[n];
        space = new int[n];
        ppn = new int[n];
        perm = new int[n];
        stamp = new long[n];
        java.util.Arrays.fill(tag, -1);
        replacement = config.replacement();
        random = seed == 0 ? 0x9e37_79b9_7f4a_7c15L : seed;
    }

    /** The key of an address space (bits 18:0 of an entry's space word). */
    public static int key(int asid, int vmid, boolean virt, boolean stage1Bare, boolean gBare) {
        return asid & ASID_MASK | (vmid << VMID_SHIFT & VMID_MASK) | (virt ? VIRT : 0)
                | (stage1Bare ? S1_BARE : 0) | (gBare ? G_BARE : 0);
    }

    // ---------------------------------------------------------------- lookup

    /** The entry mapping {@code vpn} in the space {@code key}, or -1. Counts nothing. */
    int find(int vpn, int key, int keyNoAsid) {
        int base = (vpn & setMask) * ways;
        for (int i = base, end = base + ways; i < end; i++)
            if (matches(i, vpn, key, keyNoAsid)) return i;
        if (megapages > 0 && setMask != 0) {
            base = (vpn >>> 10 & setMask) * ways;
            for (int i = base, end = base + ways; i < end; i++)
                if (matches(i, vpn, key, keyNoAsid)) return i;
        }
        return -1;
    }

    private boolean matches(int i, int vpn, int key, int keyNoAsid) {
        if ((vpn & vmask[i]) != tag[i]) return false;
        int s = space[i];
        return (s & KEY_MASK) == key || (s & GLOBAL) != 0 && (s & KEY_MASK & ~ASID_MASK) == keyNoAsid;
    }

    /** A lookup hit entry {@code i}: it becomes the most recently used. */
    void hit(int i) {
        stamp[i] = ++clock;
    }

    /** Entry {@code i} was last used at LRU time {@code t} (the engine's fast path reports it late). */
    void usedAt(int i, long t) {
        if (t > stamp[i]) stamp[i] = t;
    }

    /** The LRU clock: later uses get larger stamps. */
    long clock() { return clock; }

    /** Moves the LRU clock to at least {@code t}, past the times the engine stamped itself. */
    void advanceClock(long t) {
        if (t > clock) clock = t;
    }

    /** The latched fetch entry was used again (by the current instruction's fetch). */
    void touchLatched() {
        if (latched >= 0) stamp[latched] = ++clock;
    }

    /** The host-physical address entry {@code i} gives {@code va}. */
    long physical(int i, int va) {
        return (long) ppn[i] << 12 | va & ~(vmask[i] << 12);
    }

    // ---------------------------------------------------------------- refill and removal

    /** Caches a translation; returns its entry. A full set gives up its victim (an eviction). */
    int insert(int vpn, int key, boolean global, boolean mega, int pageNumber, int permissions) {
        int set = (mega ? vpn >>> 10 : vpn) & setMask;
        int base = set * ways;
        int i = -1;
        for (int w = base; w < base + ways; w++) if (tag[w] == -1) { i = w; break; }
        if (i < 0) {
            i = base + victim(base);
            evictions++;
            remove(i);
        }
        int m = mega ? VPN_4M : VPN_4K;
        tag[i] = vpn & m;
        vmask[i] = m;
        space[i] = key | (global ? GLOBAL : 0) | (mega ? MEGA : 0);
        ppn[i] = mega ? pageNumber & ~0x3ff : pageNumber;
        perm[i] = permissions;
        stamp[i] = ++clock;
        if (mega) megapages++;
        return i;
    }

    private int victim(int base) {
        if (replacement == TlbConfig.Replacement.RANDOM) return (int) (nextRandom() >>> 40) & (ways - 1);
        int best = 0;
        for (int w = 1; w < ways; w++) if (stamp[base + w] < stamp[base + best]) best = w;
        return best;
    }

    /** xorshift64: a fixed, documented generator, so a seed gives the same victims everywhere. */
    private long nextRandom() {
        long x = random;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        return random = x;
    }

    /** Invalidates entry {@code i} (if valid). */
    void remove(int i) {
        if (tag[i] == -1) return;
        if ((space[i] & MEGA) != 0) megapages--;
        tag[i] = -1;
        if (latched == i) latched = -1;
        epoch++;
    }

    /**
     * Removes the valid entries whose space word matches {@code spaceValue} under
     * {@code spaceMask} and, when asked, that map {@code vpn} and/or belong to the
     * non-global space {@code asid}; counts them. Returns how many.
     */
    int flush(int spaceMask, int spaceValue, boolean byVpn, int vpn, boolean byAsid, int asid) {
        int n = 0;
        for (int i = 0; i < tag.length; i++) {
            if (tag[i] == -1 || (space[i] & spaceMask) != spaceValue) continue;
            if (byVpn && (vpn & vmask[i]) != tag[i]) continue;
            if (byAsid && ((space[i] & GLOBAL) != 0 || (space[i] & ASID_MASK) != (asid & ASID_MASK))) continue;
            remove(i);
            n++;
        }
        entriesFlushed += n;
        return n;
    }

    // ---------------------------------------------------------------- one address space's entries

    /** A saved entry's page, apart from the host: from its space's number, its virtual page and its frame; -1 to leave it out. */
    @FunctionalInterface
    public interface PageOf { int page(int space, int vpn, int ppn); }

    /** Ints per entry in {@link #entriesOf}: slot, tag, vmask, the rest of the space word, space number, page, perm. */
    static final int SAVED = 7;

    /**
     * The entries of the address spaces {@code spaceOf} numbers (0, 1, ...; -1 for
     * the others) by their space word's {@code spaceBits}, apart from the host: slot, tag,
     * vmask, the rest of the space word (MEGA for a 4 MiB entry), the
     * space's number, the page {@code page} gives for the virtual page and the frame (a 4 MiB
     * entry's first; entries it gives -1 are left out), the flags; oldest use first, so that putting them
     * back in this order keeps their LRU order.
     */
    int[] entriesOf(int spaceBits, java.util.function.IntUnaryOperator spaceOf, PageOf page) {
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < tag.length; i++)
            if (tag[i] != -1 && spaceOf.applyAsInt(space[i] & spaceBits) >= 0
                    && page.page(spaceOf.applyAsInt(space[i] & spaceBits), tag[i], ppn[i]) >= 0) slots.add(i);
        slots.sort((a, b) -> Long.compare(stamp[a], stamp[b]));
        int[] out = new int[slots.size() * SAVED];
        int k = 0;
        for (int i : slots) {
            out[k++] = i; out[k++] = tag[i]; out[k++] = vmask[i]; out[k++] = space[i] & ~spaceBits;
            int n = spaceOf.applyAsInt(space[i] & spaceBits);
            out[k++] = n; out[k++] = page.page(n, tag[i], ppn[i]); out[k++] = perm[i];
        }
        return out;
    }

    /**
     * Puts back entries saved by {@link #entriesOf} in their slots, in the address spaces
     * {@code spaceOf} gives for their numbers (the same {@code spaceBits}; -1: left out), on the frames {@code frame}
     * gives (-1: left out) or, for a 4 MiB entry, on the aligned 1024 frames from the one
     * {@code megaFrame} gives (-1: left out), each the most recent use of its set in the saved order; a slot
     * another space holds now keeps its entry. Counts nothing.
     */
    void putEntries(int[] saved, int spaceBits, java.util.function.IntUnaryOperator spaceOf, java.util.function.IntUnaryOperator frame,
                    java.util.function.IntUnaryOperator megaFrame) {
        for (int k = 0; k + SAVED <= saved.length; k += SAVED) {
            boolean mega = (saved[k + 3] & MEGA) != 0;
            int i = saved[k], space = spaceOf.applyAsInt(saved[k + 4]);
            int mpn = (mega ? megaFrame : frame).applyAsInt(saved[k + 5]);
            int set = (mega ? saved[k + 1] >>> 10 : saved[k + 1]) & setMask;
            if (i < 0 || i >= tag.length || tag[i] != -1 || space < 0 || mpn < 0 || set != i / ways) continue;
            if (mega && ((mpn & 0x3ff) != 0 || saved[k + 2] != VPN_4M)) continue;
            tag[i] = saved[k + 1];
            vmask[i] = saved[k + 2];
            this.space[i] = saved[k + 3] & ~spaceBits | space & spaceBits;
            ppn[i] = mpn;
            perm[i] = saved[k + 6];
            stamp[i] = ++clock;
            if (mega) megapages++;
        }
    }

    // ---------------------------------------------------------------- state

    /**
     * Entries, their LRU order, the random generator, the latch, the epoch and the counters.
     * Only the order of the stamps matters (a victim is the least recent way of its set), so
     * they are saved as ranks: 1 for the least recently used valid entry, up to the clock;
     * two runs that used the TLB alike save the same bytes however their stamps were counted.
     */
    @Override
    public void save(StateOut out) {
        out.putInts(tag).putInts(vmask).putInts(space).putInts(ppn).putInts(perm);
        long[] ranks = new long[stamp.length], valid = new long[stamp.length];
        int n = 0;
        for (int i = 0; i < tag.length; i++) if (tag[i] != -1) valid[n++] = stamp[i];
        java.util.Arrays.sort(valid, 0, n);
        int distinct = 0;
        for (int i = 0; i < n; i++) if (distinct == 0 || valid[i] != valid[distinct - 1]) valid[distinct++] = valid[i];
        for (int i = 0; i < tag.length; i++) if (tag[i] != -1) ranks[i] = java.util.Arrays.binarySearch(valid, 0, distinct, stamp[i]) + 1;
        out.putLongs(ranks);
        out.putLong(random).putLong(distinct).putInt(megapages).putInt(epoch).putInt(latched);
        out.putLong(lookups).putLong(misses).putLong(walkReferences).putLong(adUpdates).putLong(flushes)
           .putLong(entriesFlushed).putLong(evictions);
    }

    @Override
    public void restore(StateIn in) {
        in.getInts(tag);
        in.getInts(vmask);
        in.getInts(space);
        in.getInts(ppn);
        in.getInts(perm);
        in.getLongs(stamp);
        random = in.getLong();
        clock = in.getLong();
        megapages = in.getInt();
        epoch = in.getInt();
        latched = in.getInt();
        lookups = in.getLong();
        misses = in.getLong();
        walkReferences = in.getLong();
        adUpdates = in.getLong();
        flushes = in.getLong();
        entriesFlushed = in.getLong();
        evictions = in.getLong();
    }

    // ---------------------------------------------------------------- views

    public String name() { return name; }

    public int epoch() { return epoch; }

    public TlbStats stats() {
        return new TlbStats(lookups, lookups - misses, misses, walkReferences, adUpdates, flushes, entriesFlushed, evictions);
    }

    public void resetStats() {
        lookups = misses = walkReferences = adUpdates = flushes = entriesFlushed = evictions = 0;
    }

    /** How many entries are valid. */
    public int size() {
        int n = 0;
        for (int t : tag) if (t != -1) n++;
        return n;
    }

    /** The valid entries, by set and way. */
    public List<TlbEntry> entries() {
        List<TlbEntry> list = new ArrayList<>();
        for (int i = 0; i < tag.length; i++) {
            if (tag[i] == -1) continue;
            int s = space[i];
            boolean mega = (s & MEGA) != 0;
            list.add(new TlbEntry(name, i / ways, i % ways, tag[i] << 12, (long) ppn[i] << 12,
                    mega ? 1L << 22 : 1L << 12, (s & GLOBAL) != 0, (s & VIRT) != 0, s & ASID_MASK,
                    (s & VMID_MASK) >>> VMID_SHIFT, perm[i]));
        }
        return list;
    }

    /** "set 3 way 1" for entry {@code i}. */
    String where(int i) { return name + "-TLB set " + i / ways + " way " + i % ways; }
}
