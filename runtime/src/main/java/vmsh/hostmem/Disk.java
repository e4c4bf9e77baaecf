package vmsh.hostmem;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * One VM's disk: a shared base {@link DiskImage} under a private overlay of the blocks this
 * VM wrote (copy-on-write at block granularity, as Disco's disks).
 *
 * <p>Disco's disk sharing: a block read from the base image into a guest page becomes a
 * shared, copy-on-write page of host memory, registered by its content hash; another VM that
 * reads the same block gets the same machine frame (and a VM's first write to the page breaks
 * the sharing as any copy-on-write does). A block of the overlay is this VM's alone and is
 * copied into a private page.
 */
public final class Disk implements vmsh.state.Stateful {
    private final DiskImage image;
    private final Map<Integer, int[]> overlay = new TreeMap<>();
    private long reads, sharedReads, writes;

    public Disk(DiskImage image) { this.image = image; }

    public DiskImage image() { return image; }

    public int blocks() { return image.blocks(); }

    /**
     * Reads block {@code block} into guest page {@code gpn} of {@code pmap}, sharing the
     * frame of a VM that read the same base block; returns the frame now backing the page.
     */
    public int read(int block, Pmap pmap, int gpn) {
        image.check(block);
        reads++;
        int[] own = overlay.get(block);
        int[] words = own != null ? own : image.read(block);
        MachineMemory frames = pmap.host().frames();
        int mpn = pmap.overwrite(gpn);   // private now: the page is replaced whole
        if (own == null) {
            long hash = PageHash.of(words);
            int shared = pmap.host().sharedFrames().lookup(hash);
            if (shared >= 0 && Arrays.equals(frames.words(shared), words)) {
                pmap.share(gpn, shared);
                sharedReads++;
                return shared;
            }
            System.arraycopy(words, 0, frames.words(mpn), 0, words.length);
            if (shared < 0) return pmap.makeShared(gpn, hash);   // the buffer the next reader shares
            return mpn;
        }
        System.arraycopy(words, 0, frames.words(mpn), 0, words.length);
        return mpn;
    }

    /** Writes guest page {@code gpn} of {@code pmap} to block {@code block}: into this disk's overlay. */
    public void write(int block, Pmap pmap, int gpn) {
        image.check(block);
        writes++;
        int mpn = pmap.touch(gpn, false);
        overlay.put(block, frames(pmap).words(mpn).clone());
    }

    private static MachineMemory frames(Pmap pmap) { return pmap.host().frames(); }

    /** The overlay's blocks (number and words, ascending) and the counters; the base image is the host's. */
    @Override public void save(vmsh.state.StateOut out) {
        out.putInt(overlay.size());
        overlay.forEach((block, words) -> out.putInt(block).putInts(words));
        out.putLong(reads).putLong(sharedReads).putLong(writes);
    }

    @Override public void restore(vmsh.state.StateIn in) {
        overlay.clear();
        for (int n = in.getInt(); n > 0; n--) {
            int block = in.getInt();
            int[] words = in.getInts();
            if (block < 0 || block >= image.blocks() || words == null || words.length != MachineMemory.WORDS)
                throw new vmsh.state.StateException("state section 'disk': a bad block of disk image '" + image.name() + "'");
            overlay.put(block, words);
        }
        reads = in.getLong();
        sharedReads = in.getLong();
        writes = in.getLong();
    }

    public DiskStats stats() { return new DiskStats(image.name(), image.blocks(), reads, sharedReads, writes, overlay.size()); }
}
