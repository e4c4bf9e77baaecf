package vmsh.cpu;

import vmsh.mem.Bus;
import vmsh.mem.Ram;

/**
 * The decoded instructions of RAM, one {@link DecodedPage} per physical frame that has held
 * code (decoded slot by slot on first execution), and the fast loop's store paths: the
 * frames a store may write directly, and the decoded slots a store into code resets inline.
 * Keyed by physical frame, so two virtual aliases of one code page share their slots and a
 * store through either resets them.
 */
final class DecodedCode {
    final int ramFrames;
    /** RAM's frames (null until allocated). */
    final int[][] frames;
    /** The frames stores may write directly: allocated, no decoded code, not watched, not shared. */
    final int[][] storeFrames;
    /**
     * The decoded slots of the frames with code that stores may reach inline (they reset the
     * slot they hit); not of frames with translated code (a store there leaves the fast path
     * to drop the blocks it hits).
     */
    final int[][] codeSlots;
    final DecodedPage[] pages;
    /** Counts flushes: a debugger call that changes it has disturbed the run. */
    int flushes;
    /** Changes whenever a translated block may have been dropped: links between blocks made before are stale. */
    int blockEpoch;
    /** Changes whenever an entry of {@link #storeFrames} changes (the data page caches keep what they held). */
    int storePathEpoch;

    private final Ram ram;
    private final Bus bus;

    DecodedCode(Ram ram, Bus bus) {
        this.ram = ram;
        this.bus = bus;
        this.ramFrames = ram.frameSlots();
        this.frames = ram.frames();
        this.storeFrames = new int[ramFrames][];
        this.codeSlots = new int[ramFrames][];
        this.pages = new DecodedPage[ramFrames];
    }

    /** Gives RAM frame {@code frame} a decoded page (nothing decoded yet) if it has none. */
    void prepare(int frame) {
        if (pages[frame] != null) return;
        pages[frame] = new DecodedPage();
        ram.allocate(frame);
        refreshStorePath(frame);   // stores into it now reset the slots they hit
    }

    /** Drops every decoded page (fence.i, breakpoint changes). */
    void flush() {
        flushes++;
        blockEpoch++;
        for (int f = 0; f < ramFrames; f++) {
            if (pages[f] == null) continue;
            pages[f] = null;
            refreshStorePath(f);
        }
    }

    /** Forgets the decoded code of frame {@code frame}; true when it had some. */
    boolean forget(int frame) {
        if (frame < 0 || frame >= ramFrames) throw new IllegalArgumentException("RAM frame " + frame + " outside 0.." + (ramFrames - 1));
        flushes++;
        blockEpoch++;
        boolean had = pages[frame] != null;
        pages[frame] = null;
        refreshStorePath(frame);
        return had;
    }

    /** Forgets the decoded instruction at physical address {@code pa}, if any. */
    void invalidate(int pa) {
        if (!ram.contains(pa)) return;
        int off = pa - ram.base();
        invalidate(pages[off >>> Ram.FRAME_SHIFT], off);
    }

    /**
     * A store off the fast path wrote RAM at offset {@code off}: the slot it hit decodes
     * again, and the frame gets its fast store path back once nothing watches it.
     */
    void stored(int off, boolean watched) {
        int frame = off >>> Ram.FRAME_SHIFT;
        invalidate(pages[frame], off);
        if (!watched && storeFrames[frame] == null && codeSlots[frame] == null) refreshStorePath(frame);
    }

    private void invalidate(DecodedPage p, int off) {
        if (p == null) return;
        if (p.blocks != null) blockEpoch++;
        p.invalidate(off & (Ram.FRAME_SIZE - 1));
    }

    /** Re-evaluates the fast store path of every frame (after watchers change, or a snapshot shared the frames). */
    void refreshStorePaths() {
        for (int f = 0; f < ramFrames; f++) refreshStorePath(f);
    }

    /** Re-evaluates the fast store path of the frames a snapshot just shared, by number (the others did not change). */
    void refreshStorePaths(int[] shared) {
        for (int f : shared) refreshStorePath(f);
    }

    /**
     * The fast loop may store into frame {@code f} directly unless a watcher sees its stores
     * or a snapshot shares it (the slow path copies it first); with decoded code, it resets
     * the slot it hits; with translated code, it leaves the fast path.
     */
    void refreshStorePath(int f) {
        boolean direct = !ram.shared(f) && !bus.watched(f);
        int[] store = direct && pages[f] == null ? frames[f] : null;
        if (storeFrames[f] != store) storePathEpoch++;
        storeFrames[f] = store;
        codeSlots[f] = direct && pages[f] != null && pages[f].blocks == null ? pages[f].slots : null;
    }
}
