package vmsh.dc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import vmsh.hv.HvConfig;
import vmsh.hv.Technique;
import vmsh.hv.Vm;

/**
 * Primary/backup replication: the backup keeps in lockstep with the primary, replies wait
 * for the backup's acknowledgement, and a failure of the primary at any instruction leaves
 * every client request answered and counted exactly once.
 */
class ReplicationTest {
    private static final long MS = 1_000_000;

    private record Run(Cluster dc, Vm vm, Client client, Replication r) {}

    private static Run replicated(long epoch, String technique) { return replicated(epoch, technique, 200_000); }

    private static Run replicated(long epoch, String technique, long detection) {
        Cluster dc = new Cluster(ClusterConfig.DEFAULTS.hosts(2).host(HvConfig.DEFAULTS.memory(64L << 20)));
        Vm vm = dc.hosts().get(0).create("web", 8L << 20, Technique.parse(technique));
        vm.load(DcGuests.server());
        vm.guest().storeWord(Integer.toUnsignedLong(DcGuests.server().symbol("resident_pages")), 0);
        Client c = dc.client(vm, 2000, 2 * MS, false);
        dc.run(5 * MS);
        Replication r = dc.replicate(vm, dc.hosts().get(1), epoch, detection);
        return new Run(dc, vm, c, r);
    }

    @Test void theBackupFollowsThePrimaryAndRepliesWaitForIt() {
        Run x = replicated(4096, "hw");
        x.dc.run(30 * MS);
        Replication r = x.r;
        System.out.print(r.report() + r.backupState() + "\n");
        assertEquals(Replication.Phase.REPLICATING, r.phase(), r.outcome());
        assertTrue(r.entries() > 50 && r.applied() > r.entries() - 20, r.report());
        assertTrue(x.client.answered() > 50, x.client.toString());
        assertTrue(r.meanOutputDelay() >= 100_000, "a reply waits for the backup's acknowledgement: " + r.report());
        assertTrue(x.dc.check().exactlyOnce());
        long lag = r.primary().guestInstructions() - r.backup().guestInstructions();
        assertTrue(lag >= 0 && lag < 200_000, "the backup is close behind: " + lag);
    }

    @Test void aFailedPrimaryLosesNoUpdateAtAnyInstant() {
        SplittableRandom instants = new SplittableRandom(12);
        for (int trial = 0; trial < 12; trial++) {
            Run x = replicated(trial % 2 == 0 ? 4096 : 65_536, trial % 3 == 0 ? "trap" : trial % 3 == 1 ? "bt" : "hw");
            x.dc.run(2 * MS);
            Host h0 = x.dc.hosts().get(0);
            h0.failAt(h0.instructions() + instants.nextLong(30_000));
            x.dc.run(40 * MS);
            Replication r = x.r;
            assertEquals(Replication.Phase.DONE, r.phase(), r.report());
            assertEquals(x.vm.name(), x.dc.port(r.backup()).vm().name());
            long answered = x.client.answered();
            x.dc.run(10 * MS);
            assertTrue(x.client.answered() > answered + 10, "the backup serves: " + r.report());
            ReplyCheck c = x.dc.check();
            assertTrue(c.exactlyOnce() && c.unanswered() <= 1, "trial " + trial + ": " + c + "\n" + r.report());
        }
    }

    @Test void aPrimaryFailingWhileARepliesWaitsForTheBackupLosesNothing() {
        Run x = replicated(4096, "hw");
        x.dc.run(10 * MS);
        for (int i = 0; i < 10_000 && x.r.heldOutputs() == 0; i++) x.dc.run(5_000);
        assertTrue(x.r.heldOutputs() > 0);
        x.dc.hosts().get(0).fail();
        x.dc.run(20 * MS);
        assertEquals(Replication.Phase.DONE, x.r.phase(), x.r.report());
        assertTrue(x.r.heldAtFailure() > 0 && x.r.report().contains("died with it"), x.r.report());
        assertTrue(x.dc.check().exactlyOnce() && x.dc.check().unanswered() <= 1, x.dc.check().toString());
    }

    @Test void aFailedBackupLeavesThePrimaryAlone() {
        Run x = replicated(4096, "hw");
        x.dc.run(5 * MS);
        x.dc.hosts().get(1).fail();
        x.dc.run(5 * MS);
        assertEquals(Replication.Phase.BACKUP_LOST, x.r.phase());
        long answered = x.client.answered();
        x.dc.run(10 * MS);
        assertTrue(x.client.answered() > answered + 10);
        assertTrue(x.dc.check().exactlyOnce());
    }

    @Test void theBackupNoticesTheSilenceAfterTheDetectionTimeout() {
        Run x = replicated(4096, "hw", 2 * MS);
        x.dc.run(10 * MS);
        Host h0 = x.dc.hosts().get(0);
        h0.fail();
        long failed = x.dc.now();
        x.dc.run(MS);
        assertEquals(Replication.Phase.REPLICATING, x.r.phase(), "nobody tells the backup: it is still waiting");
        x.dc.run(10 * MS);
        assertEquals(Replication.Phase.DONE, x.r.phase(), x.r.report());
        long heard = x.r.suspectedAt() - failed;
        assertTrue(heard >= 2 * MS - Cluster.HEARTBEAT && heard <= 2 * MS + Cluster.HEARTBEAT + 200_000, "suspected after " + heard);
        assertTrue(x.r.suspicion().startsWith("the primary on h0 was silent for"), x.r.suspicion());
        assertTrue(x.r.failedOverAt() > x.r.suspectedAt(), "then the witness's answer, then the replay");
        assertTrue(x.dc.check().exactlyOnce());
    }

    /** Cuts the network between {@code a} and {@code b} (sites). */
    private static void cut(Cluster dc, java.util.Set<Integer> a, java.util.Set<Integer> b) { dc.network().partition(a, b); }

    @Test void aPartitionBetweenPrimaryAndBackupLeavesOneCopyLive() {
        Run x = replicated(4096, "hw");
        x.dc.run(10 * MS);
        Host h0 = x.dc.hosts().get(0), h1 = x.dc.hosts().get(1);
        cut(x.dc, java.util.Set.of(h0.site()), java.util.Set.of(h1.site()));   // both still reach the witness and the clients
        x.dc.run(10 * MS);
        Replication r = x.r;
        System.out.print(r.report());
        boolean backupWon = r.phase() == Replication.Phase.DONE;
        assertTrue(backupWon || r.phase() == Replication.Phase.BACKUP_LOST, r.report());
        assertEquals(backupWon, r.primaryDeposed());
        assertEquals(backupWon ? h1 : h0, x.dc.port(x.dc.ports().get(0).vm()).host(), "the address is where the live copy is");
        long answered = x.client.answered();
        x.dc.run(10 * MS);
        x.dc.network().heal();
        x.dc.run(10 * MS);
        assertTrue(x.client.answered() > answered + 20, "the live copy serves");
        assertEquals(1, h0.vms().size() + h1.vms().size(), "the other copy stopped and its host let it go");
        assertEveryUpdateOnce(x);
    }

    /** Every update counted once; a reply came twice only when the failover sent it again. */
    private static void assertEveryUpdateOnce(Run x) {
        ReplyCheck c = x.dc.check();
        assertTrue(c.exactlyOnce() && c.duplicateReplies() <= x.r.resent(), "no reply but the failover's resent ones twice: " + c + "\n" + x.r.report());
    }

    @Test void anIsolatedPrimaryHoldsItsRepliesAndIsDeposed() {
        Run x = replicated(4096, "hw");
        x.dc.run(10 * MS);
        Host h0 = x.dc.hosts().get(0), h1 = x.dc.hosts().get(1);
        cut(x.dc, java.util.Set.of(h0.site()), java.util.Set.of(h1.site(), x.dc.witnessSite()));   // the clients still reach h0
        long answered = x.client.answered();
        x.dc.run(10 * MS);
        Replication r = x.r;
        assertEquals(Replication.Phase.DONE, r.phase(), "the backup asked the witness and took over: " + r.report());
        assertTrue(x.client.answered() > answered + 10, "the backup serves");
        assertTrue(!r.primaryDeposed() && h0.vms().size() == 1, "the primary cannot reach the witness: it waits, holding its replies");
        x.dc.network().heal();
        x.dc.run(10 * MS);
        assertTrue(r.primaryDeposed() && h0.vms().isEmpty(), "after the heal the witness's answer stops it");
        assertEveryUpdateOnce(x);
    }

    @Test void anIsolatedBackupLeavesThePrimaryAloneAndStopsAfterTheHeal() {
        Run x = replicated(4096, "hw");
        x.dc.run(10 * MS);
        Host h0 = x.dc.hosts().get(0), h1 = x.dc.hosts().get(1);
        cut(x.dc, java.util.Set.of(h1.site()), java.util.Set.of(h0.site(), x.dc.witnessSite()));
        x.dc.run(10 * MS);
        assertEquals(Replication.Phase.BACKUP_LOST, x.r.phase(), x.r.report());
        assertTrue(x.r.outcome().contains("the backup on h1 was silent for"), x.r.outcome());
        assertEquals(1, h1.vms().size(), "the backup waits for the witness");
        x.dc.network().heal();
        x.dc.run(10 * MS);
        assertTrue(h1.vms().isEmpty(), "the witness chose the primary: the backup goes");
        assertTrue(x.dc.check().exactlyOnce());
    }

    @Test void lostLogPacketsAndAPartitionShorterThanTheTimeoutOnlyDelayTheService() {
        Run x = replicated(4096, "hw", 20 * MS);
        x.dc.network().configure(x.dc.network().config().loss(0.05));
        x.dc.run(20 * MS);
        Host h0 = x.dc.hosts().get(0), h1 = x.dc.hosts().get(1);
        x.dc.network().partition(java.util.Set.of(h0.site()), java.util.Set.of(h1.site()));
        long answered = x.client.answered();
        x.dc.run(5 * MS);
        assertTrue(x.client.answered() <= answered + 1, "no reply leaves while the backup cannot hear the primary");
        x.dc.network().heal();
        x.dc.run(20 * MS);
        assertTrue(x.client.answered() > answered + 10, x.r.report());
        assertTrue(x.r.report().contains("sent again"), x.r.report());
        assertEquals(Replication.Phase.REPLICATING, x.r.phase(), x.r.report());
        h0.failAt(h0.instructions() + 5_000);
        x.dc.run(50 * MS);
        assertEquals(Replication.Phase.DONE, x.r.phase(), x.r.report());
        assertTrue(x.dc.check().exactlyOnce(), x.dc.check().toString());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"hw-shadow", "trap-vtlb", "bt"})
    void otherTechniquesFailOverExactlyOnce(String technique) {
        Run x = replicated(4096, technique);
        x.dc.run(8 * MS);
        Host h0 = x.dc.hosts().get(0);
        h0.failAt(h0.instructions() + 7_777);
        x.dc.run(30 * MS);
        assertEquals(Replication.Phase.DONE, x.r.phase(), x.r.report());
        long answered = x.client.answered();
        x.dc.run(10 * MS);
        assertTrue(x.client.answered() > answered + 10, "the backup serves: " + x.r.report());
        assertTrue(x.dc.check().exactlyOnce(), x.dc.check().toString());
    }

    @Test void whatCannotBeReplicatedIsRefusedWithItsReason() {
        Cluster dc = new Cluster(ClusterConfig.DEFAULTS.hosts(2).host(HvConfig.DEFAULTS.memory(64L << 20)));
        Host h0 = dc.hosts().get(0), h1 = dc.hosts().get(1);
        Vm smp = h0.create("smp", 8L << 20, Technique.HW, vmsh.hv.VmOptions.DEFAULTS.vcpus(2));
        smp.load(DcGuests.server());
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> dc.replicate(smp, h1, 4096, 200_000));
        assertTrue(e.getMessage().startsWith("VM 'smp' cannot be replicated: it has 2 vCPUs"), e.getMessage());
        Vm pv = h0.create("pv", 8L << 20, Technique.PV);
        pv.load(DcGuests.server());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> dc.replicate(pv, h1, 4096, 200_000));
        assertTrue(e.getMessage().startsWith("VM 'pv' cannot be replicated: under pv its page tables hold"), e.getMessage());
    }

    @Test void theSameSeedGivesTheSameFailover() {
        String[] reports = new String[2];
        for (int i = 0; i < 2; i++) {
            Run x = replicated(4096, "hw");
            x.dc.run(3 * MS);
            x.dc.hosts().get(0).failAt(x.dc.hosts().get(0).instructions() + 12_345);
            x.dc.run(20 * MS);
            reports[i] = x.r.report();
        }
        assertEquals(reports[0], reports[1]);
    }
}
