package vmsh.hostmem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import vmsh.mem.MemoryMap;
import vmsh.mem.Ram;

/**
 * The host's memory as the hypervisor sees it: the machine frames, the table of shared
 * frames with the one zero frame, the swap device, and every VM's pmap. When an
 * allocation finds no free frame it asks the {@link PressureHandler} (the memory
 * scheduler: it swaps a page out) to free one, and fails only when nothing can be freed.
 */
public final class HostMemory {
    /** Frees at least one frame on demand; false when nothing can be freed. */
    @FunctionalInterface
    public interface PressureHandler {
        boolean reclaimFrame();
    }

    /** Swap slots per host page by default: the store grows with use, so the bound is cheap. */
    public static final int DEFAULT_SWAP_FACTOR = 4;

    private final MachineMemory frames;
    private final SharedFrames shared = new SharedFrames();
    private final SwapDevice swap;
    private final List<Pmap> pmaps = new ArrayList<>();
    private PressureHandler pressure;
    private boolean reclaiming;
    private int zeroMpn = -1;

    public HostMemory(Ram ram, int swapSlots) {
        this.frames = new MachineMemory(ram);
        this.swap = new SwapDevice(swapSlots);
    }

    /** A host with {@code bytes} of RAM at 0x8000_0000 and the default swap device. */
    public static HostMemory ofSize(long bytes) {
        Ram ram = new Ram(MemoryMap.RAM, bytes);
        return new HostMemory(ram, (int) Math.min(Integer.MAX_VALUE, (long) ram.frameSlots() * DEFAULT_SWAP_FACTOR));
    }

    public MachineMemory frames() { return frames; }

    public SharedFrames sharedFrames() { return shared; }

    public SwapDevice swap() { return swap; }

    public void setPressureHandler(PressureHandler handler) { this.pressure = handler; }

    /** A pmap for a new VM of {@code pages} guest pages. */
    public Pmap createPmap(String name, int pages) {
        for (Pmap p : pmaps)
            if (p.name().equals(name)) throw new IllegalArgumentException("a VM named '" + name + "' exists");
        Pmap p = new Pmap(this, name, pages);
        pmaps.add(p);
        return p;
    }

    /** The live pmaps, in creation order. */
    public List<Pmap> pmaps() { return Collections.unmodifiableList(pmaps); }

    void forget(Pmap p) { pmaps.remove(p); }

    /** A zeroed frame for {@code use}, reclaiming under pressure. */
    public int allocate(FrameUse use) {
        for (;;) {
            int mpn = frames.tryAllocate(use);
            if (mpn >= 0) return mpn;
            if (pressure == null || reclaiming || !reclaimOne())
                throw new HostMemoryExhaustedException("host memory exhausted: all " + frames.totalFrames()
                        + " frames in use and none can be reclaimed");
        }
    }

    private boolean reclaimOne() {
        reclaiming = true;
        try {
            return pressure.reclaimFrame();
        } finally {
            reclaiming = false;
        }
    }

    // ---- the zero frame and shared frames ----

    /** The zero frame, or -1 before any page has needed it. */
    public int zeroFrame() { return zeroMpn; }

    /** Pages mapped to the zero frame, over all VMs. */
    public int zeroMappings() { return zeroMpn < 0 ? 0 : frames.refs(zeroMpn) - 1; }

    /** One more mapping of the zero frame, allocating it (pinned by one reference of its own) on first use. */
    int retainZeroFrame() {
        if (zeroMpn < 0) zeroMpn = allocate(FrameUse.ZERO);
        frames.retain(zeroMpn);
        return zeroMpn;
    }

    void releaseZeroFrame() { frames.release(zeroMpn); }

    /** One sharer fewer; the last one frees the frame and drops it from the table. */
    void releaseShared(int mpn) {
        if (frames.refs(mpn) == 1) shared.remove(mpn);
        frames.release(mpn);
    }

    // ---- statistics ----

    public HostMemoryStats stats() {
        List<PmapStats> vms = new ArrayList<>();
        for (Pmap p : pmaps) vms.add(PmapStats.of(p));
        return HostMemoryStats.of(this, vms);
    }
}
