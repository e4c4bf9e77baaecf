/**
 * One RISC-V hart and the engine that runs it: the architectural state and privileged rules
 * ({@link vmsh.cpu.Hart}, {@link vmsh.cpu.CsrFile}), simulated time ({@link vmsh.cpu.Clock})
 * and the execution engine ({@link vmsh.cpu.Engine}: an interpreter over decoded pages whose
 * operation numbers are generated from the instruction table, with its package-private
 * parts for decoded code, cached translations, slow memory accesses, rare instructions,
 * traps and marked instructions). It may import isa, mem, mmu and state; never the machine,
 * the debugger, the hypervisor or the shell, which drive it through its public methods and
 * the small interfaces here ({@link vmsh.cpu.CodeMarks}, {@link vmsh.cpu.TrapInterceptor},
 * {@link vmsh.cpu.TrapListener}).
 */
package vmsh.cpu;
