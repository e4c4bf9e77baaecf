package vmsh.hv;

/**
 * What one VM did in a run.
 *
 * @param name     the VM
 * @param state    where it is now (halted, ready, idle, fault)
 * @param exitCode the guest's exit code when halted (SBI SRST reason, finisher code), else 0
 * @param insns    instructions it executed in this run
 * @param cycles   cycles it cost in this run (cost model)
 * @param exits    exits in this run
 * @param message  one line for people
 * @param stop     why the VM's debugger stopped the run (a breakpoint, a watchpoint, a hook), else null
 */
public record VmRunResult(String name, VmState state, int exitCode, long insns, long cycles, long exits, String message, String stop) {
    public VmRunResult(String name, VmState state, int exitCode, long insns, long cycles, long exits, String message) {
        this(name, state, exitCode, insns, cycles, exits, message, null);
    }
}
