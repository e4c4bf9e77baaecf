package vmsh.machine;

/** How a bare machine is built. Immutable; the withers return changed copies. */
public record MachineConfig(long memoryBytes) {
    public static final long DEFAULT_MEMORY = 128L << 20;

    public static MachineConfig defaults() { return new MachineConfig(DEFAULT_MEMORY); }

    public MachineConfig memory(long bytes) { return new MachineConfig(bytes); }
}
