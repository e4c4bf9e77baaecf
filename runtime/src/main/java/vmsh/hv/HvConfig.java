package vmsh.hv;

/**
 * How a hypervisor host is built.
 *
 * @param memoryBytes host machine memory: the pool of frames VMs and the VMM's tables use
 * @param seed        every random choice of the memory scheduler derives from it
 * @param quantum     instructions a VM runs before the scheduler moves to the next one
 * @param numa        the host's NUMA nodes and Disco's policy ({@link NumaConfig#UNIFORM}: one node)
 */
public record HvConfig(long memoryBytes, long seed, long quantum, NumaConfig numa) {
    public static final long DEFAULT_MEMORY = 256L << 20, DEFAULT_QUANTUM = 10_000;
    public static final HvConfig DEFAULTS = new HvConfig(DEFAULT_MEMORY, 1, DEFAULT_QUANTUM, NumaConfig.UNIFORM);

    public HvConfig {
        if (memoryBytes <= 0 || memoryBytes % 4096 != 0 || memoryBytes > 1L << 31)
            throw new IllegalArgumentException("host memory " + memoryBytes + " must be a positive multiple of 4096 bytes, at most 2 GiB");
        if (quantum <= 0) throw new IllegalArgumentException("scheduling quantum " + quantum + " instructions must be positive");
        if (numa == null) throw new IllegalArgumentException("numa must be given");
    }

    public HvConfig(long memoryBytes, long seed, long quantum) { this(memoryBytes, seed, quantum, NumaConfig.UNIFORM); }

    public HvConfig memory(long bytes) { return new HvConfig(bytes, seed, quantum, numa); }

    public HvConfig seed(long s) { return new HvConfig(memoryBytes, s, quantum, numa); }

    public HvConfig quantum(long insns) { return new HvConfig(memoryBytes, seed, insns, numa); }

    public HvConfig numa(NumaConfig n) { return new HvConfig(memoryBytes, seed, quantum, n); }
}
