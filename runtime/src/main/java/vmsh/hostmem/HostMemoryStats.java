package vmsh.hostmem;

import java.util.List;

/**
 * The host's memory at a glance. Frames: total, free, and by use (replicas: Disco's
 * read-only copies of guest pages on other NUMA nodes). Pages: guest pages over
 * all VMs by state. {@code savedPages} is what sharing saves: pages backed by shared or
 * zero frames minus those frames.
 */
public record HostMemoryStats(
        int totalFrames, int freeFrames, int privateFrames, int sharedFrames, int zeroFrames, int systemFrames, int replicaFrames,
        int sharedPages, int zeroPages, int savedPages, int balloonedPages, int swappedPages,
        int swapSlotsUsed, int swapCapacity, long cowBreaks, long swapOuts, long swapIns, List<PmapStats> vms) {

    static HostMemoryStats of(HostMemory host, List<PmapStats> vms) {
        MachineMemory f = host.frames();
        int sharedPages = 0, zeroPages = 0, ballooned = 0, swapped = 0;
        long cow = 0, outs = 0, ins = 0;
        for (PmapStats v : vms) {
            sharedPages += v.shared();
            zeroPages += v.zero();
            ballooned += v.ballooned();
            swapped += v.swapped();
            cow += v.cowBreaks() + v.zeroBreaks();
            outs += v.swapOuts();
            ins += v.swapIns();
        }
        int sharedFrames = f.count(FrameUse.SHARED), zeroFrames = f.count(FrameUse.ZERO);
        int saved = sharedPages - sharedFrames + Math.max(0, zeroPages - zeroFrames);
        return new HostMemoryStats(f.totalFrames(), f.freeFrames(), f.count(FrameUse.PRIVATE), sharedFrames,
                zeroFrames, f.count(FrameUse.SYSTEM), f.count(FrameUse.REPLICA), sharedPages, zeroPages, saved, ballooned, swapped,
                host.swap().used(), host.swap().capacity(), cow, outs, ins, List.copyOf(vms));
    }

    public int usedFrames() { return totalFrames - freeFrames; }
}
