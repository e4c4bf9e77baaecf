package vmsh.memsched;

import static org.junit.jupiter.api.Assertions.*;
import static vmsh.memsched.ReclaimState.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReclaimStateTest {
    private static final MemSchedConfig C = MemSchedConfig.DEFAULTS;

    private static Map<Knob, Double> thresholds(double high, double soft, double hard, double low) {
        return Map.of(Knob.HIGH_FREE, high, Knob.SOFT_FREE, soft, Knob.HARD_FREE, hard, Knob.LOW_FREE, low);
    }

    /** The state reached from {@code s} with {@code free} of 10,000 frames free. */
    private static ReclaimState at(ReclaimState s, int free) { return s.next(free, 10_000, C); }

    @Test void fallsAtTheLowerStatesThreshold() {
        assertEquals(HIGH, at(HIGH, 600));
        assertEquals(HIGH, at(HIGH, 400));
        assertEquals(SOFT, at(HIGH, 399));
        assertEquals(HARD, at(HIGH, 199));
        assertEquals(LOW, at(HIGH, 99));
        assertEquals(HARD, at(SOFT, 150));
        assertEquals(LOW, at(HARD, 50));
    }

    @Test void climbsOnlyPastTheThresholdAbove() {
        assertEquals(SOFT, at(SOFT, 599));
        assertEquals(HIGH, at(SOFT, 600));
        assertEquals(HARD, at(HARD, 399));
        assertEquals(SOFT, at(HARD, 400));
        assertEquals(LOW, at(LOW, 199));
        assertEquals(HARD, at(LOW, 200));
        assertEquals(HIGH, at(LOW, 9000));
    }

    @Test void thresholdsAreConfigurable() {
        MemSchedConfig c = C.with(thresholds(0.5, 0.4, 0.3, 0.2));
        assertEquals(SOFT, HIGH.next(39, 100, c));
        assertEquals(LOW, HIGH.next(19, 100, c));
        var e = assertThrows(IllegalArgumentException.class, () -> C.with(thresholds(0.01, 0.04, 0.02, 0.01)));
        assertTrue(e.getMessage().contains("0.01"), e.getMessage());
    }
}
