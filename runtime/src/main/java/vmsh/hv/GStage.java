package vmsh.hv;

import static vmsh.mmu.Pte.*;

import vmsh.cpu.Engine;
import vmsh.hostmem.FrameUse;
import vmsh.hostmem.GuestMemory;
import vmsh.hostmem.HostMemory;
import vmsh.hostmem.MachineMemory;
import vmsh.mmu.Hgatp;

/**
 * A hardware-assisted VM's G-stage table (Sv32x4: guest-physical to host-physical), built
 * by the VMM in host frames from the pmap, lazily: a G-stage fault on a guest page maps it
 * (writable only when the pmap says so: shared and zero pages stay read-only for
 * copy-on-write), and a pmap change unmaps it (the caller fences with hfence.gvma).
 *
 * <pre>
 *  root: 16 KiB, 16 KiB aligned, 4096 entries indexed by GPA bits 33:22
 *  leaf tables: 4 KiB, one per 4 MiB of guest-physical space used, indexed by GPA bits 21:12
 *  leaf PTE: PPN of the machine frame | V R X U A, plus W D for a writable page
 * </pre>
 * Device windows are never mapped: their accesses fault and are emulated. A nested VM's
 * shadow G-stage (guest-physical of its guest, L2, to host-physical) is one too, mapped
 * page by page with the rights both hypervisors allow ({@link #mapPage}).
 */
final class GStage {
    static final int ROOT_FRAMES = 4;

    private final MachineMemory frames;
    private final HostMemory host;
    private final Engine engine;
    private final int rootMpn;
    private final int vmid;
    /** Leaf-table frame + 1 by root index (0: none). */
    private final int[] leafTables = new int[4096];
    private int mapped;

    GStage(HostMemory host, Engine engine, int vmid) {
        this.host = host;
        this.frames = host.frames();
        this.engine = engine;
        this.vmid = vmid;
        this.rootMpn = allocateRoot();
    }

    /** Four free frames, 16 KiB aligned, taken for the root (frames.reserve keeps the lowest-free order). */
    private int allocateRoot() {
        for (int first = 0; first + ROOT_FRAMES <= frames.totalFrames(); first += ROOT_FRAMES) {
            boolean free = true;
            for (int i = 0; i < ROOT_FRAMES && free; i++) free = frames.use(first + i) == FrameUse.FREE;
            if (!free) continue;
            frames.reserve(first, ROOT_FRAMES);
            for (int i = 0; i < ROOT_FRAMES; i++) {
                frames.zero(first + i);
                engine.forgetFrame(first + i);
            }
            return first;
        }
        throw new vmsh.hostmem.HostMemoryExhaustedException("no 16 KiB-aligned run of 4 free host frames for a G-stage root table");
    }

    int vmid() { return vmid; }

    /** hgatp: Sv32x4, this VM's VMID, the root table. */
    int hgatp() { return Hgatp.make(true, vmid, frames.physicalAddress(rootMpn)); }

    int mappedPages() { return mapped; }

    /** Maps guest page {@code gpn} to machine frame {@code mpn}. */
    void map(int gpn, int mpn, boolean writable) {
        mapPage(GuestMemory.BASE + ((long) gpn << 12), mpn, writable ? PTE_R | PTE_W | PTE_X : PTE_R | PTE_X);
    }

    /** Unmaps guest page {@code gpn}; true when it was mapped. */
    boolean unmap(int gpn) { return unmapPage(GuestMemory.BASE + ((long) gpn << 12)); }

    /**
     * Maps the 4 KiB page of guest-physical {@code gpa} (34 bits) to machine frame {@code mpn}
     * with {@code rights} (some of R, W, X; W gets D too).
     */
    void mapPage(long gpa, int mpn, int rights) {
        int r = (int) (gpa >>> 22);
        if (leafTables[r] == 0) {
            int t = host.allocate(FrameUse.SYSTEM);
            engine.forgetFrame(t);
            leafTables[r] = t + 1;
            store(rootMpn + r / 1024, (r % 1024) * 4, make(frames.physicalAddress(t), PTE_V));
        }
        int t = leafTables[r] - 1, offset = (int) (gpa >>> 12 & 0x3ff) * 4;
        if (frames.load(t, offset, 4) == 0) mapped++;
        int flags = PTE_V | PTE_U | PTE_A | rights & (PTE_R | PTE_W | PTE_X) | ((rights & PTE_W) != 0 ? PTE_D : 0);
        store(t, offset, make(frames.physicalAddress(mpn), flags));
    }

    /** Unmaps the page of guest-physical {@code gpa}; true when it was mapped. */
    boolean unmapPage(long gpa) {
        int r = (int) (gpa >>> 22);
        if (leafTables[r] == 0) return false;
        int t = leafTables[r] - 1, offset = (int) (gpa >>> 12 & 0x3ff) * 4;
        if (frames.load(t, offset, 4) == 0) return false;
        store(t, offset, 0);
        mapped--;
        return true;
    }

    /** Unmaps everything, keeping the tables' frames (the caller fences); the number of pages unmapped. */
    int unmapAll() {
        int n = mapped;
        for (int r = 0; r < leafTables.length; r++) {
            if (leafTables[r] == 0) continue;
            int t = leafTables[r] - 1;
            for (int offset = 0; offset < 4096; offset += 4) if (frames.load(t, offset, 4) != 0) store(t, offset, 0);
        }
        mapped = 0;
        return n;
    }

    /** Frees every table frame (the VM is gone). */
    void release() {
        for (int r = 0; r < leafTables.length; r++) if (leafTables[r] != 0) frames.free(leafTables[r] - 1);
        for (int i = 0; i < ROOT_FRAMES; i++) frames.free(rootMpn + i);
    }

    private void store(int mpn, int offset, int value) { frames.store(mpn, offset, 4, value); }
}
