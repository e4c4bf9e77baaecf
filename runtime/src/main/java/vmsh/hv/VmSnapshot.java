package vmsh.hv;

import vmsh.state.FrameSet;
import vmsh.state.StateHash;

/**
 * One VM's state at one moment between runs, apart from its host, as a value: what the
 * guest is and what it was counted, not where the host keeps it. {@link Vm#restore} puts a
 * VM back in it (the host's other VMs untouched); {@link Hypervisor#load} makes a new VM
 * from it on any host.
 *
 * <p>The VM's: its vCPUs (registers, CSRs, privilege, the reservation, timers, HSM state),
 * the technique's view of the guest (a trap-and-emulate VMM's virtual CSRs, the guest's satp
 * a shadowing VMM keeps, a whole machine's M-mode), its devices and console, its balloon
 * (the driver's calls and the pages it holds), its disk's overlay, the contents of every
 * guest page, its run state and its counters.
 *
 * <p>The host's (not in it): which machine frames back the pages, what they share with other
 * VMs (the sharing scanner's frames and hints), the swap device, the VMM's tables for the VM
 * as frames (they come back from {@code warm}, in guest terms, where the technique saves
 * one), VMIDs and ASIDs, the rest of the host TLB, the memory scheduler (shares, targets,
 * the samplers' estimates, the idle-memory tax), the NUMA placement and its counters, and host time (a VM waiting in wfi
 * waits its timer's remaining time from the restore on).
 *
 * @param spec     how the VM was made: name, memory, technique, shares, min, max, options, image
 * @param guest    the guest's side: the ballooned pages, run state, devices, console, vCPUs (the
 *                 CSRs that point at the VMM's tables left 0), balloon, disk overlay, the
 *                 technique's view of the guest
* @param counters the VM's counters: instructions, exits by reason, traps, TLB lookups and misses,
 *                 a nested VM's exits by level, then the technique's own (a translator's
 *                 callouts, a pv VMM's hypercalls)
 * @param pages    the words of every guest page that holds any, by guest page number, shared
 *                 copy-on-write with host RAM and the swap device
 * @param warm     the VMM's warm state in guest terms, where the technique saves one (hw: which
 *                 guest pages each G-stage maps with which bits; trap, trap-vtlb, hw-shadow, bt:
 *                 each shadow's entries and traced table pages, bt's own window pages by address;
 *                 a nested VM: L0's G-stage, the shadow G-stage with what it was composed from,
 *                 the protected table pages; the VM's host TLB entries with their slots and LRU
 *                 order, under pv by view and virtual page), rebuilt by a restore without
 *                 counting; empty where the tables fill again on faults
 */
public record VmSnapshot(HvSnapshot.VmSpec spec, byte[] guest, byte[] counters, FrameSet pages, byte[] warm) {
    /** A SHA-256 of the whole VM state: equal states, equal hashes, on any host (the warm state is the host's cache of it, left out). */
    public String hash() { return new StateHash().add(guest).add(counters).add(pages).hex(); }

    /** A SHA-256 of what the guest is (its counters left out): two runs that the guest cannot tell apart agree on it. */
    public String guestHash() { return new StateHash().add(guest).add(pages).hex(); }

    /** Bytes it refers to: the saved parts and the pages (shared ones too). */
    public long bytes() { return guest.length + counters.length + warm.length + pages.bytes(); }
}
