package vmsh.hostmem;

import static org.junit.jupiter.api.Assertions.*;
import static vmsh.hostmem.PageState.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PmapTest {
    private final HostMemory host = HostMemory.ofSize(64 * 4096);
    private final MachineMemory frames = host.frames();
    private final Pmap a = host.createPmap("a", 32), b = host.createPmap("b", 32);
    private final List<PageChange> seen = new ArrayList<>();

    PmapTest() { a.addListener(seen::add); }

    private void fill(Pmap p, int gpn, int seed) {
        int[] w = frames.words(p.touch(gpn, true));
        for (int i = 0; i < w.length; i++) w[i] = seed * 7919 + i;
    }

    private long checksum(Pmap p, int gpn) { return PageHash.of(frames.words(p.touch(gpn, false))); }

    private PageChange last() { return seen.get(seen.size() - 1); }

    @Test void untouchedPagesAreUnbacked() {
        assertEquals(UNBACKED, a.state(5));
        assertEquals(-1, a.mpn(5));
        assertEquals(32, a.count(UNBACKED));
        assertEquals(0, frames.usedFrames());
        assertTrue(a.entries().isEmpty());
    }

    @Test void readOfUnbackedPageMapsTheZeroFrame() {
        int m1 = a.touch(3, false), m2 = b.touch(4, false);
        assertEquals(m1, m2);
        assertEquals(ZERO, a.state(3));
        assertEquals(host.zeroFrame(), m1);
        assertEquals(1, frames.usedFrames());
        assertEquals(2, host.zeroMappings());
        assertFalse(a.writable(3));
        assertEquals(PageEvent.ZERO_MAP, last().event());
        assertFalse(last().invalidates());
    }

    @Test void writeOfUnbackedPageAllocatesAPrivateZeroedFrame() {
        int m = a.touch(3, true);
        assertEquals(PRIVATE, a.state(3));
        assertTrue(a.writable(3));
        assertTrue(frames.isZero(m));
        assertEquals(FrameUse.PRIVATE, frames.use(m));
        assertEquals(1, a.count(PageEvent.FIRST_TOUCH));
        assertEquals(new PageChange(a, 3, PageEvent.FIRST_TOUCH, UNBACKED, PRIVATE, -1, m), last());
    }

    @Test void writeToZeroPageBreaksCopyOnWrite() {
        int zero = a.touch(3, false);
        int m = a.touch(3, true);
        assertNotEquals(zero, m);
        assertEquals(PRIVATE, a.state(3));
        assertEquals(0, host.zeroMappings());
        assertTrue(frames.isZero(m));
        assertEquals(1, a.count(PageEvent.ZERO_BREAK));
        assertTrue(last().invalidates());
        assertEquals(zero, last().oldMpn());
    }

    @Test void sharedPageCowBreakCopiesAndKeepsTheOtherSharer() {
        fill(a, 1, 5);
        fill(b, 2, 5);
        long sum = checksum(a, 1);
        int shared = a.makeShared(1, sum);
        b.share(2, shared);
        assertEquals(SHARED, a.state(1));
        assertEquals(SHARED, b.state(2));
        assertEquals(2, frames.refs(shared));
        assertEquals(1, frames.count(FrameUse.SHARED));
        assertEquals(0, frames.count(FrameUse.PRIVATE));
        assertEquals(2, a.entry(1).sharers());

        int copy = a.touch(1, true);                   // a writes: gets its own copy
        assertNotEquals(shared, copy);
        assertEquals(sum, PageHash.of(frames.words(copy)));
        assertEquals(1, frames.refs(shared));
        assertEquals(SHARED, b.state(2));
        assertEquals(1, a.count(PageEvent.COW_BREAK));
        assertTrue(last().invalidates());

        int same = b.touch(2, true);                    // the last sharer keeps the frame
        assertEquals(shared, same);
        assertEquals(FrameUse.PRIVATE, frames.use(shared));
        assertEquals(0, host.sharedFrames().size());
        assertEquals(sum, checksum(b, 2));
    }

    @Test void readOfSharedPageDoesNotBreakSharing() {
        fill(a, 1, 5);
        int shared = a.makeShared(1, checksum(a, 1));
        assertEquals(shared, a.touch(1, false));
        assertEquals(SHARED, a.state(1));
        assertEquals(0, a.count(PageEvent.COW_BREAK));
    }

    @Test void shareZeroFreesThePrivateFrame() {
        int m = a.touch(7, true);
        a.shareZero(7);
        assertEquals(ZERO, a.state(7));
        assertEquals(FrameUse.FREE, frames.use(m));
        assertEquals(PageEvent.ZERO_SHARE, last().event());
        assertTrue(last().invalidates());
    }

    @Test void swapOutAndInKeepContents() {
        fill(a, 9, 77);
        long sum = checksum(a, 9);
        int m = a.mpn(9);
        assertTrue(a.swapOut(9));
        assertEquals(SWAPPED, a.state(9));
        assertEquals(FrameUse.FREE, frames.use(m));
        assertEquals(1, host.swap().used());
        assertEquals(0, a.entry(9).swapSlot());
        assertTrue(last().invalidates());
        assertEquals(sum, checksum(a, 9));               // the read swaps it in
        assertEquals(PRIVATE, a.state(9));
        assertEquals(0, host.swap().used());
        assertEquals(1, a.count(PageEvent.SWAP_IN));
        assertEquals(1, a.count(PageEvent.SWAP_OUT));
    }

    @Test void swapOutFailsWhenTheDeviceIsFull() {
        HostMemory h = new HostMemory(new vmsh.mem.Ram(vmsh.mem.MemoryMap.RAM, 8 * 4096), 1);
        Pmap p = h.createPmap("p", 4);
        p.touch(0, true);
        p.touch(1, true);
        assertTrue(p.swapOut(0));
        assertFalse(p.swapOut(1));
        assertEquals(PRIVATE, p.state(1));
    }

    @Test void ballooningReleasesWhateverBacksThePage() {
        a.touch(0, true);                                 // PRIVATE
        fill(a, 1, 3); fill(b, 1, 3);
        int shared = a.makeShared(1, checksum(a, 1));
        b.share(1, shared);                               // SHARED
        a.touch(2, false);                                // ZERO
        fill(a, 3, 4); a.swapOut(3);                      // SWAPPED
        int used = frames.usedFrames();
        for (int g = 0; g <= 4; g++) a.balloon(g);        // page 4 was UNBACKED
        assertEquals(5, a.count(BALLOONED));
        assertEquals(used - 1, frames.usedFrames());      // the private frame went; shared frame still has b
        assertEquals(1, frames.refs(shared));
        assertEquals(0, host.zeroMappings());
        assertEquals(0, host.swap().used());
        assertThrows(IllegalStateException.class, () -> a.balloon(0));
        a.unballoon(0);
        assertEquals(UNBACKED, a.state(0));
        assertEquals(PageEvent.BALLOON_DEFLATE, last().event());
        assertTrue(frames.isZero(a.touch(0, true)));
    }

    @Test void touchingABalloonedPageBacksItAgain() {
        a.touch(0, true);
        a.balloon(0);
        assertTrue(frames.isZero(a.touch(0, true)));
        assertEquals(PRIVATE, a.state(0));
        assertEquals(1, a.count(PageEvent.BALLOON_TOUCH));
        a.balloon(1);
        int m = a.touch(1, false);                            // a read maps the zero frame
        assertEquals(host.zeroFrame(), m);
        assertEquals(ZERO, a.state(1));
        assertEquals(2, a.count(PageEvent.BALLOON_TOUCH));
    }

    @Test void swapInForAReadThenBalloonIsDoublePaging() {
        fill(a, 5, 1);
        a.swapOut(5);
        a.touch(5, false);                                // the guest reads it (to write it to its own swap)
        a.balloon(5);                                     // and then gives it up
        assertEquals(1, a.count(PageEvent.DOUBLE_PAGING));
        assertEquals(PageEvent.DOUBLE_PAGING, last().event());
        assertFalse(last().invalidates());
    }

    @Test void swapInForAReadThenWholePageOverwriteIsDoublePaging() {
        fill(a, 5, 1);
        a.swapOut(5);
        a.touch(5, false);
        a.overwrite(5);
        assertEquals(1, a.count(PageEvent.DOUBLE_PAGING));
        a.balloon(5);                                     // once only
        assertEquals(1, a.count(PageEvent.DOUBLE_PAGING));
    }

    @Test void aWriteAfterSwapInIsNotDoublePaging() {
        fill(a, 5, 1);
        a.swapOut(5);
        a.touch(5, false);
        a.touch(5, true);                                 // the guest uses the contents
        a.balloon(5);
        fill(a, 6, 1);
        a.swapOut(6);
        a.touch(6, true);                                 // swapped in by a write
        a.balloon(6);
        assertEquals(0, a.count(PageEvent.DOUBLE_PAGING));
    }

    @Test void watchedPagesAreInvalidatedAndTheirNextTouchCounted() {
        int m = a.touch(4, true);
        a.watch(4);
        assertTrue(a.watched(4));
        assertEquals(PageEvent.SAMPLE, last().event());
        assertTrue(last().invalidates());
        assertEquals(m, last().oldMpn());
        assertEquals(m, a.touch(4, false));
        assertFalse(a.watched(4));
        assertEquals(1, a.count(PageEvent.SAMPLE_TOUCH));
        a.touch(4, false);
        assertEquals(1, a.count(PageEvent.SAMPLE_TOUCH));
    }

    @Test void aWatchSurvivesSwappingUntilTheTouch() {
        fill(a, 4, 2);
        a.watch(4);
        a.swapOut(4);
        assertTrue(a.watched(4));
        a.touch(4, false);
        assertFalse(a.watched(4));
    }

    @Test void outOfRangePagesAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> a.touch(32, false));
        assertTrue(e.getMessage().contains("32") && e.getMessage().contains("'a'"), e.getMessage());
        var s = assertThrows(IllegalStateException.class, () -> a.swapOut(1));
        assertTrue(s.getMessage().contains("UNBACKED"), s.getMessage());
        assertThrows(IllegalArgumentException.class, () -> host.createPmap("a", 4));
    }

    @Test void entriesListEveryBackedPageInOrder() {
        a.touch(9, true);
        a.touch(2, false);
        List<PmapEntry> rows = a.entries();
        assertEquals(2, rows.size());
        assertEquals(2, rows.get(0).gpn());
        assertEquals(ZERO, rows.get(0).state());
        assertEquals(9, rows.get(1).gpn());
        assertEquals(PRIVATE, rows.get(1).state());
        assertEquals(1, rows.get(1).sharers());
        assertEquals(1, a.resident());
        byte[] states = a.stateOrdinals();
        assertEquals(32, states.length);
        assertEquals(ZERO.ordinal(), states[2]);
        assertEquals(PRIVATE.ordinal(), states[9]);
        assertEquals(UNBACKED.ordinal(), states[0]);
    }

    @Test void entriesAreSparse() {
        Pmap big = host.createPmap("big", 1 << 18);   // 1 GiB of guest memory
        assertEquals(0, big.entryBytes());
        big.touch(100_000, false);
        assertEquals(4096, big.entryBytes());
        assertEquals(100_000, big.next(ZERO, 0));
        assertEquals(-1, big.next(PRIVATE, 0));
        assertEquals(0, big.next(UNBACKED, 0));
    }

    @Test void allocationUnderPressureAsksTheHandler() {
        HostMemory h = new HostMemory(new vmsh.mem.Ram(vmsh.mem.MemoryMap.RAM, 2 * 4096), 8);
        Pmap p = h.createPmap("p", 8);
        p.touch(0, true);
        p.touch(1, true);
        var e = assertThrows(HostMemoryExhaustedException.class, () -> p.touch(2, true));
        assertTrue(e.getMessage().contains("2 frames"), e.getMessage());
        h.setPressureHandler(() -> p.swapOut(p.next(PRIVATE, 0)));
        p.touch(2, true);
        assertEquals(SWAPPED, p.state(0));
        assertEquals(PRIVATE, p.state(2));
    }

    @Test void releaseFreesEverything() {
        fill(a, 0, 1);
        a.touch(1, false);
        fill(a, 2, 3);
        a.swapOut(2);
        a.release();
        assertEquals(0, frames.count(FrameUse.PRIVATE));
        assertEquals(0, host.swap().used());
        assertEquals(List.of(b), host.pmaps());
    }

    @Test void statsCountPagesAndEvents() {
        a.touch(0, true);
        a.touch(1, false);
        a.touch(2, true);
        a.swapOut(2);
        PmapStats s = PmapStats.of(a);
        assertEquals(1, s.privatePages());
        assertEquals(1, s.zero());
        assertEquals(1, s.swapped());
        assertEquals(29, s.unbacked());
        assertEquals(2, s.firstTouches());
        assertEquals(1, s.swapOuts());
        HostMemoryStats hs = host.stats();
        assertEquals(64, hs.totalFrames());
        assertEquals(2, hs.usedFrames());          // a's private page and the zero frame
        assertEquals(0, hs.savedPages());
        assertEquals(2, hs.vms().size());
    }

    /** A pmap's section saved now, in pieces (a chunk that did not change is the array saved before). */
    private static vmsh.state.StateParts saved(Pmap p) { return new vmsh.state.StateOut().section("pmap", p).toParts(null); }

    @Test void anUnchangedChunkIsSavedAsTheSameBytesAndAChangedOneAnew() {
        HostMemory big = HostMemory.ofSize(4096 * 4096);
        Pmap p = big.createPmap("p", 3 * 1024);
        for (int chunk = 0; chunk < 3; chunk++) p.touch(chunk * 1024 + 5, true);
        long chunkBytes = 4 + 4 * 1024;
        vmsh.state.StateParts first = saved(p), again = saved(p);
        assertTrue(again.bytesNotIn(first) < chunkBytes, "the chunks held again: " + again.bytesNotIn(first) + " bytes new");
        p.touch(1024 + 6, true);                      // a page of the second chunk
        vmsh.state.StateParts second = saved(p);
        long fresh = second.bytesNotIn(first);
        assertTrue(fresh >= chunkBytes && fresh < 2 * chunkBytes, "one chunk saved anew, the others shared: " + fresh);
        Pmap q = big.createPmap("q", 3 * 1024);       // what it holds is the pmap now: read back, saved afresh, the same
        new vmsh.state.StateIn(second.bytes()).section("pmap", q);
        assertEquals(PRIVATE, q.state(1024 + 6));
        assertArrayEquals(second.bytes(), saved(q).bytes());
    }
}
