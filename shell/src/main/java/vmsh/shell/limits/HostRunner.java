package vmsh.shell.limits;

import java.util.ArrayList;
import java.util.List;
import vmsh.hv.Hypervisor;
import vmsh.hv.Vm;
import vmsh.hv.VmRunResult;
import vmsh.hv.VmState;

/**
 * A run of every VM of the host, round robin, for at most its own budget of instructions
 * or, with {@code inCycles}, cycles of the cost model ({@link RunLimits#UNLIMITED}: until
 * none can run).
 */
public final class HostRunner implements Runner<List<VmRunResult>> {
    private final Hypervisor hv;
    private final long budget;
    private final boolean inCycles;
    private volatile long startInsns, startCycles;

    public HostRunner(Hypervisor hv, long budget, boolean inCycles) {
        this.hv = hv;
        this.budget = budget;
        this.inCycles = inCycles;
    }

    @Override
    public List<VmRunResult> run(long insnLimit) {
        startInsns = hv.executed();
        startCycles = hv.now();
        return hv.run(budget, inCycles, insnLimit);
    }

    @Override
    public long insns(List<VmRunResult> rs) { return rs.stream().mapToLong(VmRunResult::insns).sum(); }

    @Override
    public boolean unfinished(List<VmRunResult> rs) {
        long spent = rs.stream().mapToLong(r -> inCycles ? r.cycles() : r.insns()).sum();
        return rs.stream().anyMatch(r -> r.state() == VmState.READY) && spent < budget;
    }

    @Override
    public void requestStop() { hv.requestStop(); }

    @Override
    public void clearStopRequest() { hv.clearStopRequest(); }

    /** "in VM 'a' at guest pc 0x80001234, VM 'b' at ...": the VMs that could go on (all when none can). */
    @Override
    public String where() {
        List<Vm> ready = hv.vms().stream().filter(v -> v.state() == VmState.READY).toList();
        List<String> parts = new ArrayList<>();
        for (Vm v : ready.isEmpty() ? hv.vms() : ready) parts.add(String.format("VM '%s' at guest pc 0x%08x", v.name(), v.vcpu().pc));
        return parts.isEmpty() ? "(no VMs)" : "in " + String.join(", ", parts);
    }

    @Override
    public long progress() { return inCycles ? hv.now() - startCycles : hv.executed() - startInsns; }

    @Override
    public long budget() { return budget; }

    @Override
    public String unit() { return inCycles ? "cycles" : "instructions"; }
}
