/**
 * The hypervisor's memory mechanisms, usable without a CPU: machine frames
 * ({@link vmsh.hv.mem.MachineMemory}), each VM's pmap from guest page to machine frame with
 * its page states and copy-on-write ({@link vmsh.hv.mem.Pmap}), the shared-frame table and
 * zero frame, the swap device, and the VMM's view of guest-physical memory
 * ({@link vmsh.hv.mem.GuestMemory}). Policies (what to share, balloon, swap, and when)
 * live in {@code vmsh.memsched}.
 */
package vmsh.hv.mem;
