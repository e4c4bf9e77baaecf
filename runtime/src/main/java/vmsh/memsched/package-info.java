/**
 * ESX-style memory management policies (Waldspurger, "Memory Resource Management in VMware
 * ESX Server", OSDI 2002) over the mechanisms of {@code vmsh.hostmem}: content-based page
 * sharing, ballooning, hypervisor swapping, allocation by shares with an idle memory tax,
 * and reclamation by free-memory state, tied together by
 * {@link vmsh.memsched.MemoryScheduler} on simulated time. It may import {@code vmsh.hostmem}
 * (and nothing of the hypervisor above it), and reads no wall clock.
 */
package vmsh.memsched;
