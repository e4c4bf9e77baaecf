package vmsh.hostmem;

/**
 * The state of one guest page in a VM's pmap.
 *
 * <pre>
 *  UNBACKED   never touched (or returned by the balloon): no frame, reads as zeros
 *  PRIVATE    backed by a frame of its own, writable
 *  SHARED     backed by a content-shared frame, read-only (copy-on-write)
 *  ZERO       backed by the host's one zero frame, read-only (copy-on-write)
 *  BALLOONED  given up by the guest's balloon driver: no frame
 *  SWAPPED    contents on the host swap device: no frame
 * </pre>
 */
public enum PageState {
    UNBACKED, PRIVATE, SHARED, ZERO, BALLOONED, SWAPPED;

    static final PageState[] ALL = values();

    /** True when the page is backed by a machine frame the guest may map. */
    public boolean mapped() { return this == PRIVATE || this == SHARED || this == ZERO; }

    /** True when a guest write needs no fault: only private pages may be mapped writable. */
    public boolean writable() { return this == PRIVATE; }
}
