package vmsh.dc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vmsh.history.Replay;
import vmsh.hv.HvConfig;
import vmsh.hv.Technique;
import vmsh.hv.Vm;

/**
 * A cluster's recording: replayed on a new cluster it arrives at the same whole cluster
 * (every host, the network, the clients, the reports) with the same consoles, through
 * migrations, replication, failover, partitions, losses and input between runs; a log
 * changed on the way is a divergence; what cannot be given again gives the recording up.
 */
class ClusterRecordingTest {
    private static final long MS = 1_000_000;

    private static Cluster cluster() {
        return new Cluster(ClusterConfig.DEFAULTS.hosts(2).host(HvConfig.DEFAULTS.memory(64L << 20)).seed(7));
    }

    private static long word(String symbol) { return Integer.toUnsignedLong(DcGuests.server().symbol(symbol)); }

    /** A counter server on h0, loaded before the recording. */
    private static Vm server(Cluster dc, String technique) {
        Vm vm = dc.hosts().get(0).create("web", 8L << 20, Technique.parse(technique));
        vm.load(DcGuests.server());
        vm.guest().storeWord(word("dirty_pages"), 16);
        return vm;
    }

    /** The VM now called web, wherever it runs. */
    private static Vm web(Cluster dc) { return dc.ports().get(0).vm(); }

    /** A journey through a migration ({@code method}) or through replication, a partition and a failover, with input between runs. */
    private static void journey(Cluster dc, String method) {
        if (method.equals("replication")) web(dc).guest().storeWord(word("resident_pages"), 0);   // a quick sync
        dc.client(web(dc), 5000, 2 * MS, true);
        dc.run(3 * MS);
        web(dc).console().feed("x");
        web(dc).guest().storeWord(word("dirty_pages"), 20);
        if (method.equals("replication")) {
            int client = dc.network().siteOf(dc.clients().get(0).address());
            dc.network().partition(Set.of(client), Set.of(dc.hosts().get(0).site()));
            dc.run(2 * MS);
            dc.network().heal();
            dc.replicate(web(dc), dc.hosts().get(1), 4096, 200_000);
            dc.run(4 * MS);
            dc.hosts().get(0).failAt(dc.hosts().get(0).instructions() + 3000);
            dc.run(6 * MS);
            assertTrue(dc.hosts().get(0).failed() && dc.ports().get(0).host() == dc.hosts().get(1), "the backup took over: " + dc.hosts().get(0) + " " + dc.replications().stream().map(Replication::report).toList() + dc.ports().get(0).host());
        } else {
            Migration m = dc.migrate(web(dc), dc.hosts().get(1), Migration.Options.DEFAULTS.method(Migration.Method.parse(method)));
            dc.network().configure(dc.network().config().loss(0.1));
            dc.run(2 * MS);
            dc.network().configure(dc.network().config().loss(0));
            web(dc).guest().storeWord(word("dirty_pages"), 24);
            dc.run(70 * MS);
            assertTrue(m.done(), m.report());
            dc.clients().get(0).stop();
            dc.run(2 * MS);
        }
    }

    @ParameterizedTest
    @CsvSource({"hw, precopy", "hw, postcopy", "hw, replication", "trap, precopy", "trap, postcopy", "trap, replication",
            "trap-vtlb, precopy", "trap-vtlb, postcopy", "trap-vtlb, replication", "hw-shadow, precopy", "hw-shadow, postcopy",
            "hw-shadow, replication", "bt, precopy", "bt, postcopy", "bt, replication"})
    void aReplayArrivesAtTheRecordedClusterWithTheSameConsoles(String technique, String method) {
        Cluster recorded = cluster();
        server(recorded, technique);
        ClusterRecorder tape = recorded.record();
        journey(recorded, method);
        ClusterRecording r = tape.stop();
        assertFalse(recorded.recording());
        assertEquals(recorded.stateHash(), r.endHash());
        assertTrue(r.entries().stream().anyMatch(e -> e.input() instanceof ClusterInput.HostState && e.at() > 0), "input between runs was logged");

        Cluster replayed = new Cluster(r.config());
        Replay.Outcome o = ClusterReplay.run(replayed, r);
        assertEquals(ClusterFingerprint.text(recorded), ClusterFingerprint.text(replayed));
        assertTrue(o.identical(), o.toString());
        assertEquals(consoles(recorded), consoles(replayed));
        assertTrue(consoles(replayed).get(0).contains("server: 10.0.0.1"), consoles(replayed).get(0));
    }

    /** pv VMs do not migrate (their page tables hold the host's frame numbers); they record and replay in place. */
    @Test
    void aPvVmRecordsAndReplaysWhereItIs() {
        Cluster recorded = cluster();
        server(recorded, "pv");
        ClusterRecorder tape = recorded.record();
        recorded.client(web(recorded), 5000, 2 * MS, true);
        recorded.run(2 * MS);
        web(recorded).console().feed("x");
        recorded.network().configure(recorded.network().config().loss(0.2));
        recorded.network().partition(Set.of(recorded.network().siteOf(recorded.clients().get(0).address())), Set.of(recorded.hosts().get(0).site()));
        recorded.run(2 * MS);
        recorded.network().heal();
        recorded.run(2 * MS);
        ClusterRecording r = tape.stop();
        Cluster replayed = new Cluster(r.config());
        assertTrue(ClusterReplay.run(replayed, r).identical());
        assertEquals(ClusterFingerprint.text(recorded), ClusterFingerprint.text(replayed));
        assertEquals(consoles(recorded), consoles(replayed));
    }

    private static List<String> consoles(Cluster dc) {
        List<String> list = new ArrayList<>();
        for (VmPort p : dc.ports()) list.add(p.vm().name() + ": " + p.vm().console().text());
        return list;
    }

    @Test
    void aChangedLogIsADivergence() {
        Cluster recorded = cluster();
        server(recorded, "hw");
        ClusterRecorder tape = recorded.record();
        journey(recorded, "precopy");
        ClusterRecording r = tape.stop();
        List<ClusterRecording.Entry> changed = new ArrayList<>(r.entries());
        int run = 0;
        while (!(changed.get(run).input() instanceof ClusterInput.Run)) run++;
        ClusterRecording.Entry e = changed.get(run);
        changed.set(run, new ClusterRecording.Entry(e.at(), e.insns(), new ClusterInput.Run(3 * MS + 1, Long.MAX_VALUE)));
        ClusterRecording bad = new ClusterRecording(r.config(), changed, r.end(), r.insns(), r.endHash());
        Replay.DivergedException x = assertThrows(Replay.DivergedException.class, () -> ClusterReplay.run(new Cluster(r.config()), bad));
        assertTrue(x.getMessage().startsWith("the replay is at t = "), x.getMessage());

        ClusterRecording otherEnd = new ClusterRecording(r.config(), r.entries(), r.end(), r.insns(), "0".repeat(64));
        assertFalse(ClusterReplay.run(new Cluster(r.config()), otherEnd).identical());
    }

    @Test
    void aClusterIsRecordedFromBeforeItsFirstRun() {
        Cluster dc = cluster();
        Vm vm = server(dc, "hw");
        dc.run(MS);
        IllegalStateException x = assertThrows(IllegalStateException.class, dc::record);
        assertTrue(x.getMessage().startsWith("the cluster has run (t = 1.000 ms)"), x.getMessage());
        assertTrue(vm.guestInstructions() > 0);
    }

    /** A refusal before the first run names what is there already: a client, a migration, a replication, the witness. */
    @Test
    void aRefusalBeforeTheFirstRunNamesWhatIsThere() {
        Cluster withClient = cluster();
        withClient.client(server(withClient, "hw"), 5000, 2 * MS, true);
        assertEquals("the cluster has client c0 already: a recording starts before them (dc.record() first)",
                assertThrows(IllegalStateException.class, withClient::record).getMessage());
        Cluster migrating = cluster();
        migrating.migrate(server(migrating, "hw"), migrating.hosts().get(1), Migration.Options.DEFAULTS);
        assertEquals("the cluster has a migration of VM 'web' already: a recording starts before them (dc.record() first)",
                assertThrows(IllegalStateException.class, migrating::record).getMessage());
        Cluster witnessed = cluster();
        witnessed.witnessSite();
        assertEquals("the cluster has its witness (dc.witnessSite()) already: a recording starts before them (dc.record() first)",
                assertThrows(IllegalStateException.class, witnessed::record).getMessage());
    }

    /** A VM made on a cluster's host by its hypervisor (no NIC, not the cluster's) between runs is the host's state: the replay has it too. */
    @ParameterizedTest
    @CsvSource({"true, hw", "false, hw", "true, trap", "false, bt"})
    void aVmTheHostMadeAloneBesideTheClustersIsReplayed(boolean before, String technique) {
        Cluster recorded = cluster();
        server(recorded, technique);
        Vm side = before ? sideVm(recorded, technique) : null;
        ClusterRecorder tape = recorded.record();
        recorded.client(web(recorded), 5000, 2 * MS, true);
        recorded.run(2 * MS);
        if (!before) side = sideVm(recorded, technique);
        recorded.run(3 * MS);
        ClusterRecording r = tape.stop();
        assertTrue(side.guestInstructions() > 0, "the side VM ran with the cluster");
        Cluster replayed = new Cluster(r.config());
        Replay.Outcome o = ClusterReplay.run(replayed, r);
        assertEquals(ClusterFingerprint.text(recorded), ClusterFingerprint.text(replayed));
        assertTrue(o.identical(), o.toString());
        Vm again = replayed.hosts().get(0).hypervisor().vms().get(1);
        assertEquals(side.guestInstructions(), again.guestInstructions());
        assertEquals(side.console().text(), again.console().text());
        assertEquals(consoles(recorded), consoles(replayed));
    }

    private static Vm sideVm(Cluster dc, String technique) {
        Vm side = dc.hosts().get(0).hypervisor().create("side", 8L << 20, Technique.parse(technique));
        side.load(DcGuests.disco());
        return side;
    }

    @Test
    void aHostRunAloneGivesTheRecordingUp() {
        Cluster dc = cluster();
        Vm vm = server(dc, "hw");
        ClusterRecorder tape = dc.record();
        dc.run(MS);
        vm.run(1000);
        dc.run(MS);
        assertFalse(dc.recording());
        IllegalStateException x = assertThrows(IllegalStateException.class, tape::stop);
        assertTrue(x.getMessage().startsWith("the recording was given up: host h0 ran outside dc.run()"), x.getMessage());
    }

    @Test
    void aRunStoppedFromOutsideGivesTheRecordingUp() {
        Cluster dc = cluster();
        server(dc, "hw");
        ClusterRecorder tape = dc.record();
        dc.requestStop();
        assertEquals("stopped", dc.run(MS).reason());
        assertTrue(assertThrows(IllegalStateException.class, tape::stop).getMessage().contains("dc.run() was stopped from outside"));
    }
}
