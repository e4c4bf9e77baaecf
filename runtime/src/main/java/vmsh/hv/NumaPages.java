package vmsh.hv;

import java.util.BitSet;
import vmsh.hostmem.MachineMemory;

/**
 * One VM's NUMA counters: TLB misses per guest page and per node of the missing vCPU in the
 * current policy period (Disco's per-page, per-node cache-miss counters, with TLB misses as
 * the proxy), the pages that missed in it, how often each page moved, and totals by node.
 */
final class NumaPages {
    private final NumaConfig config;
    private final MachineMemory frames;
    private final int nodes;
    /** Misses of page gpn by node n in this period: [gpn * nodes + n]. */
    private final int[] misses;
    /** Pages with a miss in this period. */
    private final BitSet touched = new BitSet();
    /** Migrations and replications of each page so far (saturating). */
    private final byte[] moves;
    private final long[] local, remote, migrationsTo, replicationsTo;
    private long collapses;

    NumaPages(NumaConfig config, int pages, MachineMemory frames) {
        this.config = config;
        this.frames = frames;
        this.nodes = config.nodes();
        this.misses = new int[pages * nodes];
        this.moves = new byte[pages];
        this.local = new long[nodes];
        this.remote = new long[nodes];
        this.migrationsTo = new long[nodes];
        this.replicationsTo = new long[nodes];
    }

    /** A vCPU of node {@code node} missed in the TLB on guest page {@code gpn}, now on frame {@code mpn}. */
    void miss(int gpn, int mpn, int node) {
        if (frames.node(mpn) == node) local[node]++;
        else remote[node]++;
        int i = gpn * nodes + node;
        if (misses[i] != Integer.MAX_VALUE) misses[i]++;
        touched.set(gpn);
    }

    int misses(int gpn, int node) { return misses[gpn * nodes + node]; }

    /** Pages that missed in this period. */
    BitSet touched() { return touched; }

    /** A new period: every counter starts again at 0. */
    void newPeriod() {
        for (int g = touched.nextSetBit(0); g >= 0; g = touched.nextSetBit(g + 1))
            java.util.Arrays.fill(misses, g * nodes, g * nodes + nodes, 0);
        touched.clear();
    }

    /** True while page {@code gpn} may still move (the move limit is the policy's hysteresis). */
    boolean mayMove(int gpn) { return moves[gpn] < config.moveLimit(); }

    void migrated(int gpn, int node) {
        moved(gpn);
        migrationsTo[node]++;
    }

    void replicated(int gpn, int node) { replicationsTo[node]++; }

    /** One replication of the page (on however many nodes): one move. */
    void moved(int gpn) { if (moves[gpn] < Byte.MAX_VALUE) moves[gpn]++; }

    void collapsed() { collapses++; }

    int nodes() { return nodes; }

    long cycles() {
        long l = 0, r = 0, moved = 0;
        for (int n = 0; n < nodes; n++) {
            l += local[n];
            r += remote[n];
            moved += migrationsTo[n] + replicationsTo[n];
        }
        return l * config.local() + r * config.remote() + moved * config.moveCost();
    }

    NumaStats stats() {
        long l = 0, r = 0, m = 0, p = 0;
        for (int n = 0; n < nodes; n++) {
            l += local[n];
            r += remote[n];
            m += migrationsTo[n];
            p += replicationsTo[n];
        }
        return new NumaStats(l, r, m, p, collapses, cycles());
    }

    /** The counters of vCPUs on node {@code n} (misses) and of moves to it; no collapses, no cycles. */
    NumaStats node(int n) { return new NumaStats(local[n], remote[n], migrationsTo[n], replicationsTo[n], 0, 0); }

    /** The period's misses, the pages that missed, the moves of each page and the totals by node. */
    void save(vmsh.state.StateOut out) {
        out.putInts(misses).putLongs(touched.toLongArray()).putBytes(moves);
        out.putLongs(local).putLongs(remote).putLongs(migrationsTo).putLongs(replicationsTo).putLong(collapses);
    }

    void restore(vmsh.state.StateIn in) {
        in.getInts(misses);
        touched.clear();
        touched.or(BitSet.valueOf(in.getLongsAny()));
        in.getBytes(moves);
        in.getLongs(local);
        in.getLongs(remote);
        in.getLongs(migrationsTo);
        in.getLongs(replicationsTo);
        collapses = in.getLong();
    }
}
