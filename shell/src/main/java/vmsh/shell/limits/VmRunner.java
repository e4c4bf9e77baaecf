package vmsh.shell.limits;

import vmsh.hv.Vm;
import vmsh.hv.VmRunResult;
import vmsh.hv.VmState;

/** A run of one VM alone for at most its own budget of instructions ({@link RunLimits#UNLIMITED}: until it stops). */
public final class VmRunner implements Runner<VmRunResult> {
    private final Vm vm;
    private final long budget;
    private volatile long startInsns;

    public VmRunner(Vm vm, long budget) {
        this.vm = vm;
        this.budget = budget;
    }

    @Override
    public VmRunResult run(long insnLimit) {
        startInsns = executed();
        return vm.run(Math.min(budget, insnLimit));
    }

    @Override
    public long insns(VmRunResult r) { return r.insns(); }

    @Override
    public boolean unfinished(VmRunResult r) { return r.state() == VmState.READY && r.insns() < budget; }

    @Override
    public void requestStop() { vm.hypervisor().requestStop(); }

    @Override
    public void clearStopRequest() { vm.hypervisor().clearStopRequest(); }

    @Override
    public String where() { return String.format("in VM '%s' at guest pc 0x%08x", vm.name(), vm.vcpu().pc); }

    @Override
    public long progress() { return executed() - startInsns; }

    private long executed() { return vm.hypervisor().engine().clock().executed(); }

    @Override
    public long budget() { return budget; }
}
