package vmsh.hv;

/**
 * The host's NUMA shape and Disco's placement policy (Bugnion et al., SOSP 1997; the policy
 * of Verghese et al., ASPLOS 1996). Host frames are split into {@code nodes} nodes of equal
 * size; vCPU {@code i} of a VM runs on a hart slot of node {@code i mod nodes}. vmsh has no
 * cache model, so a TLB miss stands for the cache misses of its page, as Disco's counters
 * did: each costs {@code local} cycles when the page's frame is on the vCPU's node, else
 * {@code remote}.
 *
 * @param nodes     NUMA nodes (1: a uniform host, nothing is counted)
 * @param local     cycles a TLB miss costs on a page of the vCPU's node
 * @param remote    cycles a TLB miss costs on a page of another node
 * @param trigger   misses of one node on one page within a period that make the page hot
 * @param sharing   misses of a second node that make a hot page shared (replicated when
 *                  nobody wrote it in the period, left alone when written)
 * @param period    host cycles between two runs of the policy; the counters start again at 0
 * @param moveLimit migrations and replications of one page at most (hysteresis: a page
 *                  that keeps moving stays where it is)
 * @param moveCost  cycles a migration or a replication costs the VM (the copy, the TLB shootdown)
 */
public record NumaConfig(int nodes, long local, long remote, int trigger, int sharing, long period, int moveLimit,
                         long moveCost) {
    public static final int MAX_NODES = 8;
    public static final NumaConfig UNIFORM = new NumaConfig(1, 100, 400, 32, 8, 10_000_000, 4, 20_000);

    public NumaConfig {
        if (nodes < 1 || nodes > MAX_NODES) throw new IllegalArgumentException("NUMA nodes " + nodes + " must be in 1.." + MAX_NODES);
        if (local < 0 || remote < 0) throw new IllegalArgumentException("NUMA miss costs " + local + "/" + remote + " must not be negative");
        if (trigger < 1) throw new IllegalArgumentException("NUMA trigger " + trigger + " must be positive");
        if (sharing < 1) throw new IllegalArgumentException("NUMA sharing threshold " + sharing + " must be positive");
        if (period < 1) throw new IllegalArgumentException("NUMA policy period " + period + " cycles must be positive");
        if (moveLimit < 0) throw new IllegalArgumentException("NUMA move limit " + moveLimit + " must not be negative");
        if (moveCost < 0) throw new IllegalArgumentException("NUMA move cost " + moveCost + " must not be negative");
    }

    public boolean uniform() { return nodes == 1; }

    public NumaConfig nodes(int n) { return new NumaConfig(n, local, remote, trigger, sharing, period, moveLimit, moveCost); }

    public NumaConfig costs(long l, long r) { return new NumaConfig(nodes, l, r, trigger, sharing, period, moveLimit, moveCost); }

    public NumaConfig policy(int t, int s, long p, int limit, long cost) {
        return new NumaConfig(nodes, local, remote, t, s, p, limit, cost);
    }
}
