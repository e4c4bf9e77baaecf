package vmsh.dc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import vmsh.hostmem.GuestMemory;
import vmsh.hv.HvConfig;
import vmsh.hv.Technique;
import vmsh.hv.Vm;
import vmsh.hv.VmState;

/**
 * Live migration: the migrated VM ends in the state of one that never moved (a hash of its
 * memory, registers, clocks, console and devices at the same guest instruction), pre-copy
 * rounds shrink to the writable working set, the downtime is far below stop-and-copy's, and
 * the clients see every request answered once.
 */
class MigrationTest {
    private static final long MS = 1_000_000;

    private static Cluster cluster() {
        return new Cluster(ClusterConfig.DEFAULTS.hosts(2).host(HvConfig.DEFAULTS.memory(64L << 20)));
    }

    private static Vm server(Cluster dc, String technique, int dirtyPages) {
        Vm vm = dc.hosts().get(0).create("web", 8L << 20, Technique.parse(technique));
        vm.load(DcGuests.server());
        vm.guest().storeWord(Integer.toUnsignedLong(DcGuests.server().symbol("dirty_pages")), dirtyPages);
        return vm;
    }

    /** The VM's state as a hash: memory, registers, pc, clocks, console and devices. */
    private static String fingerprint(Vm vm) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update(vm.guest().read(GuestMemory.BASE, (int) vm.guest().size()));
        for (int x : vm.vcpu().x) d.update(Integer.toString(x).getBytes());
        d.update((vm.vcpu().pc + " " + vm.guestInstructions() + " " + vm.vcpu().cycles() + " " + vm.console().text()).getBytes());
        for (var w : vm.devices().windows()) {
            vmsh.state.StateOut out = new vmsh.state.StateOut();
            w.device().save(out);
            d.update(out.toBytes());
        }
        return HexFormat.of().formatHex(d.digest());
    }

    /** Runs the cluster until the VM of {@code port} stops at guest instruction {@code n}. */
    private static Vm runTo(Cluster dc, VmPort port, long n) {
        Vm vm = port.vm();
        vm.stopAt(n, () -> vm.pause("checkpoint"));
        for (int i = 0; i < 1000 && vm.paused() == null; i++) dc.run(MS);
        assertEquals(n, vm.guestInstructions());
        return vm;
    }

    @ParameterizedTest
    @CsvSource({"hw, precopy", "trap, precopy", "trap-vtlb, precopy", "hw-shadow, precopy",
            "hw, postcopy", "trap, postcopy", "trap-vtlb, postcopy", "hw-shadow, postcopy", "hw-shadow, stop-and-copy",
            "bt, precopy", "bt, postcopy", "bt, stop-and-copy"})
    void theMigratedVmEndsAsIfItHadNeverMoved(String technique, String method) throws Exception {
        Cluster moved = cluster(), stayed = cluster();
        Vm a = server(moved, technique, 16), b = server(stayed, technique, 16);
        moved.run(10 * MS);
        stayed.run(10 * MS);
        Migration m = moved.migrate(a, moved.hosts().get(1), Migration.Options.DEFAULTS.method(Migration.Method.parse(method)));
        moved.run(100 * MS);
        stayed.run(100 * MS);
        assertTrue(m.done(), m.report());
        Vm copy = moved.port(m.copy()).vm();
        assertEquals(copy, m.copy());
        assertEquals(moved.hosts().get(1).hypervisor(), copy.hypervisor());
        assertTrue(moved.hosts().get(0).vms().isEmpty(), "the source let the VM go");
        long n = Math.max(copy.guestInstructions(), b.guestInstructions()) + 5_000;
        Vm x = runTo(moved, moved.port(copy), n), y = runTo(stayed, stayed.port(b), n);
        assertEquals(fingerprint(y), fingerprint(x), m.report());
        assertEquals(VmState.READY, x.state());
    }

    /**
     * Under bt the translation cache moves with the vCPU; code the source never translated is
     * translated on the target, and under post-copy the translator's reads of guest pages
     * still on the source are remote faults the vCPU waits out, as the guest's own touches are.
     */
    @ParameterizedTest
    @ValueSource(strings = {"postcopy", "precopy"})
    void underBtTheTargetTranslatesWhatTheSourceNeverRan(String method) throws Exception {
        Cluster moved = cluster(), stayed = cluster();
        Vm a = server(moved, "bt", 16), b = server(stayed, "bt", 16);
        a.run(3_000);   // the server is still booting, most of its code not translated yet
        b.run(3_000);
        Migration m = moved.migrate(a, moved.hosts().get(1), Migration.Options.DEFAULTS.method(Migration.Method.parse(method)));
        int[] translatorFaults = new int[1];
        m.copy().onExit(e -> {
            if (e.reason() == vmsh.hv.ExitReason.REMOTE_FAULT && Integer.compareUnsigned(e.pc(), 0xFFC0_0000) < 0) translatorFaults[0]++;
        });
        moved.run(100 * MS);
        stayed.run(100 * MS);
        assertTrue(m.done(), m.report());
        if (method.equals("postcopy")) assertTrue(translatorFaults[0] > 0, "the translator met pages still on the source: " + m.report());
        long n = Math.max(m.copy().guestInstructions(), b.guestInstructions()) + 5_000;
        Vm x = runTo(moved, moved.port(m.copy()), n), y = runTo(stayed, stayed.port(b), n);
        assertEquals(fingerprint(y), fingerprint(x), m.report());
    }

    @Test void preCopyShrinksToTheWritableWorkingSetAndBeatsStopAndCopy() {
        Migration[] m = new Migration[2];
        for (Migration.Method method : new Migration.Method[] {Migration.Method.STOP_AND_COPY, Migration.Method.PRECOPY}) {
            Cluster dc = cluster();
            Vm vm = server(dc, "hw", 8);
            Client c = dc.client(vm, 2000, 5 * MS, false);
            dc.run(20 * MS);
            m[method.ordinal()] = dc.migrate(vm, dc.hosts().get(1), Migration.Options.DEFAULTS.method(method));
            dc.run(150 * MS);
            assertTrue(m[method.ordinal()].done(), m[method.ordinal()].report());
            assertTrue(dc.check().exactlyOnce(), dc.check().toString());
            assertTrue(c.answered() > 300, c.toString());
        }
        Migration stop = m[0], pre = m[1];
        System.out.print(stop.report() + pre.report());
        assertEquals(1, stop.rounds().size());
        assertTrue(pre.rounds().size() >= 2, pre.report());
        var rounds = pre.rounds();
        assertTrue(rounds.get(1).pagesSent() < rounds.get(0).pagesSent() / 4, "round 2 sends the working set only");
        assertTrue(pre.downtime() * 10 < stop.downtime(), "pre-copy's downtime is a small part of stop-and-copy's");
        assertTrue(pre.totalTime() > stop.totalTime());
        assertTrue(pre.pagesSent() > stop.pagesSent());
        assertTrue(pre.clientGap() >= pre.downtime() && stop.clientGap() >= stop.downtime());
    }

    /** Runs a server with a client for 20 ms, migrates it by {@code options}, runs 150 ms more. */
    private static Migration migrated(Migration.Options options, int dirtyPages) {
        Cluster dc = cluster();
        Vm vm = server(dc, "hw", dirtyPages);
        Client c = dc.client(vm, 2000, 5 * MS, false);
        dc.run(20 * MS);
        Migration m = dc.migrate(vm, dc.hosts().get(1), options);
        dc.run(150 * MS);
        assertTrue(m.done(), m.report());
        assertTrue(dc.check().exactlyOnce(), dc.check().toString());
        assertTrue(c.answered() > 300, c.toString());
        return m;
    }

    @Test void postCopyResumesAtOnceAndFetchesPagesOnFault() {
        Migration stop = migrated(Migration.Options.DEFAULTS.method(Migration.Method.STOP_AND_COPY), 8);
        Migration post = migrated(Migration.Options.DEFAULTS.method(Migration.Method.POSTCOPY), 64);
        System.out.print(post.report());
        PostCopy p = post.postCopy();
        assertTrue(Math.abs(stop.pagesSent() - p.pages()) < 300, "post-copy moves what stop-and-copy moves (of a VM that ran 20 ms more)");
        assertEquals(p.pages(), p.pushed() + p.onDemand(), "each page was pushed or asked for");
        assertEquals(p.pages() + p.resent(), post.pagesSent());
        assertTrue(p.resent() <= p.remoteFaults() / 10, "a page on its way is not sent again: " + post.report());
        assertTrue(p.onDemand() > 0 && p.remoteFaults() > 50, post.report());
        assertTrue(p.stallCycles() > 0 && p.missing() == 0);
        assertEquals(1, post.rounds().size());
        assertEquals(0, post.rounds().get(0).pagesSent(), "the pause sends the state only");
        assertTrue(post.downtime() * 20 < stop.downtime(), "post-copy's downtime is the state's transfer");
        assertTrue(post.totalTime() >= post.downtime() + p.duration());
        assertTrue(post.copy().exits(vmsh.hv.ExitReason.REMOTE_FAULT) == p.remoteFaults());
        assertTrue(post.report().contains("remote faults"), post.report());
    }

    @Test void postCopyPushesWithAndWithoutPrepaging() {
        Migration with = migrated(Migration.Options.DEFAULTS.method(Migration.Method.POSTCOPY), 64);
        Migration without = migrated(Migration.Options.DEFAULTS.method(Migration.Method.POSTCOPY).prepaging(false), 64);
        System.out.print(with.report() + without.report());
        assertTrue(with.postCopy().remoteFaults() > 0 && without.postCopy().remoteFaults() > 0);
        assertTrue(with.postCopy().stallCycles() > 0 && without.postCopy().stallCycles() > 0);
        assertTrue(with.postCopy().remoteFaults() != without.postCopy().remoteFaults(), "pre-paging pushes in another order");
    }

    @Test void postCopySurvivesLossAndIsDeterministic() {
        String[] reports = new String[2];
        for (int i = 0; i < 2; i++) {
            Cluster dc = cluster();
            Vm vm = server(dc, "hw", 8);
            dc.client(vm, 3000, 5 * MS, true);
            dc.network().configure(dc.network().config().loss(0.02));
            dc.run(5 * MS);
            Migration m = dc.migrate(vm, dc.hosts().get(1), Migration.Options.DEFAULTS.method(Migration.Method.POSTCOPY));
            dc.run(150 * MS);
            assertTrue(m.done(), m.report());
            assertTrue(m.postCopy().resent() > 0, m.report());
            assertTrue(dc.check().exactlyOnce(), dc.check().toString());
            reports[i] = m.report() + dc.check();
        }
        assertEquals(reports[0], reports[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h0", "h1"})
    void aHostFailingDuringPostCopyLosesTheVm(String failing) {
        Cluster dc = cluster();
        Vm vm = server(dc, "hw", 8);
        dc.client(vm, 2000, 5 * MS, false);
        dc.run(5 * MS);
        Migration m = dc.migrate(vm, dc.hosts().get(1), Migration.Options.DEFAULTS.method(Migration.Method.POSTCOPY));
        dc.run(3 * MS);
        assertEquals(Migration.Phase.POSTCOPY, m.phase(), m.report());
        dc.host(failing).fail();
        dc.run(5 * MS);
        assertEquals(Migration.Phase.ABORTED, m.phase());
        assertTrue(m.outcome().contains("failed during post-copy") && m.outcome().endsWith("the VM is lost"), m.outcome());
        if (failing.equals("h1")) assertTrue(dc.hosts().get(0).vms().isEmpty(), "the source let its stale copy go");
        else assertTrue(m.copy().paused().startsWith("lost"), m.copy().paused());
        assertTrue(dc.migrations().isEmpty());
    }

    @Test void theSameSeedGivesTheSameMigration() {
        String[] reports = new String[2];
        for (int i = 0; i < 2; i++) {
            Cluster dc = cluster();
            Vm vm = server(dc, "hw", 8);
            dc.client(vm, 3000, 5 * MS, true);
            dc.network().configure(dc.network().config().loss(0.01));
            dc.run(5 * MS);
            Migration m = dc.migrate(vm, dc.hosts().get(1), Migration.Options.DEFAULTS.maxRounds(5).rate(500_000_000));
            dc.run(150 * MS);
            assertTrue(m.done(), m.report());
            assertTrue(dc.check().exactlyOnce(), dc.check().toString());
            reports[i] = m.report() + dc.check();
        }
        assertEquals(reports[0], reports[1]);
    }

    @Test void aFailedTargetLeavesTheVmRunningOnTheSource() {
        Cluster dc = cluster();
        Vm vm = server(dc, "hw", 8);
        Client c = dc.client(vm, 2000, 5 * MS, false);
        dc.run(5 * MS);
        Migration m = dc.migrate(vm, dc.hosts().get(1), Migration.Options.DEFAULTS);
        dc.run(2 * MS);
        dc.hosts().get(1).fail();
        dc.run(20 * MS);
        assertFalse(m.done());
        assertTrue(m.outcome().startsWith("aborted: host h1 failed"), m.outcome());
        assertEquals(vm, dc.port(vm).vm());
        assertEquals(null, vm.paused());
        long answered = c.answered();
        dc.run(10 * MS);
        assertTrue(c.answered() > answered, "the VM still serves");
        assertTrue(dc.check().exactlyOnce());
    }

    /** A VM of {@code vcpus} vCPUs running samples/hv/disco.s on host h0 of {@code dc}. */
    private static Vm smp(Cluster dc, int vcpus) {
        Vm vm = dc.hosts().get(0).create("smp", 8L << 20, Technique.HW, vmsh.hv.VmOptions.DEFAULTS.vcpus(vcpus));
        vm.load(DcGuests.disco());
        vm.guest().storeWord(Integer.toUnsignedLong(DcGuests.disco().symbol("harts")), vcpus);
        vm.guest().storeWord(Integer.toUnsignedLong(DcGuests.disco().symbol("rounds")), 400);
        vm.guest().storeWord(Integer.toUnsignedLong(DcGuests.disco().symbol("rewrite")), 1);
        return vm;
    }

    /** Runs until the VM of {@code port} halts; returns it. */
    private static Vm runToHalt(Cluster dc, VmPort port) {
        for (int i = 0; i < 2000 && (port.vm().state() != VmState.HALTED || !dc.migrations().isEmpty()); i++) dc.run(MS);
        return port.vm();
    }

    @ParameterizedTest
    @ValueSource(strings = {"precopy", "postcopy", "stop-and-copy"})
    void aVmOfSeveralVcpusMigratesWithAllOfThem(String method) {
        Cluster moved = cluster(), stayed = cluster();
        Vm a = smp(moved, 4), b = smp(stayed, 4);
        moved.run(2 * MS);
        stayed.run(2 * MS);
        long started = a.vcpus().stream().filter(v -> !v.stopped()).count();
        assertTrue(started > 1, "the guest started its other vCPUs before the move: " + started);
        Migration m = moved.migrate(a, moved.hosts().get(1), Migration.Options.DEFAULTS.method(Migration.Method.parse(method)));
        Vm x = runToHalt(moved, moved.port(a)), y = runToHalt(stayed, stayed.port(b));
        assertTrue(m.done(), m.report());
        System.out.print(m.report());
        assertTrue(m.downtime() > 0 && y.guestInstructions() > m.vm().guestInstructions(), "it moved while it ran");
        assertEquals(moved.hosts().get(1).hypervisor(), x.hypervisor());
        assertEquals(VmState.HALTED, x.state(), x.message());
        assertEquals(0, x.exitCode());
        assertEquals(y.console().text(), x.console().text());
        assertTrue(x.console().text().startsWith("disco: 4 harts"), x.console().text());
    }

    @Test void mistakesAreRefused() {
        Cluster dc = cluster();
        Vm vm = server(dc, "hw", 8);
        Host h0 = dc.hosts().get(0), h1 = dc.hosts().get(1);
        assertThrows(IllegalArgumentException.class, () -> dc.migrate(vm, h0, Migration.Options.DEFAULTS));
        Vm pv = h0.create("pv", 8L << 20, Technique.parse("pv"));
        pv.load(DcGuests.server());
        var e = assertThrows(IllegalArgumentException.class, () -> dc.migrate(pv, h1, Migration.Options.DEFAULTS));
        assertTrue(e.getMessage().contains("cannot migrate"), e.getMessage());
        dc.migrate(vm, h1, Migration.Options.DEFAULTS);
        assertThrows(IllegalStateException.class, () -> dc.migrate(vm, h1, Migration.Options.DEFAULTS));
    }
}
