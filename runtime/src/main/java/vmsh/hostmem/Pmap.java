package vmsh.hostmem;

import static vmsh.hostmem.PageState.BALLOONED;
import static vmsh.hostmem.PageState.PRIVATE;
import static vmsh.hostmem.PageState.SHARED;
import static vmsh.hostmem.PageState.SWAPPED;
import static vmsh.hostmem.PageState.UNBACKED;
import static vmsh.hostmem.PageState.ZERO;

import java.util.ArrayList;
import java.util.List;
import vmsh.state.StateIn;
import vmsh.state.StateOut;
import vmsh.state.Stateful;

/**
 * One VM's pmap: guest page number (gpn) to machine frame (mpn), with each page's state
 * (see {@link PageState}). The hypervisor translates guest accesses through it and calls
 * {@link #touch} when a guest access finds no usable translation; the memory scheduler
 * changes pages underneath (sharing, ballooning, swapping, sampling). Every change is
 * reported to the listeners, synchronously.
 *
 * <p>First touch: a read of an UNBACKED page maps the host's zero frame read-only (state
 * ZERO, no frame spent, as an OS maps fresh anonymous memory); a write allocates a private
 * zeroed frame. A write to a ZERO or SHARED page breaks copy-on-write; when the writer is a
 * shared frame's only sharer, the frame simply becomes private again (no copy).
 *
 * <p>Storage is sparse: entries live in chunks of 1024 allocated on first use, so a 1 GiB VM
 * that touches 1 MiB holds one 4 KiB chunk (a VM of fewer pages, one chunk of its size).
 *
 * <p>With {@link #useSuperpages} the pmap allocates by reservation ({@link Superpages}): a
 * page's private frame is its own frame of its 4 MiB region's extent, reads of untouched
 * pages get one too (so that regions fill), and a region whose pages are all private in
 * place is promoted ({@link PageEvent#PROMOTE}) until one leaves ({@link PageEvent#DEMOTE}).
 * The activity sampler then sees a promoted region as one page: a touch anywhere in it
 * counts for every page of it that is watched, as a hypervisor that maps it with one entry
 * can only tell.
 */
public final class Pmap implements Stateful {
    /*
     * One entry per guest page:
     *
     *  31   29 28 27 26 25                         0
     * +-------+--+--+--+----------------------------+
     * | state |W |R |Z | mpn, or swap slot if SWAPPED|
     * +-------+--+--+--+----------------------------+
     *  state  PageState ordinal (UNBACKED = 0, so a zero entry is an untouched page)
     *  W      watched by the activity sampler: its next touch is counted
     *  R      swapped in by a read and not written since: a double-paging candidate
     *  Z      ZERO because the sharing scanner found it all zeros (not a first read): a
     *         write breaks sharing, as a write to a SHARED page does
     */
    private static final int STATE_SHIFT = 29, WATCHED = 1 << 28, READ_SWAP_IN = 1 << 27, SCANNED_ZERO = 1 << 26,
            NUMBER = (1 << 26) - 1;
    private static final int CHUNK_SHIFT = 10, CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;

    private final HostMemory host;
    private final MachineMemory frames;
    private final String name;
    private final int pages;
    private final int[][] chunks;
    /** Each chunk as it was last saved (null: changed since): a snapshot holds an unchanged chunk's bytes again. */
    private final byte[][] savedChunks;
    private final int[] stateCounts = new int[PageState.ALL.length];
    private final long[] eventCounts = new long[PageEvent.ALL.length];
    private final List<PmapListener> listeners = new ArrayList<>();
    private boolean released;
    /** Dirty logging: the pages written since the log was last taken (null: not logging). */
    private java.util.BitSet written;
    private Superpages superpages;
    /** The guest sees the machine frames (pv direct paging): they must not change underneath it. */
    private boolean pinned;
    private java.util.function.IntUnaryOperator placement;
    /** Post-copy migration: the pages whose contents are still on another host (null: none). */
    private java.util.BitSet missing;

    Pmap(HostMemory host, String name, int pages) {
        if (pages <= 0 || pages > NUMBER)
            throw new IllegalArgumentException("VM '" + name + "': " + pages + " pages is not a valid guest memory size");
        this.host = host;
        this.frames = host.frames();
        this.name = name;
        this.pages = pages;
        this.chunks = new int[(pages + CHUNK_MASK) >>> CHUNK_SHIFT][];
        this.savedChunks = new byte[chunks.length][];
        stateCounts[UNBACKED.ordinal()] = pages;
    }

    public String name() { return name; }

    /** Entries of a chunk: 1024, or all the pages of a smaller VM (a tiny VM's page map is as small as it). */
    private int chunkLength() { return Math.min(1 << CHUNK_SHIFT, pages); }

    /** Guest-physical pages (the VM's memory size / 4096). */
    public int pages() { return pages; }

    /**
     * Pins the pmap: the guest knows its machine frames (a paravirtual guest's page tables
     * hold them), so the memory scheduler must not move its pages: no sharing, no hypervisor
     * swapping, no sampling (pinned pages count as active). Ballooning, which the guest
     * asks for, still works.
     */
    public void pin() { pinned = true; }

    public boolean pinned() { return pinned; }

    public HostMemory host() { return host; }

    public void addListener(PmapListener l) { listeners.add(l); }

    /** Allocates by superpage reservation from now on; only before any page is backed. */
    public void useSuperpages() {
        if (count(UNBACKED) != pages) throw new IllegalStateException("VM '" + name + "' has pages already: superpages must be chosen before its first touch");
        if (superpages == null) superpages = new Superpages(this);
    }

    /** The pmap's superpages, or null when it allocates page by page. */
    public Superpages superpages() { return superpages; }

    /** True when the page lies in a promoted 4 MiB region (see {@link Superpages}). */
    public boolean promoted(int gpn) { return superpages != null && superpages.promotedPage(gpn); }

    // ---- queries ----

    public PageState state(int gpn) { return stateOf(raw(gpn)); }

    /** The machine frame backing the page, or -1 when it has none. */
    public int mpn(int gpn) {
        int e = raw(gpn);
        return stateOf(e).mapped() ? e & NUMBER : -1;
    }

    /**
     * True when the page may be mapped writable: only PRIVATE pages, and while writes are
     * logged only those already written since the log was last taken.
     */
    public boolean writable(int gpn) { return state(gpn).writable() && (written == null || written.get(gpn)); }

    /**
     * True when a write to the page breaks sharing the scanner made: the page is SHARED, or
     * ZERO because the scanner found it all zeros (a page merely read while untouched is not).
     */
    public boolean sharedByScanner(int gpn) {
        int e = raw(gpn);
        return stateOf(e) == SHARED || stateOf(e) == ZERO && (e & SCANNED_ZERO) != 0;
    }

    /** True while the sampler waits for the page's next touch. */
    public boolean watched(int gpn) { return (raw(gpn) & WATCHED) != 0; }

    /** Pages now in state {@code s}. */
    public int count(PageState s) { return stateCounts[s.ordinal()]; }

    /** How often {@code e} happened to this VM's pages. */
    public long count(PageEvent e) { return eventCounts[e.ordinal()]; }

    /** Pages that hold a frame charged to this VM: private and shared (the zero frame is free). */
    public int resident() { return count(PRIVATE) + count(SHARED); }

    public PmapEntry entry(int gpn) {
        int e = raw(gpn);
        PageState s = stateOf(e);
        int mpn = s.mapped() ? e & NUMBER : -1;
        int sharers = s == SHARED ? frames.refs(mpn) : s == ZERO ? host.zeroMappings() : s == PRIVATE ? 1 : 0;
        return new PmapEntry(gpn, s, mpn, s == SWAPPED ? e & NUMBER : -1, sharers);
    }

    /** Every page that is not UNBACKED, in gpn order. */
    public List<PmapEntry> entries() {
        List<PmapEntry> rows = new ArrayList<>();
        for (int g = next(0); g >= 0; g = next(g + 1)) rows.add(entry(g));
        return rows;
    }

    /** Every page's state as its {@link PageState} ordinal, in gpn order (for heat maps). */
    public byte[] stateOrdinals() {
        byte[] out = new byte[pages];
        for (int g = next(0); g >= 0; g = next(g + 1)) out[g] = (byte) (raw(g) >>> STATE_SHIFT);
        return out;
    }

    /** The first page at or after {@code from} in state {@code s}, or -1. */
    public int next(PageState s, int from) {
        for (int g = Math.max(0, from); g < pages; g++) {
            int[] c = chunks[g >>> CHUNK_SHIFT];
            if (c == null) {
                if (s == UNBACKED) return g;
                g |= CHUNK_MASK;
                continue;
            }
            if (stateOf(c[g & CHUNK_MASK]) == s) return g;
        }
        return -1;
    }

    /** The first page at or after {@code from} that is not UNBACKED, or -1. */
    private int next(int from) {
        for (int g = from; g < pages; g++) {
            int[] c = chunks[g >>> CHUNK_SHIFT];
            if (c == null) { g |= CHUNK_MASK; continue; }
            if (c[g & CHUNK_MASK] >>> STATE_SHIFT != 0) return g;
        }
        return -1;
    }

    /** Bytes of host memory the pmap's own entries take. */
    public long entryBytes() {
        long n = 0;
        for (int[] c : chunks) if (c != null) n += 4L * c.length;
        return n;
    }

    // ---- the guest's accesses ----

    /**
     * A guest access to the page, from the hypervisor (on a fault with no usable
     * translation) or from the VMM's own accesses to guest memory. Makes the page mapped
     * (and private, when {@code write}) and returns its machine frame.
     */
    public int touch(int gpn, boolean write) {
        if (missing != null && missing.get(gpn)) throw new MissingPageException(name, gpn);
        if (write && written != null && !written.get(gpn)) logWrite(gpn);
        if (superpages != null && superpages.promotedPage(gpn)) touchRegion(Superpages.region(gpn));
        int e = raw(gpn);
        if ((e & WATCHED) != 0) {
            e &= ~WATCHED;
            put(gpn, e);
            report(gpn, PageEvent.SAMPLE_TOUCH, stateOf(e), stateOf(e), e, e);
        }
        int number = e & NUMBER;
        return switch (stateOf(e)) {
            case PRIVATE -> {
                if (write && (e & READ_SWAP_IN) != 0) put(gpn, e & ~READ_SWAP_IN);
                yield number;
            }
            case SHARED -> write ? breakSharing(gpn, e) : number;
            case ZERO -> write ? backPrivately(gpn, e, PageEvent.ZERO_BREAK) : number;
            case UNBACKED -> write ? backPrivately(gpn, e, PageEvent.FIRST_TOUCH) : backRead(gpn, e, PageEvent.ZERO_MAP, PageEvent.FIRST_TOUCH);
            case BALLOONED -> write ? backPrivately(gpn, e, PageEvent.BALLOON_TOUCH) : backRead(gpn, e, PageEvent.BALLOON_TOUCH, PageEvent.BALLOON_TOUCH);
            case SWAPPED -> swapIn(gpn, e, write);
        };
    }

    /**
     * A write that replaces the whole page (device DMA, a page copied in by the VMM).
     * When the page was swapped in for a read and not written since, its old contents are
     * thrown away unused: {@link PageEvent#DOUBLE_PAGING}.
     */
    public int overwrite(int gpn) {
        if (missing != null) arrived(gpn);   // replaced whole: what the other host has no longer matters
        int e = raw(gpn);
        if ((e & READ_SWAP_IN) != 0) {
            put(gpn, e & ~READ_SWAP_IN);
            report(gpn, PageEvent.DOUBLE_PAGING, stateOf(e), stateOf(e), e, e);
        }
        return touch(gpn, true);
    }

    private int backPrivately(int gpn, int e, PageEvent why) {
        int mpn = allocatePrivate(gpn);
        dropBacking(e);
        return change(gpn, e, PRIVATE, mpn, why);
    }

    /**
     * A read of a page with no contents: the zero frame, or, when the page belongs to a
     * superpage reservation, its own frame (zeroed) so that the region can fill.
     */
    private int backRead(int gpn, int e, PageEvent zero, PageEvent own) {
        int mpn = superpages == null ? -1 : superpages.allocateInPlace(gpn, nodeFor(gpn));
        if (mpn < 0) return mapZeroFrame(gpn, e, zero);
        dropBacking(e);
        return change(gpn, e, PRIVATE, mpn, own);
    }

    /** A zeroed private frame for the page: its own frame of a superpage reservation when it has one, else the lowest free. */
    private int allocatePrivate(int gpn) {
        if (superpages == null) return host.allocate(FrameUse.PRIVATE, placement == null ? -1 : placement.applyAsInt(gpn));
        int mpn = superpages.allocateInPlace(gpn, nodeFor(gpn));
        return mpn >= 0 ? mpn : host.allocate(FrameUse.PRIVATE, nodeFor(gpn));
    }

    /** The NUMA node a new frame of guest page {@code gpn} should come from: the placement's, else the running vCPU's. */
    private int nodeFor(int gpn) { return placement == null ? host.currentNode() : placement.applyAsInt(gpn); }

    /**
     * Places new frames of this pmap's pages by {@code nodeOfPage} (guest page number to
     * NUMA node); null: the lowest free frame (the running vCPU's node for superpage extents).
     */
    public void setPlacement(java.util.function.IntUnaryOperator nodeOfPage) { this.placement = nodeOfPage; }

    /**
     * Disco's migration: moves private page {@code gpn} to a fresh frame of NUMA node
     * {@code node} (contents copied, the old frame freed) and reports {@link
     * PageEvent#MIGRATE}. Returns the new frame, or -1 when the page is not private, belongs
     * to a superpage reservation (its frame is its extent's), or {@code node} has no free frame.
     */
    public int migrate(int gpn, int node) {
        int e = raw(gpn);
        if (stateOf(e) != PRIVATE || superpages != null) return -1;
        int mpn = frames.tryAllocate(FrameUse.PRIVATE, node);
        if (mpn < 0) return -1;
        if (frames.node(mpn) != node) {
            frames.free(mpn);
            return -1;
        }
        frames.copy(e & NUMBER, mpn);
        frames.free(e & NUMBER);
        return change(gpn, e, PRIVATE, mpn, PageEvent.MIGRATE);
    }

    /** A page of promoted region {@code r} was touched: the sampler's watched pages there all count as touched. */
    private void touchRegion(int r) {
        if (superpages.watchedIn(r) == 0) return;
        for (int g = Superpages.firstPage(r); g < Superpages.firstPage(r) + Superpages.PAGES; g++) {
            int e = raw(g);
            if ((e & WATCHED) == 0) continue;
            put(g, e & ~WATCHED);
            report(g, PageEvent.SAMPLE_TOUCH, stateOf(e), stateOf(e), e, e & ~WATCHED);
        }
    }

    private int mapZeroFrame(int gpn, int e, PageEvent why) {
        int zero = host.retainZeroFrame();
        return change(gpn, e, ZERO, zero, why);
    }

    private int breakSharing(int gpn, int e) {
        int shared = e & NUMBER;
        if (frames.refs(shared) == 1) {      // the last sharer keeps the frame
            host.sharedFrames().remove(shared);
            frames.setUse(shared, FrameUse.PRIVATE);
            return change(gpn, e, PRIVATE, shared, PageEvent.COW_BREAK);
        }
        int copy = allocatePrivate(gpn);
        frames.copy(shared, copy);
        frames.release(shared);
        return change(gpn, e, PRIVATE, copy, PageEvent.COW_BREAK);
    }

    private int swapIn(int gpn, int e, boolean write) {
        int mpn = allocatePrivate(gpn);
        int slot = e & NUMBER;
        host.swap().read(slot, frames.words(mpn));
        host.swap().discard(slot);
        change(gpn, e, PRIVATE, mpn, PageEvent.SWAP_IN);
        if (!write) put(gpn, raw(gpn) | READ_SWAP_IN);
        return mpn;
    }

    // ---- the memory scheduler's changes ----

    /** Backs a PRIVATE page by an existing shared frame (same contents, checked by the caller); frees its own frame. */
    public void share(int gpn, int sharedMpn) {
        int e = expect(gpn, PRIVATE);
        if (frames.use(sharedMpn) != FrameUse.SHARED)
            throw new IllegalArgumentException("machine frame " + sharedMpn + " is not shared");
        frames.retain(sharedMpn);
        frames.free(e & NUMBER);
        change(gpn, e, SHARED, sharedMpn, PageEvent.SHARE);
    }

    /** Turns a PRIVATE page's own frame into a shared frame (its first sharer) under {@code hash}. */
    public int makeShared(int gpn, long hash) {
        int e = expect(gpn, PRIVATE);
        int mpn = e & NUMBER;
        frames.setUse(mpn, FrameUse.SHARED);
        host.sharedFrames().add(hash, mpn);
        change(gpn, e, SHARED, mpn, PageEvent.SHARE);
        return mpn;
    }

    /** Maps a PRIVATE page whose contents are all zeros to the zero frame; frees its own frame. */
    public void shareZero(int gpn) {
        int e = expect(gpn, PRIVATE);
        int zero = host.retainZeroFrame();
        frames.free(e & NUMBER);
        change(gpn, e, ZERO, zero, PageEvent.ZERO_SHARE);
        put(gpn, raw(gpn) | SCANNED_ZERO);
    }

    /** Writes a PRIVATE page to the swap device and frees its frame; false when the device is full. */
    public boolean swapOut(int gpn) {
        if (pinned) return false;
        int e = expect(gpn, PRIVATE);
        int slot = host.swap().write(frames.contents(e & NUMBER));
        if (slot < 0) return false;
        frames.free(e & NUMBER);
        change(gpn, e, SWAPPED, slot, PageEvent.SWAP_OUT);
        return true;
    }

    /** The balloon driver gave the page up: its frame or swap slot is freed, its contents lost. */
    public void balloon(int gpn) {
        if (written != null) written.set(gpn);
        if (missing != null) arrived(gpn);
        int e = raw(gpn);
        if (stateOf(e) == BALLOONED) throw new IllegalStateException("VM '" + name + "' page " + gpn + " is already ballooned");
        dropBacking(e);
        change(gpn, e, BALLOONED, 0, PageEvent.BALLOON_INFLATE);
        if ((e & READ_SWAP_IN) != 0) report(gpn, PageEvent.DOUBLE_PAGING, BALLOONED, BALLOONED, 0, 0);
    }

    /** The balloon driver took the page back: it is UNBACKED, zero-filled on its next touch. */
    public void unballoon(int gpn) {
        if (written != null) written.set(gpn);
        int e = expect(gpn, BALLOONED);
        change(gpn, e, UNBACKED, 0, PageEvent.BALLOON_DEFLATE);
    }

    /** Starts watching the page for the activity sampler; listeners drop its translations. */
    public void watch(int gpn) {
        if (pinned) return;
        int e = raw(gpn) | WATCHED;
        put(gpn, e);
        report(gpn, PageEvent.SAMPLE, stateOf(e), stateOf(e), e, e);
    }

    /** Frees every frame and swap slot (the VM is gone). */
    public void release() {
        if (released) return;
        for (int g = next(0); g >= 0; g = next(g + 1)) {
            dropBacking(raw(g));
            put(g, 0);
        }
        if (superpages != null) superpages.release();
        released = true;
        host.forget(this);
    }

    // ---- clones ----

    /**
     * Makes this untouched pmap a copy-on-write copy of {@code source}: every mapped page of
     * the source is shared by both (a private page becomes a shared frame first, or joins
     * the shared frame that has its contents), a swapped page comes back here as a private
     * copy, a ballooned page stays ballooned.
     */
    public void cloneFrom(Pmap source) {
        if (source.pages != pages) throw new IllegalArgumentException("VM '" + name + "' has " + pages + " pages, '" + source.name + "' " + source.pages);
        if (count(UNBACKED) != pages) throw new IllegalStateException("VM '" + name + "' has pages already");
        for (int gpn = 0; gpn < pages; gpn++) {
            int e = source.raw(gpn);
            switch (stateOf(e)) {
                case UNBACKED -> { }
                case PRIVATE -> {
                    int shared = source.shareWithClone(gpn, e);
                    if (shared >= 0) {
                        frames.retain(shared);
                        change(gpn, 0, SHARED, shared, PageEvent.CLONE);
                    } else {
                        int copy = host.allocate(FrameUse.PRIVATE);
                        frames.copy(source.raw(gpn) & NUMBER, copy);
                        change(gpn, 0, PRIVATE, copy, PageEvent.CLONE);
                    }
                }
                case SHARED -> {
                    frames.retain(e & NUMBER);
                    change(gpn, 0, SHARED, e & NUMBER, PageEvent.CLONE);
                }
                case ZERO -> {
                    change(gpn, 0, ZERO, host.retainZeroFrame(), PageEvent.CLONE);
                    put(gpn, raw(gpn) | e & SCANNED_ZERO);
                }
                case SWAPPED -> {
                    int copy = host.allocate(FrameUse.PRIVATE);
                    host.swap().read(e & NUMBER, frames.words(copy));
                    change(gpn, 0, PRIVATE, copy, PageEvent.CLONE);
                }
                case BALLOONED -> change(gpn, 0, BALLOONED, 0, PageEvent.CLONE);
            }
        }
    }

    /**
     * Private page {@code gpn} becomes shared for a clone: backed by the shared frame with its
     * contents, or its own frame made shared. -1 when another shared frame has its hash but
     * not its contents (the clone then copies it).
     */
    private int shareWithClone(int gpn, int e) {
        int mpn = e & NUMBER;
        long hash = frames.hash(mpn);
        int existing = host.sharedFrames().lookup(hash);
        if (existing >= 0 && !frames.sameContents(existing, mpn)) return -1;
        if (existing >= 0) {
            frames.retain(existing);
            frames.free(mpn);
        } else {
            existing = mpn;
            frames.setUse(mpn, FrameUse.SHARED);
            host.sharedFrames().add(hash, mpn);
        }
        change(gpn, e, SHARED, existing, PageEvent.CLONE);
        return existing;
    }

    // ---- a VM's own snapshot ----

    /**
     * Gives the VM the memory of its own snapshot: every page goes back to untouched (its
     * frame, share or swap slot released: {@link PageEvent#RESTORE}), then each page of
     * {@code contents} gets a private frame holding its words and each of {@code ballooned}
     * goes to the balloon. Writes are logged as writes when they are being logged. A
     * superpage region this demotes and promotes again counts neither.
     */
    public void restoreContents(vmsh.state.FrameSet contents, java.util.BitSet ballooned) {
        if (contents.slots() != pages) throw new vmsh.state.StateException("the snapshot's VM has " + contents.slots() + " pages, VM '" + name + "' " + pages);
        if (ballooned.length() > pages) throw new vmsh.state.StateException("a ballooned page outside VM '" + name + "'");
        if (superpages != null) superpages.rewriting(() -> rewrite(contents, ballooned));
        else rewrite(contents, ballooned);
    }

    /** Every page unbacked, then the pages of {@code contents} on private frames, the ballooned ones in the balloon. */
    private void rewrite(vmsh.state.FrameSet contents, java.util.BitSet ballooned) {
        for (int g = next(0); g >= 0; g = next(g + 1)) {
            int e = raw(g);
            dropBacking(e);
            change(g, e, UNBACKED, 0, PageEvent.RESTORE);
        }
        for (int i = 0; i < contents.count(); i++) {
            int mpn = touch(contents.number(i), true);
            System.arraycopy(contents.frame(i), 0, frames.words(mpn), 0, MachineMemory.WORDS);
        }
        for (int g = ballooned.nextSetBit(0); g >= 0; g = ballooned.nextSetBit(g + 1)) balloon(g);
    }

    // ---- state ----

    /**
     * The touched chunks of entries (their index, then the 1024 entries), the counts,
     * released, pinned, the dirty log (the pages written since it was last taken, or none
     * when writes are not logged), the pages still on another host (post-copy) and the
     * superpage regions.
     */
    @Override
    public void save(StateOut out) {
        int n = 0;
        for (int[] c : chunks) if (c != null) n++;
        out.putInt(n);
        for (int i = 0; i < chunks.length; i++) {
            if (chunks[i] == null) continue;
            if (savedChunks[i] == null) savedChunks[i] = StateOut.encode(chunks[i]);
            out.putInt(i).putEncoded(savedChunks[i]);   // as putInts(chunks[i]) writes it
        }
        out.putInts(stateCounts).putLongs(eventCounts).putBoolean(released).putBoolean(pinned);
        out.putLongs(written == null ? null : written.toLongArray());
        out.putLongs(missing == null ? null : missing.toLongArray());
        out.putBoolean(superpages != null);
        if (superpages != null) superpages.save(out);
    }

    @Override
    public void restore(StateIn in) {
        java.util.Arrays.fill(chunks, null);
        java.util.Arrays.fill(savedChunks, null);
        int n = in.getInt();
        for (int k = 0; k < n; k++) {
            int i = in.getInt();
            if (i < 0 || i >= chunks.length) throw new vmsh.state.StateException("state section 'pmap': chunk " + i + " outside VM '" + name + "'");
            chunks[i] = in.getInts();
            if (chunks[i] == null || chunks[i].length != chunkLength()) throw new vmsh.state.StateException("state section 'pmap': a chunk of the wrong size");
        }
        in.getInts(stateCounts);
        in.getLongs(eventCounts);
        released = in.getBoolean();
        pinned = in.getBoolean();
        long[] log = in.getLongsAny();
        written = log == null ? null : java.util.BitSet.valueOf(log);
        long[] away = in.getLongsAny();
        missing = away == null ? null : java.util.BitSet.valueOf(away);
        if (in.getBoolean() != (superpages != null))
            throw new vmsh.state.StateException("state section 'pmap': VM '" + name + "' " + (superpages == null ? "has no" : "has") + " superpages here");
        if (superpages != null) superpages.restore(in);
    }

    // ---- dirty logging (live migration) ----

    /**
     * Starts logging writes: every page is read-only for the guest until it is written (each
     * PRIVATE page is reported as {@link PageEvent#WRITE_PROTECT}, so that translations drop
     * write access), and each first write is logged ({@link PageEvent#DIRTY} when the page
     * was PRIVATE) and makes the page writable again. Writes of the VMM and the balloon's
     * changes count as writes.
     */
    public void logWrites() {
        written = new java.util.BitSet(pages);
        protectAll(null);
    }

    /** True while writes are logged. */
    public boolean loggingWrites() { return written != null; }

    /** True when the next write to the page is logged: it is PRIVATE and not written since the log was last taken. */
    public boolean writeLogged(int gpn) { return written != null && !written.get(gpn) && state(gpn) == PRIVATE; }

    /** The pages written since logging began or the log was last taken; they are read-only again from now. */
    public java.util.BitSet takeWritten() {
        if (written == null) throw new IllegalStateException("VM '" + name + "': writes are not being logged");
        java.util.BitSet w = written;
        written = new java.util.BitSet(pages);
        protectAll(w);
        return w;
    }

    /** Stops logging writes (pages become writable again on their next write fault). */
    public void stopLoggingWrites() { written = null; }

    private void logWrite(int gpn) {
        written.set(gpn);
        int e = raw(gpn);
        if (stateOf(e) == PRIVATE) report(gpn, PageEvent.DIRTY, PRIVATE, PRIVATE, e, e);
    }

    /** Reports every PRIVATE page of {@code among} (all when null) as write-protected. */
    private void protectAll(java.util.BitSet among) {
        for (int g = among == null ? next(0) : among.nextSetBit(0); g >= 0 && g < pages;
             g = among == null ? next(g + 1) : among.nextSetBit(g + 1)) {
            int e = raw(g);
            if (stateOf(e) == PRIVATE) report(g, PageEvent.WRITE_PROTECT, PRIVATE, PRIVATE, e, e);
        }
    }

    // ---- missing pages (post-copy migration) ----

    /**
     * Marks {@code pages}, all UNBACKED, as missing: their contents are on another host.
     * Touching one throws {@link MissingPageException} until it {@link #arrived}; a
     * hypervisor retries the access once it has fetched the page.
     */
    public void expectPages(java.util.BitSet pages) {
        for (int g = pages.nextSetBit(0); g >= 0; g = pages.nextSetBit(g + 1))
            if (state(g) != UNBACKED) throw new IllegalStateException("VM '" + name + "' page " + g + " is " + state(g) + ", not UNBACKED");
        missing = pages.isEmpty() ? null : (java.util.BitSet) pages.clone();
    }

    /** True while page {@code gpn}'s contents are on another host. */
    public boolean missing(int gpn) { return missing != null && missing.get(gpn); }

    /** Pages still missing. */
    public int missingPages() { return missing == null ? 0 : missing.cardinality(); }

    /** Page {@code gpn} is missing no more (its contents are about to be written, or no longer matter). */
    public void arrived(int gpn) {
        if (missing == null) return;
        missing.clear(gpn);
        if (missing.isEmpty()) missing = null;
    }

    // ---- entries ----

    private int raw(int gpn) {
        if (gpn < 0 || gpn >= pages)
            throw new IllegalArgumentException("guest page " + gpn + " outside VM '" + name + "' (" + pages + " pages)");
        int[] c = chunks[gpn >>> CHUNK_SHIFT];
        return c == null ? 0 : c[gpn & CHUNK_MASK];
    }

    private void put(int gpn, int e) {
        int[] c = chunks[gpn >>> CHUNK_SHIFT];
        if (c == null) chunks[gpn >>> CHUNK_SHIFT] = c = new int[chunkLength()];
        savedChunks[gpn >>> CHUNK_SHIFT] = null;
        int i = gpn & CHUNK_MASK;
        stateCounts[c[i] >>> STATE_SHIFT]--;
        stateCounts[e >>> STATE_SHIFT]++;
        if (superpages != null && ((c[i] ^ e) & WATCHED) != 0) superpages.watchChanged(gpn, (e & WATCHED) != 0);
        c[i] = e;
    }

    /** Moves the page to {@code to} backed by {@code number} (keeping the watch), then reports. */
    private int change(int gpn, int old, PageState to, int number, PageEvent why) {
        int e = to.ordinal() << STATE_SHIFT | old & WATCHED | number;
        put(gpn, e);
        int resized = superpages == null ? 0 : superpages.changed(gpn, inPlace(gpn, old), inPlace(gpn, e));
        report(gpn, why, stateOf(old), to, old, e);
        if (resized != 0) regionResized(Superpages.region(gpn), resized > 0 ? PageEvent.PROMOTE : PageEvent.DEMOTE);
        return number;
    }

    /** True when the entry is a private page on its own frame of a superpage extent. */
    private boolean inPlace(int gpn, int e) { return stateOf(e) == PRIVATE && superpages.inPlace(gpn, e & NUMBER); }

    /** Tells the listeners that region {@code r} was promoted or demoted (reported on its first page, frames unchanged). */
    private void regionResized(int r, PageEvent why) {
        int first = Superpages.firstPage(r), frame = superpages.extentFrame(r);
        eventCounts[why.ordinal()]++;
        if (listeners.isEmpty()) return;
        PageChange c = new PageChange(this, first, why, PRIVATE, PRIVATE, frame, frame);
        for (PmapListener l : listeners) l.changed(c);
    }

    private void report(int gpn, PageEvent why, PageState from, PageState to, int oldEntry, int newEntry) {
        eventCounts[why.ordinal()]++;
        if (listeners.isEmpty()) return;
        PageChange c = new PageChange(this, gpn, why, from, to, frameOf(oldEntry), frameOf(newEntry));
        for (PmapListener l : listeners) l.changed(c);
    }

    /** Releases what backs the entry: its frame reference or its swap slot. */
    private void dropBacking(int e) {
        int number = e & NUMBER;
        switch (stateOf(e)) {
            case PRIVATE -> frames.free(number);
            case SHARED -> host.releaseShared(number);
            case ZERO -> host.releaseZeroFrame();
            case SWAPPED -> host.swap().discard(number);
            case UNBACKED, BALLOONED -> { }
        }
    }

    private int expect(int gpn, PageState s) {
        int e = raw(gpn);
        if (stateOf(e) != s)
            throw new IllegalStateException("VM '" + name + "' page " + gpn + " is " + stateOf(e) + ", not " + s);
        return e;
    }

    private static PageState stateOf(int e) { return PageState.ALL[e >>> STATE_SHIFT]; }

    private static int frameOf(int e) { return stateOf(e).mapped() ? e & NUMBER : -1; }
}
