package vmsh.hv;

/**
 * How a hypervisor host is built.
 *
 * @param memoryBytes host machine memory: the pool of frames VMs and the VMM's tables use
 * @param seed        every random choice of the memory scheduler derives from it
 * @param quantum     instructions a VM runs before the scheduler moves to the next one
 */
public record HvConfig(long memoryBytes, long seed, long quantum) {
    public static final long DEFAULT_MEMORY = 256L << 20, DEFAULT_QUANTUM = 10_000;
    public static final HvConfig DEFAULTS = new HvConfig(DEFAULT_MEMORY, 1, DEFAULT_QUANTUM);

    public HvConfig {
        if (memoryBytes <= 0 || memoryBytes % 4096 != 0 || memoryBytes > 1L << 31)
            throw new IllegalArgumentException("host memory " + memoryBytes + " must be a positive multiple of 4096 bytes, at most 2 GiB");
        if (quantum <= 0) throw new IllegalArgumentException("scheduling quantum " + quantum + " instructions must be positive");
    }

    public HvConfig memory(long bytes) { return new HvConfig(bytes, seed, quantum); }

    public HvConfig seed(long s) { return new HvConfig(memoryBytes, s, quantum); }

    public HvConfig quantum(long insns) { return new HvConfig(memoryBytes, seed, insns); }
}
