package vmsh.shell.limits;

import vmsh.dc.Cluster;
import vmsh.dc.RunResult;
import vmsh.dc.Times;

/** A run of a whole cluster (every host, the network, the clients) for a stretch of simulated time. */
public final class ClusterRunner implements Runner<RunResult> {
    private final Cluster cluster;
    private final long cycles;
    private volatile long start;

    public ClusterRunner(Cluster cluster, long cycles) {
        this.cluster = cluster;
        this.cycles = cycles;
    }

    @Override
    public RunResult run(long insnLimit) {
        start = cluster.now();
        return cluster.run(cycles, insnLimit);
    }

    @Override
    public long insns(RunResult r) { return r.insns(); }

    @Override
    public boolean unfinished(RunResult r) { return !r.reason().equals("time"); }

    @Override
    public void requestStop() { cluster.requestStop(); }

    @Override
    public void clearStopRequest() { cluster.clearStopRequest(); }

    @Override
    public String where() { return "in the cluster at t = " + Times.format(cluster.now()); }

    @Override
    public long progress() { return cluster.now() - start; }

    @Override
    public long budget() { return cycles; }

    @Override
    public String unit() { return "cycles"; }
}
