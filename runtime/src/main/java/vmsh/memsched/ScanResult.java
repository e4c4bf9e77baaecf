package vmsh.memsched;

/**
 * What a scan did: pages visited, pages hashed (the private ones), pages newly backed by an
 * existing shared frame, new shared frames made from a hint, pages found all zeros, hash
 * matches whose contents differed, stale hints dropped, and pages passed by because they
 * lie in a promoted superpage.
 */
public record ScanResult(long scanned, long hashed, long sharedExisting, long sharedNew, long zero, long collisions,
        long staleHints, long superpageSkips) {

    ScanResult minus(ScanResult o) {
        return new ScanResult(scanned - o.scanned, hashed - o.hashed, sharedExisting - o.sharedExisting,
                sharedNew - o.sharedNew, zero - o.zero, collisions - o.collisions, staleHints - o.staleHints,
                superpageSkips - o.superpageSkips);
    }

    /** Pages whose frame was freed by this scan. */
    public long pagesShared() { return sharedExisting + sharedNew + zero; }
}
