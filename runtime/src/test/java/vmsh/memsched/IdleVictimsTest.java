package vmsh.memsched;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;
import vmsh.hostmem.PageEvent;
import vmsh.hostmem.PageState;

/** Victims by sampled idleness against ESX's random victims, on the same workload. */
class IdleVictimsTest {
    static final int HOT = 300, STREAM = 50, ROUNDS = 40, PAGES = HOT + STREAM * ROUNDS;

    /**
     * A VM without a balloon driver on a host of 1000 frames: a working set of 300 pages
     * written every half second, and a log that grows by 50 pages each time, each written
     * once and left alone; the sampler watches every page each second. Returns {swap-ins,
     * working-set pages swapped out at the end}.
     */
    private static long[] run(String victims, int samplePages) {
        MemSchedConfig c = MemSchedConfig.DEFAULTS.withSeed(5).with(Map.of(Knob.SAMPLE_PAGES, samplePages,
                Knob.SAMPLE_PERIOD, 1, Knob.RECLAIM_VICTIMS, victims));
        MemoryScheduler s = MemoryScheduler.ofSize(1000 * 4096L, c);
        VmMemory vm = s.create("vm", PAGES, 1000, 0, PAGES);
        for (int round = 0; round < ROUNDS; round++) {
            for (int g = 0; g < HOT; g++) write(s, vm, g);
            for (int g = HOT + round * STREAM; g < HOT + (round + 1) * STREAM; g++) write(s, vm, g);
            s.tick(s.time().cyclesIn(0.5));
        }
        long hotOut = 0;
        for (int g = 0; g < HOT; g++) if (vm.pmap().state(g) == PageState.SWAPPED) hotOut++;
        return new long[] {vm.pmap().count(PageEvent.SWAP_IN), hotOut};
    }

    /** A guest write of a page's first word, with contents of its own (nothing to share). */
    private static void write(MemoryScheduler s, VmMemory vm, int g) { s.host().frames().words(vm.touch(g, true))[0] = g + 1; }

    @Test void idlePagesGoFirstSoTheWorkingSetStaysIn() {
        long[] random = run("random", PAGES), idle = run("idle", PAGES);
        assertTrue(random[0] > 300, "random victims hit the working set round after round: " + random[0]);
        assertTrue(random[1] > 0, "working-set pages out at the end: " + random[1]);
        assertTrue(idle[0] < random[0] / 10, "idle victims: " + idle[0] + " swap-ins against " + random[0]);
        assertEquals(0, idle[1], "no working-set page is out at the end");
    }

    @Test void withoutSamplesIdleVictimsAreRandomOnes() {
        assertArrayEquals(run("random", 0), run("idle", 0));
    }

    @Test void theChooserIsAKnob() {
        var e = assertThrows(IllegalArgumentException.class, () -> MemSchedConfig.DEFAULTS.with(Knob.RECLAIM_VICTIMS, "lru"));
        assertEquals("reclaim.victims 'lru' must be one of random, idle", e.getMessage());
        assertEquals("random", MemSchedConfig.DEFAULTS.choice(Knob.RECLAIM_VICTIMS));
    }
}
