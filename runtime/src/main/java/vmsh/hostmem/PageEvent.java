package vmsh.hostmem;

/** What happened to a guest page; each is counted per VM and reported to pmap listeners. */
public enum PageEvent {
    /** A write to an UNBACKED page allocated a private zeroed frame. */
    FIRST_TOUCH,
    /** A read of an UNBACKED page mapped the shared zero frame (read-only). */
    ZERO_MAP,
    /** A write to a SHARED page: copy-on-write gave it a private copy. */
    COW_BREAK,
    /** A write to a ZERO page: copy-on-write gave it a private zeroed frame. */
    ZERO_BREAK,
    /** The sharing scanner backed a private page by a shared frame. */
    SHARE,
    /** The sharing scanner found a private page all zeros and mapped the zero frame. */
    ZERO_SHARE,
    /** The hypervisor wrote the page to the swap device and freed its frame. */
    SWAP_OUT,
    /** A touch of a SWAPPED page read it back into a fresh frame (a cost to charge). */
    SWAP_IN,
    /** The balloon driver gave the page up: its frame (or swap slot) was freed. */
    BALLOON_INFLATE,
    /** The balloon driver took the page back: it is UNBACKED again. */
    BALLOON_DEFLATE,
    /** The guest touched a page it had given to the balloon; it is backed again. */
    BALLOON_TOUCH,
    /**
     * Double paging: the hypervisor swapped this page in for a read, and the guest then
     * discarded it (gave it to the balloon, or had it overwritten whole) without writing it,
     * as a guest does when it pages the page out to its own swap. The swap-in was wasted.
     */
    DOUBLE_PAGING,
    /** The activity sampler started watching the page: drop its translations to trap the next touch. */
    SAMPLE,
    /** A watched page was touched. */
    SAMPLE_TOUCH,
    /** Dirty logging (live migration) made the page read-only until its next write: drop write access to it. */
    WRITE_PROTECT,
    /** A write to a page dirty logging had made read-only: logged as written, writable again. */
    DIRTY,
    /**
     * Every page of a 4 MiB region is private on its own frame of the region's superpage
     * reservation: the region may be mapped by one megapage. Reported on the region's first
     * page, with the extent's first frame.
     */
    PROMOTE,
    /** A page left a promoted region (shared, ballooned, swapped, moved): 4 KiB mappings only from now on. */
    DEMOTE,
    /** The VMM moved a private page to a frame on another NUMA node (Disco's migration). */
    MIGRATE,
    /** A clone of the VM took the page over: both map one shared frame (copy-on-write), or the clone a copy of a swapped page. */
    CLONE,
    /** The VM's own snapshot was restored: the page went back to untouched, or took the snapshot's contents on a fresh frame. */
    RESTORE;


    static final PageEvent[] ALL = values();
}
