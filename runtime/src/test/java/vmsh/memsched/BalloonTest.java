package vmsh.memsched;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import vmsh.hostmem.HostMemory;
import vmsh.hostmem.PageEvent;
import vmsh.hostmem.PageState;
import vmsh.hostmem.Pmap;

class BalloonTest {
    private final HostMemory host = HostMemory.ofSize(256 * 4096);
    private final Pmap pmap = host.createPmap("vm", 100);
    private final Balloon balloon = new Balloon(pmap, 0.65);

    BalloonTest() { for (int g = 0; g < 60; g++) pmap.touch(g, true); }

    /** The guest's driver: gives up its highest pages first, takes back the lowest ballooned ones. */
    private void driverStep() {
        int d = balloon.delta();
        for (int g = 99; d > 0 && g >= 0; g--)
            if (pmap.state(g) != PageState.BALLOONED && balloon.inflate(g)) d--;
        for (int g = 0; d < 0 && g < 100; g++)
            if (pmap.state(g) == PageState.BALLOONED && balloon.deflate(g)) d++;
    }

    @Test void inflatingFreesFramesAndDeflatingReturnsPages() {
        assertFalse(balloon.driverPresent());
        balloon.setTarget(50);
        assertEquals(50, balloon.delta());
        driverStep();
        assertTrue(balloon.driverPresent());
        assertEquals(50, balloon.size());
        assertEquals(0, balloon.delta());
        assertEquals(50, pmap.count(PageState.PRIVATE));   // pages 50..59 were private and went
        assertEquals(50, host.frames().usedFrames());
        assertEquals(50, pmap.count(PageEvent.BALLOON_INFLATE));

        balloon.setTarget(20);
        driverStep();
        assertEquals(20, balloon.size());
        assertEquals(30, pmap.count(PageEvent.BALLOON_DEFLATE));
        assertEquals(PageState.UNBACKED, pmap.state(50));
        assertTrue(host.frames().isZero(pmap.touch(50, true)));
    }

    @Test void theBalloonStopsAtItsLimit() {
        assertEquals(65, balloon.limit());
        balloon.setTarget(90);
        assertEquals(65, balloon.target());
        driverStep();
        assertEquals(65, balloon.size());
        assertFalse(balloon.inflate(0));
        assertEquals(1, balloon.refused());
    }

    @Test void badDriverRequestsAreRefused() {
        assertFalse(balloon.deflate(3));            // not in the balloon
        assertTrue(balloon.inflate(3));
        assertFalse(balloon.inflate(3));            // already in it
        assertFalse(balloon.inflate(100));          // outside the VM
        assertFalse(balloon.deflate(-1));
        assertEquals(4, balloon.refused());
        assertEquals(1, balloon.size());
    }

    @Test void theTargetIsTheLargerOfUserAndSchedulerTargets() {
        balloon.setTarget(10);
        balloon.setReclaimTarget(30);
        assertEquals(30, balloon.target());
        balloon.setReclaimTarget(0);
        assertEquals(10, balloon.target());
        assertThrows(IllegalArgumentException.class, () -> balloon.setTarget(101));
    }

    @Test void withoutADriverNothingShrinks() {
        balloon.setTarget(50);
        assertEquals(0, balloon.size());
        assertEquals(60, pmap.resident());
        assertFalse(balloon.driverPresent());
    }
}
