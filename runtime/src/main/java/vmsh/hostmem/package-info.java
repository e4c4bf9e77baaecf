/**
 * Host memory, the mechanisms under every memory policy: machine frames
 * ({@link vmsh.hostmem.MachineMemory}), each VM's pmap from guest page to machine frame with
 * its page states and copy-on-write ({@link vmsh.hostmem.Pmap}), the shared-frame table and
 * zero frame, the swap device, page hashes, and the VMM's view of guest-physical memory
 * ({@link vmsh.hostmem.GuestMemory}). It may import only {@code vmsh.mem}: it knows no CPU, no
 * hypervisor and no policy; what to share, balloon or swap, and when, is {@code vmsh.memsched}'s.
 */
package vmsh.hostmem;
