package vmsh.dc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vmsh.debug.Hooks;
import vmsh.history.History;
import vmsh.hv.HvConfig;
import vmsh.hv.Technique;
import vmsh.hv.Vm;

/**
 * A cluster keeping history is recorded, and a replay of it on a cluster keeping history
 * is gone back in (King, Dunlap and Chen's workflow): reverse-continue to a watched write
 * inside the replayed run finds what it found in the original. Going back while recording
 * is refused: a trip sets the cluster's objects back, which no log entry gives again.
 */
class ClusterRecordingHistoryTest {
    private static final long MS = 1_000_000;

    private static Cluster cluster() {
        return new Cluster(ClusterConfig.DEFAULTS.hosts(2).host(HvConfig.DEFAULTS.memory(64L << 20)).seed(5));
    }

    private static long word(String symbol) { return Integer.toUnsignedLong(DcGuests.server().symbol(symbol)); }

    private static VmPort server(Cluster dc) {
        Vm vm = dc.hosts().get(0).create("web", 8L << 20, Technique.parse("hw"));
        vm.load(DcGuests.server());
        vm.guest().storeWord(word("dirty_pages"), 16);
        return dc.port(vm);
    }

    /** Clients, a migration and console input, recorded. */
    private static ClusterRecording journey(Cluster dc, VmPort web, boolean historyFirst) {
        if (historyFirst) dc.keepHistory(300_000, 256L << 20);
        ClusterRecorder tape = dc.record();
        if (!historyFirst) dc.keepHistory(300_000, 256L << 20);
        dc.client(web.vm(), 5000, 2 * MS, true);
        dc.run(3 * MS);
        web.vm().console().feed("x");
        dc.migrate(web.vm(), dc.hosts().get(1), Migration.Options.DEFAULTS);
        dc.run(3 * MS);
        return tape.stop();
    }

    /** Reverse-continue from now to the last write of the counter: where, and the counter there and one instruction on. */
    private static String lastWrite(Cluster dc, VmPort web) {
        long counter = word("counter");
        Hooks hooks = new Hooks(web.vm().debugTarget());
        hooks.watchpoint(counter, counter + 4, false, true, null);
        History.Arrival hit = dc.history().reverseContinue(web, hooks);
        assertTrue(hit.hit(), hit.message());
        hooks.clear();
        int before = web.vm().guest().loadWord(counter);
        dc.history().seek(web, hit.at() + 1);
        return "at " + hit.at() + " on " + web.host().name() + ": " + before + " -> " + web.vm().guest().loadWord(counter);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aReplayOfARecordingMadeWithHistoryIsGoneBackInAsTheOriginalWas(boolean historyFirst) {
        Cluster recorded = cluster();
        VmPort web = server(recorded);
        ClusterRecording r = journey(recorded, web, historyFirst);
        String hash = recorded.stateHash();

        Cluster replayed = cluster();
        replayed.keepHistory(300_000, 256L << 20);
        assertTrue(ClusterReplay.run(replayed, r).identical());
        assertEquals(hash, replayed.stateHash());
        VmPort copy = replayed.ports().get(0);

        String found = lastWrite(recorded, web);
        assertEquals(found, lastWrite(replayed, copy));
        assertTrue(web.vm().guest().loadWord(word("counter")) > 2, found);
    }

    @Test
    void goingBackWhileRecordingIsRefusedAndTheRecordingGoesOn() {
        Cluster dc = cluster();
        VmPort web = server(dc);
        dc.keepHistory(300_000, 256L << 20);
        ClusterRecorder tape = dc.record();
        dc.client(web.vm(), 5000, 2 * MS, true);
        dc.run(2 * MS);
        String hash = dc.stateHash();
        long at = web.vm().guestInstructions();
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> dc.history().seek(web, at / 2));
        assertEquals("the cluster is being recorded: going back sets its objects back, which a recording cannot log; "
                + "stop the recording first (r.stop())", x.getMessage());
        assertEquals(hash, dc.stateHash());
        assertTrue(dc.recording());
        dc.run(MS);
        ClusterRecording r = tape.stop();
        assertTrue(ClusterReplay.run(cluster(), r).identical());
        dc.history().seek(web, at / 2);
        assertEquals(at / 2, web.vm().guestInstructions());
    }
}
