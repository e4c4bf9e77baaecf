package vmsh.memsched;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import vmsh.hostmem.HostMemory;
import vmsh.hostmem.PageEvent;
import vmsh.hostmem.Pmap;

class ActivitySamplerTest {
    private final HostMemory host = HostMemory.ofSize(4096 * 4096);
    private final Pmap pmap = host.createPmap("vm", 2000);
    private final ActivitySampler sampler = new ActivitySampler(pmap, new vmsh.state.SeededRandom(3), 100, 0.5, 0.125);

    /** The guest touches its first {@code pages} pages. */
    private void work(int pages) { for (int g = 0; g < pages; g++) pmap.touch(g, false); }

    private void period(int pages) {
        sampler.startPeriod();
        work(pages);
        sampler.endPeriod();
    }

    @Test void unmeasuredVmsCountAsActive() {
        assertEquals(1.0, sampler.activeFraction());
        assertTrue(Double.isNaN(sampler.lastSample()));
    }

    @Test void sampledPagesAreWatchedDistinctly() {
        sampler.startPeriod();
        assertEquals(100, pmap.count(PageEvent.SAMPLE));
        int watched = 0;
        for (int g = 0; g < 2000; g++) if (pmap.watched(g)) watched++;
        assertEquals(100, watched);
        assertEquals(0, sampler.touched());
    }

    @Test void estimatesTheActiveFraction() {
        for (int i = 0; i < 12; i++) period(2000);
        assertEquals(1.0, sampler.activeFraction(), 1e-9);
        Pmap other = host.createPmap("idle", 2000);
        ActivitySampler idle = new ActivitySampler(other, new vmsh.state.SeededRandom(4), 100, 0.5, 0.125);
        for (int i = 0; i < 3; i++) { idle.startPeriod(); idle.endPeriod(); }
        assertEquals(0.0, idle.activeFraction(), 1e-9);
    }

    @Test void aPartialWorkingSetIsEstimatedWithinSamplingError() {
        for (int i = 0; i < 20; i++) period(600);         // 30% of the pages
        assertEquals(0.3, sampler.lastSample(), 0.15);
        assertEquals(0.3, sampler.slowAverage(), 0.1);
    }

    @Test void reactsQuicklyToMoreActivityAndSlowlyToLess() {
        for (int i = 0; i < 10; i++) period(0);
        assertEquals(0.0, sampler.activeFraction(), 1e-9);
        sampler.startPeriod();
        work(2000);                                       // the VM wakes up mid-period
        assertEquals(0.5, sampler.activeFraction(), 1e-9);  // the current-period fast average sees it at once
        sampler.endPeriod();
        for (int i = 0; i < 40; i++) period(2000);
        double busy = sampler.activeFraction();
        period(0);                                        // goes idle again
        assertTrue(sampler.activeFraction() > 0.85 * busy, "slow average holds: " + sampler.activeFraction());
        for (int i = 0; i < 40; i++) period(0);
        assertTrue(sampler.activeFraction() < 0.01);
    }

    @Test void sameSeedSamplesTheSamePages() {
        Pmap p1 = HostMemory.ofSize(4096).createPmap("x", 500), p2 = HostMemory.ofSize(4096).createPmap("x", 500);
        new ActivitySampler(p1, new vmsh.state.SeededRandom(9), 50, 0.5, 0.1).startPeriod();
        new ActivitySampler(p2, new vmsh.state.SeededRandom(9), 50, 0.5, 0.1).startPeriod();
        for (int g = 0; g < 500; g++) assertEquals(p1.watched(g), p2.watched(g));
    }
}
