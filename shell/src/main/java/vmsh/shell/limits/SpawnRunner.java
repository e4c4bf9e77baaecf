package vmsh.shell.limits;

import java.util.List;
import vmsh.hv.ControlPlane;
import vmsh.hv.Hypervisor;
import vmsh.hv.SpawnMethod;
import vmsh.hv.Vm;

/**
 * {@code hv.spawn}: VMs made from a template. Only boots run guests; their instructions
 * count against the session's budget, and a stop ends the spawn with the VMs made so far.
 */
public final class SpawnRunner implements Runner<List<Vm>> {
    private final Hypervisor hv;
    private final Vm template;
    private final int n;
    private final SpawnMethod method;
    private final ControlPlane plane;
    private final List<String> names;
    private volatile long startInsns;
    private long executed;

    public SpawnRunner(Hypervisor hv, Vm template, int n, SpawnMethod method, ControlPlane plane, List<String> names) {
        this.hv = hv;
        this.template = template;
        this.n = n;
        this.method = method;
        this.plane = plane;
        this.names = names;
    }

    @Override
    public List<Vm> run(long insnLimit) {
        startInsns = executed();
        try {
            return hv.spawn(template, n, method, plane, names, insnLimit);
        } finally {
            executed = executed() - startInsns;
        }
    }

    @Override
    public long insns(List<Vm> made) { return executed; }

    @Override
    public boolean unfinished(List<Vm> made) { return made.size() < n; }

    @Override
    public void requestStop() { hv.requestStop(); }

    @Override
    public void clearStopRequest() { hv.clearStopRequest(); }

    @Override
    public String where() { return String.format("spawning VMs from '%s' (%s)", template.name(), method.label); }

    @Override
    public long progress() { return executed() - startInsns; }

    @Override
    public long budget() { return Long.MAX_VALUE; }

    private long executed() { return hv.executed(); }
}
