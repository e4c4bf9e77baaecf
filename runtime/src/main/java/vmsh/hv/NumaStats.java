package vmsh.hv;

/**
 * What a NUMA host saw of one VM (or of one node, summed over VMs).
 *
 * @param localMisses  TLB misses on pages whose frame is on the vCPU's node
 * @param remoteMisses TLB misses on pages of another node
 * @param migrations   pages Disco's policy moved to the node that missed on them
 * @param replications read-only copies it made on nodes that read a page
 * @param collapses    replicated pages written since: copies dropped, one writable frame again
 * @param cycles       what the misses and moves cost (NumaConfig local, remote, moveCost)
 */
public record NumaStats(long localMisses, long remoteMisses, long migrations, long replications, long collapses, long cycles) {
    /** Remote misses over all misses, 0 without misses. */
    public double remoteFraction() {
        long all = localMisses + remoteMisses;
        return all == 0 ? 0 : (double) remoteMisses / all;
    }
}
