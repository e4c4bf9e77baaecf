package vmsh.memsched;

import java.util.List;

/**
 * One reclamation step as a {@link ReclaimPolicy} sees it.
 *
 * @param state       the host's free-memory state now
 * @param framesShort frames to free to get back to the high threshold (at most 0: none)
 * @param victims     every VM, in the order the victim chooser would take from them
 * @param swap        hypervisor swapping, taking the pages the victim chooser picks
 */
record ReclaimStep(ReclaimState state, long framesShort, List<VmMemory> victims, HypervisorSwap swap) {}
