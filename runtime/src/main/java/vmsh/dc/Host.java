package vmsh.dc;

import java.util.List;
import vmsh.hv.Hypervisor;
import vmsh.hv.Technique;
import vmsh.hv.Vm;

/**
 * One host of the cluster: a hypervisor (as {@code hv} is on its own) on a site of the
 * network, with an address its VMM's agents use (migration, replication). A host fails
 * fail-stop: at once ({@link #fail}) or when its hart has executed a given number of
 * instructions ({@link #failAt}); from then on it runs nothing, sends nothing and receives
 * nothing, and its VMs are gone with it.
 */
public final class Host {
    private final Cluster cluster;
    private final String name;
    private final Hypervisor hv;
    private final int site, address;
    private boolean failed;
    private long failedAt = -1, failAt = -1;

    Host(Cluster cluster, String name, Hypervisor hv, int site, int address) {
        this.cluster = cluster;
        this.name = name;
        this.hv = hv;
        this.site = site;
        this.address = address;
    }

    public String name() { return name; }

    public Hypervisor hypervisor() { return hv; }

    /** Its site on the network. */
    public int site() { return site; }

    /** The address of its VMM. */
    public int address() { return address; }

    public Cluster cluster() { return cluster; }

    /** A VM on this host, with a NIC on the cluster's network (see {@link Cluster#create}). */
    public Vm create(String vmName, long memoryBytes, Technique technique) {
        return create(vmName, memoryBytes, technique, vmsh.hv.VmOptions.DEFAULTS);
    }

    /** The same, built as {@code options} say (several vCPUs, superpages, ...). */
    public Vm create(String vmName, long memoryBytes, Technique technique, vmsh.hv.VmOptions options) {
        return cluster.create(this, vmName, memoryBytes, technique, options);
    }

    public List<Vm> vms() { return hv.vms(); }

    /** Instructions the host's hart has executed (all its VMs; see {@link Hypervisor#executed}). */
    public long instructions() { return hv.executed(); }

    /** Fails the host now. */
    public void fail() { cluster.given(new ClusterInput.Fail(cluster.hosts().indexOf(this)), () -> cluster.fail(this)); }

    /** Fails the host when its hart has executed {@code hostInstruction} instructions, exactly. */
    public void failAt(long hostInstruction) {
        if (failed) throw new IllegalStateException("host " + name + " has failed already");
        if (hostInstruction < instructions())
            throw new IllegalArgumentException("host " + name + " is past instruction " + hostInstruction + " already (at " + instructions() + ")");
        cluster.given(new ClusterInput.FailAt(cluster.hosts().indexOf(this), hostInstruction), () -> failAt = hostInstruction);
    }

    /** The instruction the host is to fail at, or -1. */
    public long failAt() { return failAt; }

    public boolean failed() { return failed; }

    /** Cluster time of the failure, or -1. */
    public long failedAt() { return failedAt; }

    void markFailed(long now) {
        failed = true;
        failedAt = now;
        failAt = -1;
    }

    /**
     * Runs the host's VMs until its time reaches {@code time} (a quantum further at most), for
     * at most {@code insnLimit} instructions, or until it fails at its instruction; a host with
     * nothing to run just lets its time pass.
     */
    void runUntil(long time, long insnLimit) {
        if (failed) return;
        long before = instructions();
        while (true) {
            long budget = time - hv.now();
            if (budget <= 0) return;
            long limit = Math.min(insnLimit - (instructions() - before), failAt < 0 ? Long.MAX_VALUE : failAt - instructions());
            if (limit > 0) hv.run(budget, true, limit);
            if (failAt >= 0 && instructions() >= failAt) {
                cluster.fail(this);
                return;
            }
            if (limit <= 0 || hv.markStop() == null || cluster.stopping() || !cluster.searchHit(this)) break;   // a search notes the hit and goes on
        }
        if (hv.now() < time && !cluster.stopping() && insnLimit > instructions() - before) hv.memory().tick(time - hv.now());
    }

    @Override public String toString() {
        return "host " + name + " (" + Address.format(address) + "): " + hv.vms().size() + " VM(s)" + (failed ? ", failed" : "");
    }
}
