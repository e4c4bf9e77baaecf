package vmsh.hostmem;

import static org.junit.jupiter.api.Assertions.*;
import static vmsh.hostmem.PageState.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuperpagesTest {
    private static final int REGION = Superpages.PAGES;

    private final HostMemory host = HostMemory.ofSize(16L << 20);   // 4096 frames: four 4 MiB extents
    private final MachineMemory frames = host.frames();
    private final Pmap p = host.createPmap("s", 2 * REGION + 100);  // two whole regions and a partial one
    private final List<PageChange> seen = new ArrayList<>();

    SuperpagesTest() {
        p.useSuperpages();
        p.addListener(seen::add);
    }

    private void write(int gpn, int seed) {
        int[] w = frames.words(p.touch(gpn, true));
        for (int i = 0; i < w.length; i++) w[i] = seed * 7919 + i;
    }

    private boolean holds(int gpn, int seed) {
        int[] w = frames.words(p.touch(gpn, false));
        for (int i = 0; i < w.length; i++) if (w[i] != seed * 7919 + i) return false;
        return true;
    }

    private void fillRegion(int r) {
        for (int g = r * REGION; g < (r + 1) * REGION; g++) write(g, g);
    }

    private long events(PageEvent e) { return seen.stream().filter(c -> c.event() == e).count(); }

    @Test void firstTouchReservesAnAlignedExtentAndUsesItsFrameInPlace() {
        int mpn = p.touch(5, true);
        int extent = p.superpages().extentFrame(0);
        assertEquals(0, extent % REGION, "the extent is 4 MiB aligned");
        assertEquals(extent + 5, mpn);
        assertEquals(1, p.superpages().reservations());
        assertEquals(REGION - 1, frames.reservedFreeFrames());
        assertEquals(frames.totalFrames() - 1, frames.freeFrames(), "reserved frames still count as free");
        assertEquals(extent + 6, p.touch(6, false), "a read of an untouched page gets its own frame too");
        assertEquals(PRIVATE, p.state(6));
        assertFalse(p.superpages().promoted(0));
    }

    @Test void aFullRegionIsPromotedOnce() {
        fillRegion(0);
        assertTrue(p.superpages().promoted(0));
        assertTrue(p.promoted(17));
        assertFalse(p.promoted(REGION + 17));
        assertEquals(1, events(PageEvent.PROMOTE));
        PageChange c = seen.stream().filter(x -> x.event() == PageEvent.PROMOTE).findFirst().orElseThrow();
        assertEquals(0, c.gpn());
        assertEquals(p.superpages().extentFrame(0), c.newMpn());
        assertFalse(c.invalidates(), "a promotion moves no page");
        assertEquals(1, p.superpages().stats().promoted());
    }

    @Test void theRegionsExtentsDoNotOverlap() {
        p.touch(0, true);
        p.touch(REGION, true);
        assertNotEquals(p.superpages().extentFrame(0), p.superpages().extentFrame(1));
        assertEquals(2, p.superpages().reservedRegions());
    }

    @Test void aPartialRegionNeverReserves() {
        int mpn = p.touch(2 * REGION + 3, false);
        assertEquals(host.zeroFrame(), mpn, "reads of a partial region map the zero frame as usual");
        p.touch(2 * REGION + 4, true);
        assertEquals(0, p.superpages().reservations());
    }

    @Test void ballooningOnePageDemotesAndLosesNoOtherData() {
        fillRegion(0);
        p.balloon(100);
        assertFalse(p.superpages().promoted(0));
        assertEquals(1, events(PageEvent.DEMOTE));
        for (int g = 0; g < REGION; g++) if (g != 100) assertTrue(holds(g, g), "page " + g + " kept its contents");
        assertEquals(1, frames.reservedFreeFrames(), "the ballooned page's frame goes back to the reservation");
        p.unballoon(100);
        write(100, 100);
        assertTrue(p.superpages().promoted(0), "the page came back to its frame: promoted again");
        assertEquals(2, p.superpages().promotions());
        assertEquals(1, p.superpages().demotions());
    }

    @Test void swappingOnePageDemotesAndTheSwapInRestoresItInPlace() {
        fillRegion(0);
        int frame = p.mpn(300);
        assertTrue(p.swapOut(300));
        assertFalse(p.superpages().promoted(0));
        assertTrue(holds(300, 300), "swapped back in, intact");
        assertEquals(frame, p.mpn(300), "in its own frame again");
        assertTrue(p.superpages().promoted(0));
        for (int g = 0; g < REGION; g++) assertTrue(holds(g, g));
    }

    @Test void sharingOnePageDemotes() {
        fillRegion(0);
        p.makeShared(42, 0x1234L);
        assertEquals(SHARED, p.state(42));
        assertFalse(p.superpages().promoted(0));
        write(42, 42);   // the only sharer writes: the frame is private again, in place
        assertTrue(p.superpages().promoted(0));
    }

    @Test void aWatchedPageInAPromotedRegionCountsAsTouchedWhenAnyPageOfTheRegionIs() {
        fillRegion(0);
        p.watch(10);
        p.watch(20);
        p.touch(900, false);
        assertFalse(p.watched(10));
        assertFalse(p.watched(20));
        assertEquals(2, p.count(PageEvent.SAMPLE_TOUCH));
    }

    @Test void underPressureTheLeastRecentlyUsedReservationIsBroken() {
        HostMemory small = HostMemory.ofSize(12L << 20);   // three extents
        Pmap a = small.createPmap("a", 2 * REGION), b = small.createPmap("b", 2 * REGION), c = small.createPmap("c", 2048);
        a.useSuperpages();
        b.useSuperpages();
        a.touch(0, true);
        b.touch(0, true);
        a.touch(1, true);          // a was used last: b's reservation is the older one
        for (int g = 0; g < REGION; g++) c.touch(g, true);   // every frame the reservations leave
        assertEquals(0, small.frames().freeFrames() - small.frames().reservedFreeFrames());
        c.touch(REGION, true);
        assertEquals(1, b.superpages().reservationsBroken());
        assertEquals(0, a.superpages().reservationsBroken());
        assertEquals(0, b.superpages().reservedRegions());
        assertEquals(1, a.superpages().reservedRegions());
    }

    @Test void releaseGivesTheReservationsBack() {
        p.touch(0, true);
        p.touch(REGION, true);
        p.release();
        assertEquals(frames.totalFrames(), frames.freeFrames());
        assertEquals(0, frames.reservedFreeFrames());
        assertTrue(frames.runAvailable(0, frames.totalFrames()));
    }

    @Test void superpagesMustBeChosenBeforeTheFirstTouch() {
        Pmap q = host.createPmap("q", REGION);
        q.touch(0, true);
        assertThrows(IllegalStateException.class, q::useSuperpages);
    }
}
