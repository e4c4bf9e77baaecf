package vmsh.hostmem;

/**
 * A base disk image that VMs' disks share (Disco's copy-on-write disks): {@code blocks}
 * blocks of 4 KiB, one page each, read-only. Its contents are made from a seed (each word a
 * hash of seed, block and offset), so that an image of any size costs no memory until its
 * blocks are read.
 */
public final class DiskImage {
    public static final int BLOCK_SIZE = MachineMemory.PAGE_SIZE, MAX_BLOCKS = 1 << 20;

    private final String name;
    private final int blocks;
    private final long seed;

    public DiskImage(String name, int blocks, long seed) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a disk image needs a name");
        if (blocks < 1 || blocks > MAX_BLOCKS) throw new IllegalArgumentException("disk image '" + name + "': blocks " + blocks
                + " must be in 1.." + MAX_BLOCKS);
        this.name = name;
        this.blocks = blocks;
        this.seed = seed;
    }

    public String name() { return name; }

    public int blocks() { return blocks; }

    /** What its contents are made from. */
    public long seed() { return seed; }

    /** Block {@code block}'s contents as 1024 words (a fresh array). */
    public int[] read(int block) {
        check(block);
        int[] w = new int[MachineMemory.WORDS];
        for (int i = 0; i < w.length; i++) w[i] = word(block, i);
        return w;
    }

    private int word(int block, int i) {
        long z = seed + 0x9E3779B97F4A7C15L * (((long) block << 12) + i + 1);
        z = (z ^ z >>> 30) * 0xBF58476D1CE4E5B9L;
        z = (z ^ z >>> 27) * 0x94D049BB133111EBL;
        return (int) (z ^ z >>> 31);
    }

    void check(int block) {
        if (block < 0 || block >= blocks)
            throw new IllegalArgumentException("block " + block + " outside disk image '" + name + "' (" + blocks + " blocks)");
    }

    @Override public String toString() { return "disk image " + name + " (" + blocks + " blocks of 4 KiB)"; }
}
