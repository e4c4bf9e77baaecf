package vmsh.hostmem;

import static vmsh.hostmem.PageEvent.*;

/** One VM's memory at a glance: pages by state and the page events so far. */
public record PmapStats(
        String vm, int pages, int unbacked, int privatePages, int shared, int zero, int ballooned, int swapped,
        int resident, long firstTouches, long zeroMaps, long cowBreaks, long zeroBreaks, long shares, long zeroShares,
        long swapOuts, long swapIns, long balloonInflates, long balloonDeflates, long balloonTouches,
        long doublePaging, long samples, long sampledTouches) {

    public static PmapStats of(Pmap p) {
        return new PmapStats(p.name(), p.pages(), p.count(PageState.UNBACKED), p.count(PageState.PRIVATE),
                p.count(PageState.SHARED), p.count(PageState.ZERO), p.count(PageState.BALLOONED),
                p.count(PageState.SWAPPED), p.resident(), p.count(FIRST_TOUCH), p.count(ZERO_MAP),
                p.count(COW_BREAK), p.count(ZERO_BREAK), p.count(SHARE), p.count(ZERO_SHARE), p.count(SWAP_OUT),
                p.count(SWAP_IN), p.count(BALLOON_INFLATE), p.count(BALLOON_DEFLATE), p.count(BALLOON_TOUCH),
                p.count(DOUBLE_PAGING), p.count(SAMPLE), p.count(SAMPLE_TOUCH));
    }

    /** Swap outs, swap ins, copy-on-write breaks and balloon inflates/deflates: the reclamation churn. */
    public long reclamationEvents() {
        return swapOuts + swapIns + cowBreaks + zeroBreaks + balloonInflates + balloonDeflates;
    }
}
