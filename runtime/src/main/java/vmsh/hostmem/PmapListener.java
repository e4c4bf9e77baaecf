package vmsh.hostmem;

/**
 * Told synchronously of every page event of a pmap, after the pmap has changed. The
 * hypervisor uses {@link PageChange#invalidates()} to drop stale G-stage and shadow
 * entries and flush TLBs, and the event to count exits and charge costs.
 */
@FunctionalInterface
public interface PmapListener {
    void changed(PageChange change);
}
