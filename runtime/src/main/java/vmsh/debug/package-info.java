/**
 * The debugger of a bare machine, Unicorn-style: hooks on instructions, reads, writes and
 * traps, breakpoints and watchpoints ({@link vmsh.debug.Hooks}), and the data access an
 * instruction makes, read from the instruction table's kind column ({@link
 * vmsh.debug.MemoryAccess}). Instruction hooks mark decoded slots, so unhooked code runs at
 * full speed. It plugs into the machine as its {@link vmsh.machine.Monitor} and may import
 * machine, cpu, mmu, isa and the disassembler of asm; never history, the hypervisor or
 * the shell.
 */
package vmsh.debug;
