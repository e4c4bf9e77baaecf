package vmsh.memsched;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The knob table: defaults in range, checks that name the knob and the value, knobs set together. */
class KnobTest {
    @Test void everyDefaultIsAllowed() {
        for (Knob k : Knob.values()) {
            assertTrue(k.range().contains(k.defaultValue()), k.name);
            assertEquals(k.defaultValue(), MemSchedConfig.DEFAULTS.get(k), k.name);
            assertEquals(k, Knob.named(k.name));
            assertFalse(k.help.isBlank(), k.name);
        }
    }

    @Test void checksNameTheKnobAndTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> MemSchedConfig.DEFAULTS.with(Knob.BALLOON_MAX, 1.5));
        assertEquals("balloonMax 1.5 must be in [0, 1]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MemSchedConfig.DEFAULTS.with(Knob.SAMPLE_PERIOD, 0));
        assertEquals("samplePeriod 0 must be > 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MemSchedConfig.DEFAULTS.with(Knob.RECLAIM_POLICY, 0.5));
        assertEquals("reclaim.policy must be a name, got 0.5", e.getMessage());
    }

    @Test void swapIsASizeInWholePages() {
        assertEquals("64G", Knob.SWAP.defaultText());
        assertEquals("[0, 4096G]", Knob.SWAP.rangeText());
        assertEquals("12M", Knob.SWAP.text(12 << 20));
        assertEquals("12K", Knob.SWAP.text(12 << 10));
        var e = assertThrows(IllegalArgumentException.class, () -> MemSchedConfig.DEFAULTS.with(Knob.SWAP, 5000.0));
        assertEquals("swap 5000 must be a whole number of 4 KiB pages", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MemSchedConfig.DEFAULTS.with(Knob.SWAP, 0x1p43));
        assertEquals("swap 8192G must be in [0, 4096G]", e.getMessage());
        assertEquals(0.0, MemSchedConfig.DEFAULTS.with(Knob.SWAP, 0.0).get(Knob.SWAP));
    }

    @Test void thresholdsMovePastEachOtherWhenSetTogether() {
        MemSchedConfig c = MemSchedConfig.DEFAULTS.with(Map.of(Knob.LOW_FREE, 0.3, Knob.HARD_FREE, 0.4, Knob.SOFT_FREE, 0.5,
                Knob.HIGH_FREE, 0.6));
        assertEquals(0.3, c.get(Knob.LOW_FREE));
        assertThrows(IllegalArgumentException.class, () -> MemSchedConfig.DEFAULTS.with(Knob.LOW_FREE, 0.3));
        assertEquals(0.75, c.get(Knob.IDLE_TAX), "the rest stays");
    }

    @Test void choicesAreTheRegisteredPoliciesAndChoosers() {
        assertEquals("balloon-then-swap", Knob.RECLAIM_POLICY.defaultText());
        assertEquals(Reclaimers.Policy.values().length, Knob.RECLAIM_POLICY.choices().size());
        assertEquals(Reclaimers.Victims.values().length, Knob.RECLAIM_VICTIMS.choices().size());
        assertEquals("idle", MemSchedConfig.DEFAULTS.with(Knob.RECLAIM_VICTIMS, "idle").choice(Knob.RECLAIM_VICTIMS));
    }
}
