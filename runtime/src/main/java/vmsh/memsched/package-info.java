/**
 * ESX-style memory management policies (Waldspurger, "Memory Resource Management in VMware
 * ESX Server", OSDI 2002) over the mechanisms of {@code vmsh.hv.mem}: content-based page
 * sharing, ballooning, hypervisor swapping, allocation by shares with an idle memory tax,
 * and reclamation by free-memory state, tied together by
 * {@link vmsh.memsched.MemoryScheduler} on simulated time.
 */
package vmsh.memsched;
