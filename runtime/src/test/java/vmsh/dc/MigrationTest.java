package vmsh.dc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
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
    @ValueSource(strings = {"hw", "trap", "trap-vtlb"})
    void theMigratedVmEndsAsIfItHadNeverMoved(String technique) throws Exception {
        Cluster moved = cluster(), stayed = cluster();
        Vm a = server(moved, technique, 16), b = server(stayed, technique, 16);
        moved.run(10 * MS);
        stayed.run(10 * MS);
        Migration m = moved.migrate(a, moved.hosts().get(1), Migration.Options.DEFAULTS);
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

    @Test void preCopyShrinksToTheWritableWorkingSetAndBeatsStopAndCopy() {
        Migration[] m = new Migration[2];
        for (Migration.Method method : Migration.Method.values()) {
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

    @Test void mistakesAreRefused() {
        Cluster dc = cluster();
        Vm vm = server(dc, "hw", 8);
        Host h0 = dc.hosts().get(0), h1 = dc.hosts().get(1);
        assertThrows(IllegalArgumentException.class, () -> dc.migrate(vm, h0, Migration.Options.DEFAULTS));
        Vm pv = h0.create("pv", 8L << 20, Technique.parse("bt"));
        pv.load(DcGuests.server());
        var e = assertThrows(IllegalArgumentException.class, () -> dc.migrate(pv, h1, Migration.Options.DEFAULTS));
        assertTrue(e.getMessage().contains("cannot migrate"), e.getMessage());
        dc.migrate(vm, h1, Migration.Options.DEFAULTS);
        assertThrows(IllegalStateException.class, () -> dc.migrate(vm, h1, Migration.Options.DEFAULTS));
    }
}
