package vmsh.hostmem;

/**
 * One row of a pmap view: a guest page, its state, its machine frame (or -1), its swap slot
 * (or -1), and how many guest pages share that frame.
 */
public record PmapEntry(int gpn, PageState state, int mpn, int swapSlot, int sharers) {}
