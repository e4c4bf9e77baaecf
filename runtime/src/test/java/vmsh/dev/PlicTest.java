package vmsh.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlicTest {
    boolean uart, disk;

    Plic plic() {
        Plic p = new Plic();
        p.connect(10, () -> uart);
        p.connect(3, () -> disk);
        return p;
    }

    static int claimOffset(int context) { return Plic.CONTEXT + Plic.CONTEXT_STRIDE * context + Plic.CLAIM; }

    @Test void claimsByPriorityThenNumberAndCompleteReleases() {
        Plic p = plic();
        p.store(4 * 10, 4, 2);
        p.store(4 * 3, 4, 2);
        p.store(Plic.ENABLE, 4, 1 << 10 | 1 << 3);
        uart = disk = true;
        assertTrue(p.interruptPending(0));
        assertEquals(1 << 10 | 1 << 3, p.load(Plic.PENDING, 4));
        assertEquals(3, p.load(claimOffset(0), 4), "equal priorities: the lower number");
        assertEquals(10, p.load(claimOffset(0), 4));
        assertEquals(0, p.load(claimOffset(0), 4), "both claimed");
        assertFalse(p.interruptPending(0));
        p.store(claimOffset(0), 4, 3);
        assertTrue(p.interruptPending(0), "completed while the line is still high: pending again");
        disk = false;
        assertFalse(p.interruptPending(0), "level-triggered: the line dropped");
    }

    @Test void thresholdAndPerContextEnables() {
        Plic p = plic();
        p.store(4 * 10, 4, 3);
        p.store(Plic.ENABLE + Plic.ENABLE_STRIDE, 4, 1 << 10);    // context 1 only
        uart = true;
        assertFalse(p.interruptPending(0));
        assertTrue(p.interruptPending(1));
        p.store(Plic.CONTEXT + Plic.CONTEXT_STRIDE, 4, 3);          // threshold 3: priority 3 is not above it
        assertFalse(p.interruptPending(1));
        assertEquals(3, p.load(Plic.CONTEXT + Plic.CONTEXT_STRIDE, 4));
        p.store(4 * 10, 4, 0xff);
        assertEquals(7, p.load(4 * 10, 4), "priorities are 3 bits");
    }

    @Test void completingASourceNotEnabledIsIgnored() {
        Plic p = plic();
        p.store(4 * 10, 4, 1);
        p.store(Plic.ENABLE, 4, 1 << 10);
        uart = true;
        assertEquals(10, p.load(claimOffset(0), 4));
        p.store(claimOffset(1), 4, 10);   // context 1 does not enable source 10
        assertFalse(p.interruptPending(0), "still claimed");
        p.store(claimOffset(0), 4, 10);
        assertTrue(p.interruptPending(0));
    }
}
