package vmsh.hostmem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import vmsh.mem.MemoryMap;
import vmsh.mem.Ram;
import vmsh.state.StateIn;
import vmsh.state.StateOut;
import vmsh.state.Stateful;

/**
 * The host's memory as the hypervisor sees it: the machine frames, the table of shared
 * frames with the one zero frame, the swap device, and every VM's pmap. When an
 * allocation finds no free frame it asks the {@link PressureHandler} (the memory
 * scheduler: it swaps a page out) to free one, and fails only when nothing can be freed.
 * Before that it breaks a superpage reservation ({@link Superpages}): reserved frames no
 * page uses yet are free memory only lent to a region.
 *
 * <p>On a NUMA host ({@link MachineMemory#setNodes}) guest pages are placed by their pmap's
 * {@link Placement}; {@link #setCurrentNode} says where the vCPU that touches them runs.
 */
public final class HostMemory implements Stateful {
    /** Frees at least one frame on demand; false when nothing can be freed. */
    @FunctionalInterface
    public interface PressureHandler {
        boolean reclaimFrame();
    }

    /** Swap slots per host page of {@link #ofSize}: the store grows with use, so the bound is cheap (a hypervisor's host takes the swap knob instead). */
    public static final int DEFAULT_SWAP_FACTOR = 4;

    private final MachineMemory frames;
    private final SharedFrames shared = new SharedFrames();
    private final SwapDevice swap;
    private final List<Pmap> pmaps = new ArrayList<>();
    /** The pmaps' names (VMs' names are unique). */
    private final java.util.Set<String> names = new java.util.HashSet<>();
    private PressureHandler pressure;
    private boolean reclaiming;
    private int zeroMpn = -1;
    /** Superpage reservations with unused frames, least recently allocated from first. */
    private final LinkedHashSet<Superpages.Reservation> reservations = new LinkedHashSet<>();
    /** The node of the vCPU whose touches are being served (first-touch placement). */
    private int currentNode;

    public HostMemory(Ram ram, int swapSlots) {
        this.frames = new MachineMemory(ram);
        this.swap = new SwapDevice(swapSlots);
    }

    /** A host with {@code bytes} of RAM at 0x8000_0000 and the default swap device. */
    public static HostMemory ofSize(long bytes) {
        Ram ram = new Ram(MemoryMap.RAM, bytes);
        return new HostMemory(ram, (int) Math.min(Integer.MAX_VALUE, (long) ram.frameSlots() * DEFAULT_SWAP_FACTOR));
    }

    /** A host with {@code bytes} of RAM at 0x8000_0000 and a swap device of {@code swapSlots} pages. */
    public static HostMemory ofSize(long bytes, int swapSlots) { return new HostMemory(new Ram(MemoryMap.RAM, bytes), swapSlots); }

    public MachineMemory frames() { return frames; }

    public SharedFrames sharedFrames() { return shared; }

    public SwapDevice swap() { return swap; }

    public void setPressureHandler(PressureHandler handler) { this.pressure = handler; }

    /** A pmap for a new VM of {@code pages} guest pages. */
    public Pmap createPmap(String name, int pages) {
        if (names.contains(name)) throw new IllegalArgumentException("a VM named '" + name + "' exists");
        Pmap p = new Pmap(this, name, pages);
        names.add(name);
        pmaps.add(p);
        return p;
    }

    /** The live pmaps, in creation order. */
    public List<Pmap> pmaps() { return Collections.unmodifiableList(pmaps); }

    void forget(Pmap p) {
        pmaps.remove(p);
        names.remove(p.name());
    }

    /** A zeroed frame for {@code use}, the lowest free one, reclaiming under pressure. */
    public int allocate(FrameUse use) { return allocate(use, -1); }

    /**
     * A zeroed frame for {@code use} in {@code node} (or the nearest node with one; -1: the
     * lowest free frame anywhere), breaking a superpage reservation and then reclaiming
     * when no frame is free.
     */
    public int allocate(FrameUse use, int node) {
        for (;;) {
            int mpn = node < 0 ? frames.tryAllocate(use) : frames.tryAllocate(use, node);
            if (mpn >= 0) return mpn;
            if (breakReservation()) continue;
            if (pressure == null || reclaiming || !reclaimOne())
                throw new HostMemoryExhaustedException("host memory exhausted: all " + frames.totalFrames()
                        + " frames in use and none can be reclaimed");
        }
    }

    // ---- NUMA ----

    /** The node of the vCPU now running: where first-touch placement puts the pages it touches. */
    public void setCurrentNode(int node) {
        if (node < 0 || node >= frames.nodes()) throw new IllegalArgumentException("NUMA node " + node + " outside 0.." + (frames.nodes() - 1));
        currentNode = node;
    }

    public int currentNode() { return currentNode; }

    // ---- superpage reservations ----

    /** A reservation was made or allocated from: it becomes the most recently used. */
    void reservationUsed(Superpages.Reservation r) {
        reservations.remove(r);
        reservations.add(r);
    }

    void reservationGone(Superpages.Reservation r) { reservations.remove(r); }

    /** Breaks the least recently used reservation that has unused frames; false when none has. */
    private boolean breakReservation() {
        for (Iterator<Superpages.Reservation> it = reservations.iterator(); it.hasNext(); ) {
            Superpages.Reservation r = it.next();
            if (r.owner().unusedReserved(r.region()) == 0) continue;   // full now; a freed page may lend it again
            it.remove();
            r.owner().breakReservation(r.region());
            return true;
        }
        return false;
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

    // ---- state ----

    /**
     * The frames' bookkeeping, the shared-frame table, the swap device's slots, the zero frame,
     * the running vCPU's node, every pmap (in creation order) and the superpage reservations
     * in their order of last use. The RAM's frames and the swap device's pages are values of
     * their own ({@link Ram#snapshot}, {@link SwapDevice#pages}).
     */
    @Override
    public void save(StateOut out) {
        out.section("frames", frames).section("shared", shared).section("swap", swap).putInt(zeroMpn).putInt(currentNode);
        out.putInt(pmaps.size());
        for (Pmap p : pmaps) out.putString(p.name()).section("pmap", p);
        out.putInt(reservations.size());
        for (Superpages.Reservation r : reservations) out.putInt(pmaps.indexOf(r.owner().pmap())).putInt(r.region()).putInt(r.firstFrame());
    }

    /** Restores into a host whose pmaps have the names and sizes of the saved ones, in order. */
    @Override
    public void restore(StateIn in) {
        in.section("frames", frames).section("shared", shared).section("swap", swap);
        zeroMpn = in.getInt();
        currentNode = in.getInt();
        if (currentNode < 0 || currentNode >= frames.nodes()) throw new vmsh.state.StateException("NUMA node " + currentNode + " outside this host");
        int n = in.getInt();
        if (n != pmaps.size()) throw new vmsh.state.StateException("the saved host has " + n + " VMs' memory, this one " + pmaps.size());
        for (Pmap p : pmaps) {
            String name = in.getString();
            if (!p.name().equals(name)) throw new vmsh.state.StateException("the saved host's VM '" + name + "' is '" + p.name() + "' here");
            in.section("pmap", p);
        }
        reservations.clear();
        for (int k = in.getInt(); k > 0; k--) {
            int owner = in.getInt(), region = in.getInt(), first = in.getInt();
            if (owner < 0 || owner >= pmaps.size() || pmaps.get(owner).superpages() == null)
                throw new vmsh.state.StateException("a superpage reservation of a VM without superpages");
            reservations.add(new Superpages.Reservation(pmaps.get(owner).superpages(), region, first));
        }
    }

    // ---- statistics ----

    public HostMemoryStats stats() {
        List<PmapStats> vms = new ArrayList<>();
        for (Pmap p : pmaps) vms.add(PmapStats.of(p));
        return HostMemoryStats.of(this, vms);
    }
}
