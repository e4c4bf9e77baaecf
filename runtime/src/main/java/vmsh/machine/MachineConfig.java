package vmsh.machine;

import vmsh.cpu.Engine;
import vmsh.isa.Isa;
import vmsh.mmu.TlbConfig;

/**
 * How a bare machine is built. Immutable; the withers return changed copies.
 *
 * @param memoryBytes RAM size (a positive multiple of 4 KiB, at most 2 GiB)
 * @param tlb         the modelled TLB(s) that Sv32 translations go through
 * @param hardwareAD  page walks set the A and D bits (Svadu, the default); false: a clear
 *                    A, or D on a store, raises a page fault for the OS to handle (Svade)
 * @param isa         the extensions the hart implements (misa); instructions of others are illegal
 * @param jitThreshold hot code is translated to JVM bytecode (the same results, faster) once an
 *                    instruction has been jumped to this many times; 0: the interpreter runs
 *                    everything
 * @param jitWarmUp   ...but only once the process has run this many guest instructions
 *                    (0: at once; see {@link Engine#setTranslation(int, long)})
 */
public record MachineConfig(long memoryBytes, TlbConfig tlb, boolean hardwareAD, Isa isa, int jitThreshold, long jitWarmUp) {
    public static final long DEFAULT_MEMORY = 128L << 20;

    public MachineConfig {
        if (memoryBytes <= 0 || memoryBytes % 4096 != 0 || memoryBytes > 1L << 31)
            throw new IllegalArgumentException("memory size " + memoryBytes
                    + " must be a positive multiple of 4096 bytes, at most 2 GiB");
        if (tlb == null) throw new IllegalArgumentException("TLB config must not be null");
        if (isa == null) throw new IllegalArgumentException("isa must not be null");
        if (jitThreshold < 0) throw new IllegalArgumentException("jit threshold " + jitThreshold + " must not be negative");
        if (jitWarmUp < 0) throw new IllegalArgumentException("jit warm-up " + jitWarmUp + " must not be negative");
    }

    /** A machine translating hot code as {@link Engine#translatesByDefault} says. */
    public MachineConfig(long memoryBytes, TlbConfig tlb, boolean hardwareAD, Isa isa) {
        this(memoryBytes, tlb, hardwareAD, isa, Engine.translatesByDefault() ? Engine.defaultTranslationThreshold() : 0,
                Engine.translatesByDefault() ? Engine.defaultWarmUp() : 0);
    }

    public static MachineConfig defaults() { return new MachineConfig(DEFAULT_MEMORY, TlbConfig.DEFAULT, true, Isa.DEFAULT); }

    public MachineConfig memory(long bytes) { return new MachineConfig(bytes, tlb, hardwareAD, isa, jitThreshold, jitWarmUp); }

    public MachineConfig tlb(TlbConfig config) { return new MachineConfig(memoryBytes, config, hardwareAD, isa, jitThreshold, jitWarmUp); }

    /**
     * The TLB shape from its parts; each is checked with a message naming the bad value.
     *
     * @param replacement "lru" or "random"
     */
    public MachineConfig tlb(int entries, int ways, boolean split, String replacement, long seed) {
        return tlb(new TlbConfig(entries, ways, split, TlbConfig.replacement(replacement), seed));
    }

    public MachineConfig hardwareAD(boolean on) { return new MachineConfig(memoryBytes, tlb, on, isa, jitThreshold, jitWarmUp); }

    public MachineConfig isa(Isa extensions) { return new MachineConfig(memoryBytes, tlb, hardwareAD, extensions, jitThreshold, jitWarmUp); }

    /**
     * The same machine: jit is how fast it runs, not what it does, so it does not count
     * (a snapshot or recording of a translating machine restores into an interpreting one).
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof MachineConfig c && memoryBytes == c.memoryBytes && tlb.equals(c.tlb)
                && hardwareAD == c.hardwareAD && isa.equals(c.isa);
    }

    @Override
    public int hashCode() { return java.util.Objects.hash(memoryBytes, tlb, hardwareAD, isa); }

    /** True when hot code is translated to JVM bytecode. */
    public boolean jit() { return jitThreshold > 0; }

    /**
     * Translating hot code as the default policy does (an instruction jumped to
     * {@link Engine#defaultTranslationThreshold} times, once the process has warmed up:
     * {@link Engine#defaultWarmUp}) or interpreting everything.
     */
    public MachineConfig jit(boolean on) {
        return on ? jit(Engine.defaultTranslationThreshold(), Engine.defaultWarmUp()) : jit(0, 0);
    }

    /** Translating an instruction once it has been jumped to {@code n} times (1: at once), from the start; 0: never. */
    public MachineConfig jitThreshold(int n) { return jit(n, 0); }

    /** Translating an instruction jumped to {@code threshold} times once the process has run {@code warmUp} guest instructions. */
    public MachineConfig jit(int threshold, long warmUp) {
        return new MachineConfig(memoryBytes, tlb, hardwareAD, isa, threshold, threshold == 0 ? 0 : warmUp);
    }

    /** The extensions from an ISA string such as {@code rv32imah_zba}; a bad one throws naming its bad part. */
    public MachineConfig isa(String isaString) { return isa(Isa.parse(isaString)); }
}
