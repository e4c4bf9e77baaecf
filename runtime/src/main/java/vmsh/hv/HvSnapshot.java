package vmsh.hv;

import java.util.List;
import vmsh.image.Image;
import vmsh.memsched.MemSchedConfig;
import vmsh.state.FrameSet;
import vmsh.state.StateHash;

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
 * @param state     the saved parts
 * @param ram       host RAM's frames
 * @param swap      the swap device's stored pages
 */
public record HvSnapshot(HvConfig config, MemSchedConfig memory, List<VmSpec> vms, byte[] state, FrameSet ram, FrameSet swap) {
    /** How a VM was made, so that a host can make it again before taking its state. */
    public record VmSpec(String name, long memoryBytes, Technique technique, long shares, long minBytes, long maxBytes, Image image) {}

    /** A SHA-256 of the whole state. */
    public String hash() { return new StateHash().add(state).add(ram).add(swap).hex(); }

    /** Host bytes it refers to: the saved parts, RAM frames and swap pages (shared ones too). */
    public long bytes() { return state.length + ram.bytes() + swap.bytes(); }
}
