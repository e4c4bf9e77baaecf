package vmsh.hv;

import java.util.List;
import vmsh.hostmem.DiskImage;
import vmsh.image.Image;
import vmsh.memsched.MemSchedConfig;
import vmsh.state.FrameSet;
import vmsh.state.StateHash;
import vmsh.state.StateParts;

/**
 * A hypervisor host's whole state at one moment between runs, as a value: the host hart,
 * its TLB and clock, host memory (frames shared copy-on-write, pmaps with their page
 * states, the shared-frame table, the swap device's pages), the memory scheduler with its
 * samplers, scanner and generators, and every VM (vCPU, virtual CSRs, shadow or G-stage
 * tables, devices, console, counters). Restoring it gives the same future.
 *
 * @param config    the host's build
 * @param memory    the memory scheduler's configuration when the host was made (its seed)
 * @param vms       the VMs, in creation order
 * @param disks     the base disk images VMs' disks stand on, in creation order
 * @param state     the saved parts, a piece a section (those unchanged since the host's snapshot before are its arrays)
 * @param ram       host RAM's frames
 * @param swap      the swap device's stored pages
 */
public record HvSnapshot(HvConfig config, MemSchedConfig memory, List<VmSpec> vms, List<DiskImage> disks, StateParts state, FrameSet ram,
                         FrameSet swap) {
    /** How a VM was made (its options: vCPUs, superpages, placement, disk, ...), so that a host can make it again before taking its state. */
    public record VmSpec(String name, long memoryBytes, Technique technique, long shares, long minBytes, long maxBytes, VmOptions options,
                         Image image) {
        /** True when both make the same VM (images aside). */
        boolean sameBuild(VmSpec o) {
            return name.equals(o.name) && memoryBytes == o.memoryBytes && technique == o.technique && shares == o.shares
                    && minBytes == o.minBytes && maxBytes == o.maxBytes && sameOptions(options, o.options);
        }

        /** Options alike: a disk is compared by its image's name, size and seed (a host made from a file has its own). */
        static boolean sameOptions(VmOptions a, VmOptions b) {
            return a.superpages() == b.superpages() && a.vcpus() == b.vcpus() && a.placement() == b.placement() && a.nested() == b.nested()
                    && a.machine() == b.machine() && sameDisk(a.disk(), b.disk());
        }
    }

    static boolean sameDisk(DiskImage a, DiskImage b) {
        return a == b || a != null && b != null && a.name().equals(b.name()) && a.blocks() == b.blocks() && a.seed() == b.seed();
    }

    /** A SHA-256 of the whole state. */
    public String hash() { return new StateHash().add(state).add(ram).add(swap).hex(); }

    /** Host bytes it refers to: the saved parts, RAM frames and swap pages (shared ones too). */
    public long bytes() { return state.length() + ram.bytes() + swap.bytes(); }
}
