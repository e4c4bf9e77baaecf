package vmsh.hostmem;

/** What a machine frame is used for. */
public enum FrameUse {
    /** Not allocated. */
    FREE,
    /** Backs one guest page. */
    PRIVATE,
    /** Backs several guest pages with identical contents (copy-on-write). */
    SHARED,
    /** The one all-zero frame that backs every ZERO page. */
    ZERO,
    /** The hypervisor's own (G-stage and shadow page tables, device buffers). */
    SYSTEM,
    /** A read-only copy of a private guest page on another NUMA node (Disco's replication). */
    REPLICA;

    static final FrameUse[] ALL = values();
}
