/**
 * The hypervisor: a host ({@link vmsh.hv.Hypervisor}) whose VMM, written in Java, runs VMs on
 * one hart with the H extension, each virtualized by a {@link vmsh.hv.Technique}, with their
 * exits, cost model, scheduler and SBI ({@code vmsh.hv.sbi}); on a NUMA host
 * ({@link vmsh.hv.NumaConfig}) VMs of several vCPUs, per-node miss counters and Disco's
 * placement ({@link vmsh.hv.DiscoPolicy}). An {@code hw} VM may be nested
 * ({@link vmsh.hv.NestedHardwareAssisted}): its guest sees the H extension
 * ({@link vmsh.hv.GuestHypervisor}), the guest's own guest runs on the hart over a shadow
 * G-stage ({@link vmsh.hv.ShadowGStage}), and exits are counted by level
 * ({@link vmsh.hv.NestedExits}). It may import the machine's parts below it (cpu, mmu, mem,
 * dev, isa, the disassembler of asm, image) and the memory layers ({@code vmsh.memsched} over
 * {@code vmsh.hostmem}); never the bare machine or the shell, and it reads no wall clock: time
 * is the cost model's cycles.
 */
package vmsh.hv;
