package vmsh.dc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vmsh.debug.Hooks;
import vmsh.history.History;
import vmsh.hv.HvConfig;
import vmsh.hv.Technique;
import vmsh.hv.Vm;

/**
 * A cluster's time travel: going back lands on exactly the state a run that stopped there
 * has (every host, the network, the clients, the reports), and going on from there gives
 * the same future; reverse-continue finds a VM's last watched write while a migration or a
 * replication runs; going back past a migration started between runs takes it away, and
 * going forward brings it back.
 */
class ClusterHistoryTest {
    private static final long MS = 1_000_000;

    private static Cluster cluster() {
        return new Cluster(ClusterConfig.DEFAULTS.hosts(2).host(HvConfig.DEFAULTS.memory(64L << 20)));
    }

    /** A counter server on h0 with a client sending 5000 requests a second (its resident pages filled: a migration takes tens of milliseconds). */
    private static VmPort served(Cluster dc, String technique) {
        Vm vm = dc.hosts().get(0).create("web", 8L << 20, Technique.parse(technique));
        vm.load(DcGuests.server());
        vm.guest().storeWord(word("dirty_pages"), 16);
        dc.client(vm, 5000, 2 * MS, true);
        return dc.port(vm);
    }

    private static long word(String symbol) { return Integer.toUnsignedLong(DcGuests.server().symbol(symbol)); }

    /** Everything a cluster is (see {@link ClusterFingerprint}). */
    static String fingerprint(Cluster dc) { return ClusterFingerprint.text(dc); }

    @ParameterizedTest
    @ValueSource(strings = {"hw", "trap", "trap-vtlb", "hw-shadow", "bt"})
    void seekingBackLandsWhereARunStoppedThereIsAndTheFutureIsTheSame(String technique) {
        Cluster travelled = cluster(), stopped = cluster(), plain = cluster();
        VmPort a = served(travelled, technique), b = served(stopped, technique), c = served(plain, technique);
        travelled.keepHistory(300_000, 256L << 20);
        stopped.keepHistory(300_000, 256L << 20);
        travelled.run(4 * MS);
        String present = fingerprint(travelled);
        long end = a.vm().guestInstructions(), n = end * 3 / 5 + 7;
        travelled.history().seek(a, n);
        assertEquals(n, a.vm().guestInstructions());
        assertTrue(travelled.history().inPast());

        assertEquals("stopped", stopped.runTo(b, n, 4 * MS).reason());
        plain.runTo(c, n, 4 * MS);
        String there = fingerprint(stopped);
        assertEquals(there, fingerprint(travelled), "the cluster back at instruction " + n);
        assertEquals(there, fingerprint(plain), "history changes nothing of the run");

        travelled.history().seek(a, end);   // the present again
        assertEquals(present, fingerprint(travelled));
        travelled.history().reverseStep(a, end - n);

        travelled.run(2 * MS);   // a new future from the past
        stopped.run(2 * MS);
        plain.run(2 * MS);
        assertEquals(fingerprint(stopped), fingerprint(travelled));
        assertEquals(fingerprint(plain), fingerprint(travelled));
        assertTrue(travelled.history().checkpoints() > 5, travelled.history().toString());
        assertTrue(travelled.history().replayed() > 0);
    }

    @Test
    void inputAtAPointOfThePastIsKeptOnceTheClusterRunsOnFromThere() {
        Cluster dc = cluster();
        VmPort web = served(dc, "hw");
        dc.keepHistory(500_000, 256L << 20);
        dc.run(4 * MS);
        long n = web.vm().guestInstructions() / 2;
        dc.history().seek(web, n);
        web.vm().run(3000);   // the VM alone on its host, and a word written: input there
        web.vm().guest().storeWord(word("dirty_pages"), 40);
        dc.run(2 * MS);
        String present = fingerprint(dc);
        long end = web.vm().guestInstructions();
        dc.history().seek(web, n - 1000);
        assertEquals(16, web.vm().guest().loadWord(word("dirty_pages")), "before the input");
        IllegalArgumentException alone = assertThrows(IllegalArgumentException.class, () -> dc.history().seek(web, n + 1000));
        assertTrue(alone.getMessage().contains("was not run by dc.run(): the VM ran it alone on its host"), "run alone: not on the cluster's timeline: "
                + alone.getMessage());
        dc.history().seek(web, n);
        assertEquals(n, web.vm().guestInstructions(), "where the run alone began: a point of the cluster's timeline");
        dc.history().seek(web, end);
        assertEquals(present, fingerprint(dc), "the present again, through the input made in the past");
    }

    /** Input between runs, then a run of so many cycles. */
    private record Phase(BiConsumer<Cluster, VmPort> input, long cycles) {}

    private static List<Phase> scenario(String name) {
        BiConsumer<Cluster, VmPort> none = (dc, web) -> {};
        return switch (name) {
            case "precopy", "postcopy", "stop-and-copy" -> List.of(new Phase(none, 3 * MS),
                    new Phase((dc, web) -> dc.migrate(web.vm(), dc.hosts().get(1), Migration.Options.DEFAULTS.method(Migration.Method.parse(name))), 70 * MS));
            case "failover" -> List.of(new Phase((dc, web) -> web.vm().guest().storeWord(word("resident_pages"), 0), 3 * MS),
                    new Phase((dc, web) -> dc.replicate(web.vm(), dc.hosts().get(1), 4096, 200_000), 4 * MS),
                    new Phase((dc, web) -> dc.hosts().get(0).failAt(dc.hosts().get(0).instructions() + 3000), 6 * MS));
            case "partition" -> List.of(new Phase((dc, web) -> web.vm().guest().storeWord(word("resident_pages"), 0), 3 * MS),
                    new Phase((dc, web) -> dc.replicate(web.vm(), dc.hosts().get(1), 4096, 200_000), 4 * MS),
                    new Phase((dc, web) -> dc.network().partition(Set.of(dc.hosts().get(0).site()),
                            Set.of(dc.hosts().get(1).site(), dc.witnessSite())), 3 * MS),
                    new Phase((dc, web) -> dc.network().heal(), 3 * MS));
            case "loss" -> List.of(new Phase(none, 2 * MS),
                    new Phase((dc, web) -> dc.network().configure(dc.network().config().loss(0.2)), 3 * MS),
                    new Phase((dc, web) -> dc.clients().get(0).stop(), 2 * MS));
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"precopy", "postcopy", "stop-and-copy", "failover", "partition", "loss"})
    void seekingBackThroughProtocolsLandsWhereARunStoppedThereIs(String name) {
        List<Phase> phases = scenario(name);
        Cluster travelled = cluster(), stopped = cluster();
        VmPort a = served(travelled, "hw"), b = served(stopped, "hw");
        travelled.keepHistory(500_000, 512L << 20);
        long[] ends = new long[phases.size()];
        for (int i = 0; i < phases.size(); i++) {
            phases.get(i).input().accept(travelled, a);
            travelled.run(phases.get(i).cycles());
            ends[i] = a.vm().guestInstructions();
        }
        String present = fingerprint(travelled);
        int k = phases.size() - 1;
        long n = ends[k - 1] + (ends[k] - ends[k - 1]) * 3 / 5;
        travelled.history().seek(a, n);
        for (int i = 0; i < k; i++) {
            phases.get(i).input().accept(stopped, b);
            stopped.run(phases.get(i).cycles());
        }
        phases.get(k).input().accept(stopped, b);
        stopped.runTo(b, n, phases.get(k).cycles());
        assertEquals(fingerprint(stopped), fingerprint(travelled), name + ": back at instruction " + n);
        travelled.history().seek(a, ends[k]);
        assertEquals(present, fingerprint(travelled), name + ": the present again");
        travelled.history().seek(a, n);
        travelled.run(3 * MS);
        stopped.run(3 * MS);
        assertEquals(fingerprint(stopped), fingerprint(travelled), name + ": a new future from there");
    }

    @Test
    void reverseContinueFindsTheLastWatchedWriteDuringAMigration() {
        Cluster dc = cluster();
        VmPort web = served(dc, "hw");
        dc.keepHistory(300_000, 256L << 20);
        dc.run(3 * MS);
        Migration m = dc.migrate(web.vm(), dc.hosts().get(1), Migration.Options.DEFAULTS);
        dc.run(3 * MS);
        assertEquals(Migration.Phase.PRECOPY, m.phase(), m.report());
        assertLastWriteFound(dc, web);
        assertEquals(Migration.Phase.PRECOPY, m.phase());
    }

    @Test
    void reverseContinueFindsTheLastWatchedWriteDuringAReplication() {
        Cluster dc = cluster();
        VmPort web = served(dc, "hw");
        web.vm().guest().storeWord(word("resident_pages"), 0);   // a quick first copy
        dc.keepHistory(300_000, 256L << 20);
        dc.run(3 * MS);
        Replication r = dc.replicate(web.vm(), dc.hosts().get(1), 4096, 200_000);
        dc.run(4 * MS);
        assertEquals(Replication.Phase.REPLICATING, r.phase(), r.report());
        assertLastWriteFound(dc, web);
        assertEquals(Replication.Phase.REPLICATING, r.phase(), r.report());
    }

    /** Reverse-continue to the last write of the counter: the word changes at the next instruction and not after it, up to where the search began. */
    private static void assertLastWriteFound(Cluster dc, VmPort web) {
        Vm vm = web.vm();
        long counter = word("counter"), from = vm.guestInstructions();
        int value = vm.guest().loadWord(counter);
        assertTrue(value > 2, "the server counted requests: " + value);
        Hooks hooks = new Hooks(vm.debugTarget());
        hooks.watchpoint(counter, counter + 4, false, true, null);
        History.Arrival hit = dc.history().reverseContinue(web, hooks);
        assertTrue(hit.hit(), hit.message());
        long at = hit.at();
        assertEquals(at, web.vm().guestInstructions());
        assertTrue(at < from);
        int before = web.vm().guest().loadWord(counter);
        dc.history().seek(web, at + 1);
        assertEquals(value, web.vm().guest().loadWord(counter), "the write found is the last before instruction " + from);
        assertNotEquals(before, value, "the instruction after the hit wrote the word");
        hooks.clear();
        dc.history().seek(web, from);
        assertEquals(value, web.vm().guest().loadWord(counter));
    }

    @Test
    void reverseContinueFindsAWriteTheSourceMadeBeforeTheVmMoved() {
        Cluster dc = cluster();
        VmPort web = served(dc, "hw");
        dc.keepHistory(MS, 256L << 20);
        dc.run(3 * MS);
        dc.clients().get(0).stop();   // the last count is made on h0
        dc.run(2 * MS);
        Migration m = dc.migrate(web.vm(), dc.hosts().get(1), Migration.Options.DEFAULTS);
        dc.run(80 * MS);
        assertTrue(m.done(), m.report());
        Vm copy = web.vm();
        long counter = word("counter"), from = copy.guestInstructions();
        int value = copy.guest().loadWord(counter);
        Hooks hooks = new Hooks(copy.debugTarget());
        hooks.watchpoint(counter, counter + 4, false, true, null);
        History.Arrival hit = dc.history().reverseContinue(web, hooks);
        assertTrue(hit.hit(), hit.message());
        assertSame(dc.hosts().get(0), web.host(), "the write was the source's");
        dc.history().seek(web, hit.at() + 1);
        assertEquals(value, web.vm().guest().loadWord(counter));
        dc.history().seek(web, hit.at());
        assertEquals(value - 1, web.vm().guest().loadWord(counter));
        dc.history().seek(web, from);
        assertTrue(m.done());
    }

    @Test
    void goingBackPastAMigrationTakesItAwayAndForwardBringsItBack() {
        Cluster dc = cluster();
        VmPort web = served(dc, "hw");
        Host h0 = dc.hosts().get(0), h1 = dc.hosts().get(1);
        dc.keepHistory(MS, 256L << 20);
        dc.run(3 * MS);
        long before = web.vm().guestInstructions();
        Vm source = web.vm();
        Migration m = dc.migrate(source, h1, Migration.Options.DEFAULTS);
        dc.run(80 * MS);
        assertTrue(m.done(), m.report());
        assertSame(h1, web.host());
        String present = fingerprint(dc), report = m.report();
        long end = web.vm().guestInstructions();

        dc.history().seek(web, before - 1000);
        assertSame(h0, web.host(), "before the migration the VM is on h0");
        assertTrue(dc.migrations().isEmpty(), "the migration is not there yet");
        assertTrue(h1.vms().isEmpty(), "nor its copy");
        dc.history().seek(web, end);
        assertEquals(present, fingerprint(dc), "forward again: the same present");
        assertEquals(report, m.report(), "the same migration object, done again");
        assertSame(h1, web.host());

        dc.history().seek(web, before + (end - before) / 4);   // inside the migration: its rounds go on from there
        assertEquals(Migration.Phase.PRECOPY, m.phase(), m.report());
        assertEquals(m, dc.migrations().get(0));
        dc.run(80 * MS);   // a new future, the migration finishing in it
        assertTrue(m.done(), m.report());
        long now = web.vm().guestInstructions();
        assertThrows(IllegalArgumentException.class, () -> dc.history().seek(web, now + 1), "the future is not there yet");
    }
}
