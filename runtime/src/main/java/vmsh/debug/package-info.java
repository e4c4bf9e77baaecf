/**
 * The debugger of a bare machine, Unicorn-style: hooks on instructions, reads, writes and
 * traps, breakpoints and watchpoints ({@link vmsh.debug.Hooks}), and the data access an
 * instruction makes, read from the instruction table's kind column ({@link
 * vmsh.debug.MemoryAccess}). Instruction hooks mark decoded slots, so unhooked code runs at
 * full speed. It is written once against a debuggable target ({@link vmsh.board.Target}: a
 * bare machine or a VM's vCPU), plugs into it as its {@link vmsh.board.Monitor}, and may
 * import board, cpu, mmu, isa and the disassembler of asm; never machine, history, the
 * hypervisor or the shell.
 */
package vmsh.debug;
