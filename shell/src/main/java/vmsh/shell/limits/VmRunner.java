package vmsh.shell.limits;

import java.util.function.LongFunction;
import vmsh.hv.Vm;
import vmsh.hv.VmRunResult;
import vmsh.hv.VmState;

/** A run of one VM alone for at most its own budget of instructions ({@link RunLimits#UNLIMITED}: until it stops). */
public final class VmRunner implements Runner<VmRunResult> {
    private final Vm vm;
    private final LongFunction<VmRunResult> run;
    private final long budget;
    private volatile long startInsns;

    /** {@code run} is how the VM runs: {@link Vm#run}, or through its hooks. */
    public VmRunner(Vm vm, LongFunction<VmRunResult> run, long budget) {
        this.vm = vm;
        this.run = run;
        this.budget = budget;
    }

    /** A plain run of {@code vm}, without hooks. */
    public VmRunner(Vm vm, long budget) { this(vm, vm::run, budget); }

    @Override
    public VmRunResult run(long insnLimit) {
        startInsns = executed();
        return run.apply(Math.min(budget, insnLimit));
    }

    @Override
    public long insns(VmRunResult r) { return r.insns(); }

    @Override
    public boolean unfinished(VmRunResult r) { return r.state() == VmState.READY && r.stop() == null && r.insns() < budget; }

    @Override
    public void requestStop() { vm.hypervisor().requestStop(); }

    @Override
    public void clearStopRequest() { vm.hypervisor().clearStopRequest(); }

    @Override
    public String where() { return String.format("in VM '%s' at guest pc 0x%08x", vm.name(), vm.vcpu().pc); }

    @Override
    public long progress() { return executed() - startInsns; }

    private long executed() { return vm.hypervisor().executed(); }

    @Override
    public long budget() { return budget; }
}
