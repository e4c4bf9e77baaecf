package vmsh.hv.sbi;

import static org.junit.jupiter.api.Assertions.*;
import static vmsh.hv.sbi.BalloonExtension.*;

import org.junit.jupiter.api.Test;
import vmsh.hostmem.GuestMemory;
import vmsh.hostmem.PageState;
import vmsh.hostmem.Pmap;
import vmsh.memsched.MemSchedConfig;
import vmsh.memsched.MemoryScheduler;
import vmsh.memsched.VmMemory;

class BalloonExtensionTest {
    private static final long RAM = GuestMemory.BASE;
    private static final int PAGES = 256;

    private final MemoryScheduler sched = MemoryScheduler.ofSize(4L << 20, MemSchedConfig.DEFAULTS);
    private final VmMemory vm = sched.create("vm", PAGES, 1000, 0, PAGES);
    private final Pmap pmap = vm.pmap();
    private final GuestMemory mem = vm.guest();
    private final BalloonExtension ext = new BalloonExtension(vm.balloon(), mem);

    private static long page(int gpn) { return RAM + 4096L * gpn; }

    private BalloonExtension.Result call(int fid, long a0, long a1, long a2) {
        return ext.call(fid, (int) a0, (int) a1, (int) a2);
    }

    @Test void getTargetReportsTheBalloonTargetAndAnnouncesTheDriver() {
        vm.balloon().setTarget(40);
        assertFalse(vm.balloon().driverPresent());
        assertEquals(new BalloonExtension.Result(0, 40), call(GET_TARGET, 0, 0, 0));
        assertTrue(vm.balloon().driverPresent());
    }

    @Test void inflateFreesTheFrameAndDeflateLeavesThePageUnbacked() {
        mem.storeWord(page(10), 0x1234);
        int used = sched.host().frames().usedFrames();
        assertEquals(0, call(INFLATE, page(10), 0, 0).error());
        assertEquals(PageState.BALLOONED, pmap.state(10));
        assertEquals(used - 1, sched.host().frames().usedFrames());

        assertEquals(0, call(DEFLATE, page(10), 0, 0).error());
        assertEquals(PageState.UNBACKED, pmap.state(10));
        assertEquals(0, mem.loadWord(page(10)), "a page back from the balloon reads as zeros");
        assertEquals(1, ext.inflated());
        assertEquals(1, ext.deflated());
    }

    @Test void badPagesAreRefusedWithTheirError() {
        assertEquals(ERR_INVALID_ADDRESS, call(INFLATE, page(3) + 4, 0, 0).error(), "not page-aligned");
        assertEquals(ERR_INVALID_ADDRESS, call(INFLATE, page(PAGES), 0, 0).error(), "past the end of RAM");
        assertEquals(ERR_INVALID_ADDRESS, call(INFLATE, 0x1000, 0, 0).error(), "below RAM");
        assertEquals(ERR_INVALID_ADDRESS, call(INFLATE, page(1), 1, 0).error(), "above 4 GiB");
        assertEquals(0, call(INFLATE, page(3), 0, 0).error());
        assertEquals(ERR_DENIED, call(INFLATE, page(3), 0, 0).error(), "already in the balloon");
        assertEquals(ERR_INVALID_PARAM, call(DEFLATE, page(4), 0, 0).error(), "not in the balloon");
        assertEquals(ERR_NOT_SUPPORTED, call(9, 0, 0, 0).error());
    }

    @Test void theBalloonStopsAtItsLimit() {
        int limit = vm.balloon().limit();
        for (int g = 0; g < limit; g++) assertEquals(0, call(INFLATE, page(g), 0, 0).error());
        assertEquals(ERR_DENIED, call(INFLATE, page(limit), 0, 0).error());
    }

    @Test void aBatchMovesPagesInOrderAndStopsAtTheFirstFailure() {
        long array = page(200);
        int[] gpns = {20, 21, 22, 21, 23};          // the second 21 is already in the balloon
        for (int i = 0; i < gpns.length; i++) mem.storeWord(array + 4L * i, (int) page(gpns[i]));

        BalloonExtension.Result r = call(INFLATE_BATCH, gpns.length, array, 0);
        assertEquals(new BalloonExtension.Result(ERR_DENIED, 3), r);
        assertEquals(3, pmap.count(PageState.BALLOONED));
        assertEquals(PageState.UNBACKED, pmap.state(23));

        assertEquals(new BalloonExtension.Result(0, 3), call(DEFLATE_BATCH, 3, array, 0));
        assertEquals(0, pmap.count(PageState.BALLOONED));
        assertEquals(2, ext.calls());
    }

    @Test void badBatchesAreRefusedWhole() {
        assertEquals(new BalloonExtension.Result(ERR_INVALID_PARAM, 0), call(INFLATE_BATCH, MAX_BATCH + 1, page(0), 0));
        assertEquals(new BalloonExtension.Result(ERR_INVALID_PARAM, 0), call(INFLATE_BATCH, -1, page(0), 0));
        assertEquals(new BalloonExtension.Result(ERR_INVALID_ADDRESS, 0), call(INFLATE_BATCH, 2, page(0) + 2, 0));
        assertEquals(new BalloonExtension.Result(ERR_INVALID_ADDRESS, 0), call(INFLATE_BATCH, 2, page(PAGES) - 4, 0));
        assertEquals(0, pmap.count(PageState.BALLOONED));
    }
}
