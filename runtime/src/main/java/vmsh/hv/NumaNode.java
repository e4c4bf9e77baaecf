package vmsh.hv;

/**
 * One node of a NUMA host now.
 *
 * @param node         its number
 * @param frames       host frames it has
 * @param free         of them free
 * @param pages        frames backing guest pages (private or shared)
 * @param replicas     frames holding read-only copies of guest pages (Disco's replication)
 * @param localMisses  TLB misses of vCPUs on this node on pages of this node
 * @param remoteMisses TLB misses of vCPUs on this node on pages of other nodes
 * @param migrations   pages migrated to this node
 * @param replications copies made on this node
 */
public record NumaNode(int node, int frames, int free, int pages, int replicas, long localMisses, long remoteMisses,
                       long migrations, long replications) {}
