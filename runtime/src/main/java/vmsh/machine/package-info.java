/**
 * The bare machine, one board: a hart and its engine, the clock, RAM, the bus and the
 * devices of QEMU's virt layout wired together ({@link vmsh.machine.Machine}), how it is
 * built ({@link vmsh.machine.MachineConfig}), one run loop under an instruction budget that
 * says why it stopped, snapshots of its whole state, and the seams the floors above plug
 * into: a {@link vmsh.machine.Monitor} (the debugger), an {@link
 * vmsh.machine.InputObserver} and a {@link vmsh.machine.RunObserver} (history). It may
 * import the layers below it (isa, asm, image, state, mem, mmu, cpu, dev); never debug,
 * history, the hypervisor or the shell.
 */
package vmsh.machine;
