package vmsh.memsched;

/**
 * Frames the host can take back at no cost to any guest's data: copies whose original stays
 * (Disco's read-only replicas of a page on other NUMA nodes). Reclamation drops them before
 * it balloons or swaps a guest page.
 */
@FunctionalInterface
public interface DiscardableFrames {
    /** None: a host with nothing to drop. */
    DiscardableFrames NONE = wanted -> 0;

    /** Frees up to {@code wanted} such frames, in a stable order; how many it freed. */
    int discard(int wanted);
}
