package vmsh.dc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A cluster's run and the stops asked of it from outside (Ctrl-C, a time limit). */
class ClusterRunTest {
    private static final long MS = 1_000_000;

    /**
     * A stop asked for as a run ends (after its last check) is not lost: the next run serves
     * it at once. A trip through history is many runs; a stop lost between two of them would
     * let the trip run to its end past a time limit.
     */
    @Test
    void aStopThatComesAsARunEndsStopsTheNextRun() {
        Cluster dc = new Cluster(ClusterConfig.DEFAULTS.hosts(1));
        dc.events().at(MS, dc::requestStop);   // due at the very end of the first run
        assertEquals("time", dc.run(MS).reason());
        assertEquals("stopped", dc.run(MS).reason());
        assertEquals("time", dc.run(MS).reason());   // served once
    }
}
