package vmsh.memsched;

/**
 * How the host takes memory back from its VMs as free memory falls: called after every
 * scheduler tick with the free-memory state, it sets balloon targets, swaps pages and
 * stalls VMs. The victim chooser decides which VMs come first and which pages swapping
 * takes. Policies are listed, by name, in {@link Reclaimers}.
 */
interface ReclaimPolicy {
    void reclaim(ReclaimStep step);
}
