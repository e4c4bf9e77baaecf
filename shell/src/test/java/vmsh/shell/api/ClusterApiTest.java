package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vmsh.shell.VmshRun;

/** cluster(): hosts, VMs with network cards, clients, the network's knobs and partitions, failures; and the errors. */
class ClusterApiTest {
    private SessionFixture js;

    @BeforeEach
    void open() { js = new SessionFixture(VmshRun.repo("")); }   // readFile('samples/dc/server.s')

    @AfterEach
    void close() { js.close(); }

    static final String SERVER = """
            const dc = cluster({hosts: 2, host: {memory: '128M'}, network: {bandwidth: '1Gbit', latency: '100us'}, seed: 3});
            const [h0, h1] = dc.hosts;
            const vm = h0.create({name: 'web', memory: '16M', technique: 'hw'});
            vm.load(asm(readFile('samples/dc/server.s')));
            const c = dc.client({to: vm, rate: 2000});
            """;

    @Test void aClientGetsEveryRequestAnsweredOnce() {
        String out = js.run(SERVER + """
                print(dc.run({ms: 20}).reason);
                print(vm.console.text.trim());
                const s = c.stats();
                print(s.answered, s.unanswered, s.retransmitted, s.latency.min, s.inOrder);
                print(dc.check().exactlyOnce, vm.nic.address, vm.nic.sent === s.answered);
                print(dc.network.stats().map(f => f.flow).join(' '));
                print(dc.vm('web') === vm, dc.vms.length, h0.vms[0] === vm, h1.vms.length);
                """);
        assertEquals("""
                time
                server: 10.0.0.1, 256 working-set pages, 8 dirtied every 10000 ticks
                39 1 0 0.223 true
                true 10.0.0.1 true
                client vm
                true 1 true 0
                """, out);
    }

    @Test void theSameSeedGivesTheSameRun() {
        String script = SERVER + "dc.network.loss = 0.2; dc.run({ms: 30}); print(JSON.stringify(c.timeline()));";
        String first = js.run(script);
        js.close();
        js = new SessionFixture(VmshRun.repo(""));
        assertEquals(first, js.run(script));
        assertTrue(first.contains("latency"), first);
    }

    @Test void aPartitionCutsTheClientOffUntilItHeals() {
        String out = js.run(SERVER + """
                dc.run({ms: 5});
                const before = c.stats().answered;
                dc.network.partition([c], [vm]);
                dc.run({ms: 10});
                print(c.stats().answered === before, c.stats().retransmitted > 0);
                dc.network.heal();
                dc.run({ms: 10});
                print(c.stats().answered > before, dc.check().exactlyOnce);
                """);
        assertEquals("true true\ntrue true\n", out);
    }

    @Test void aFailedHostAnswersNoMore() {
        String out = js.run(SERVER + """
                dc.run({ms: 5});
                const at = h0.fail({insns: 1000});
                dc.run({ms: 5});
                print(h0.failed, h0.instructions === at);
                const a = c.stats().answered;
                dc.run({ms: 10});
                print(c.stats().answered === a, c.stats().unanswered > 0);
                """);
        assertEquals("true true\ntrue true\n", out);
    }

    @Test void aVmMigratesLiveAndItsHandleFollowsIt() {
        String out = js.run(SERVER + """
                dc.run({ms: 10});
                const m = dc.migrate(vm, h1, {method: 'precopy', maxRounds: 30, stopWhenDirtyBelow: 64});
                print(m.outcome, m.done, m.downtime);
                dc.run({ms: 80});
                print(m.outcome, m.rounds.length >= 2, m.rounds[m.rounds.length - 1].last, m.downtime > 0, m.downtime < m.totalTime);
                print(h0.vms.length, h1.vms[0] === vm, vm.nic.address, dc.check().exactlyOnce, m.clientGap >= m.downtime);
                print(m.report.split('\\n')[0]);
                print(dc.network.stats().map(f => f.flow).join(' '));
                """);
        assertEquals("""
                in progress false null
                done true true true true
                0 true 10.0.0.1 true true
                migration of web from h0 to h1: precopy, done
                client vm migration
                """, out);
    }

    @Test void aBackupTakesOverWhenThePrimaryFails() {
        String out = js.run(SERVER + """
                dc.run({ms: 5});
                const ft = dc.replicate(vm, h1, {epoch: 4096});
                print(ft.phase);
                dc.run({ms: 60});
                print(ft.phase, ft.entries > 0, ft.released > 0, ft.outputDelay >= 0.1, h1.vms.length);
                const at = h0.fail({insns: 3000});
                dc.run({ms: 30});
                print(ft.phase, ft.failoverInsn > 0, h1.vms[0] === vm, vm.nic.address);
                const before = c.stats().answered;
                dc.run({ms: 10});
                print(c.stats().answered > before, dc.check().exactlyOnce, dc.check().lostUpdates + dc.check().duplicatedUpdates);
                print(ft.report.split('\\n')[0].replace(/ at .*/, ''));
                """);
        assertEquals("""
                syncing
                replicating true true true 0
                done true true 10.0.0.1
                true true 0
                replication of web: primary on h0, backup on h1, epoch 4096 instructions: failed over to h1
                """, out);
    }

    @Test void aVmMigratesPostCopyAndFetchesItsPages() {
        String out = js.run(SERVER + """
                dc.run({ms: 10});
                const m = dc.migrate(vm, h1, {method: 'postcopy'});
                print(m.phase, m.postcopy);
                dc.run({ms: 1});
                print(m.phase, h1.vms[0] === vm, m.downtime > 0 && m.downtime < 0.5, m.postcopy.missing > 0);
                dc.run({ms: 80});
                const p = m.postcopy;
                print(m.outcome, p.pages === p.pushed + p.onDemand, p.missing, p.remoteFaults === vm.stats().byReason['remote-fault'], m.totalTime > p.ms);
                print(h0.vms.length, dc.check().exactlyOnce, m.report.includes('remote faults stalled the VM'));
                """);
        assertEquals("""
                stop-and-copy null
                postcopy true true true
                done true 0 true true
                0 true true
                """, out);
    }

    @Test void aPartitionLeavesOneCopyLiveAsTheWitnessDecides() {
        String out = js.run(SERVER + """
                dc.run({ms: 5});
                const ft = dc.replicate(vm, h1, {epoch: 4096, detection: '300us', heartbeat: '100us'});
                dc.run({ms: 60});
                print(ft.phase);
                dc.network.partition([h0], [h1, 'witness']);
                dc.run({ms: 10});
                print(ft.phase, ft.suspicion.startsWith('the primary on h0 was silent for'), ft.suspectedAt > 65, ft.deposed, h1.vms[0] === vm);
                dc.network.heal();
                dc.run({ms: 10});
                print(ft.deposed, dc.check().exactlyOnce, dc.network.stats().map(f => f.flow).join(' '));
                """);
        assertEquals("""
                replicating
                done true true false true
                true true client vm replication heartbeat witness
                """, out);
        js.close();
        js = new SessionFixture(VmshRun.repo(""));
        assertEquals("test.js:6:11: RangeError: dc.replicate(): failure detection 10.0 us must be at least the heartbeat's 50.0 us",
                js.error(SERVER + "const f = dc.replicate(vm, h1, {detection: '10us'})"));
    }

    @Test void aBtVmMigratesAndIsReplicatedAndAPvVmIsRefusedInOneLine() {
        String out = js.run(SERVER.replace("technique: 'hw'", "technique: 'bt'") + """
                dc.run({ms: 5});
                const m = dc.migrate(vm, h1, {method: 'postcopy'});
                dc.run({ms: 60});
                print(m.outcome, h1.vms[0] === vm, vm.technique, dc.check().exactlyOnce);
                const ft = dc.replicate(vm, h0, {epoch: 4096});
                dc.run({ms: 60});
                print(ft.phase);
                h1.fail({insns: 5000});
                dc.run({ms: 10});
                print(ft.phase, h0.vms[0] === vm, dc.check().exactlyOnce);
                """);
        assertEquals("""
                done true bt true
                replicating
                done true true
                """, out);
        js.close();
        js = new SessionFixture(VmshRun.repo(""));
        assertEquals("test.js:6:69: RangeError: dc.migrate(): VM 'pv' cannot migrate: under pv its page tables hold this host's machine frame numbers (direct paging)",
                js.error(SERVER + "const pv = h0.create({name: 'pv', memory: '16M', technique: 'pv'}); dc.migrate(pv, h1)"));
    }

    @Test void migrationMistakesAreNamed() {
        assertEquals("test.js:6:1: RangeError: dc.migrate(): unknown migration method 'post-copy' (known: stop-and-copy, precopy, postcopy)",
                js.error(SERVER + "dc.migrate(vm, h1, {method: 'post-copy'})"));
        js.close();
        js = new SessionFixture(VmshRun.repo(""));
        assertEquals("test.js:6:1: RangeError: dc.migrate(): VM 'web' is on host h0 already", js.error(SERVER + "dc.migrate(vm, h0)"));
    }

    @Test void mistakesAreNamed() {
        assertEquals("test.js:1:1: TypeError: cluster(): unknown option 'host_count' (known: hosts, host, network, seed)",
                js.error("cluster({host_count: 2})"));
        assertEquals("test.js:1:1: RangeError: cluster(): network.bandwidth: invalid bandwidth 'fast' (use e.g. '1Gbit', '100Mbit', or a number of bits per second)",
                js.error("cluster({network: {bandwidth: 'fast'}})"));
        assertEquals("test.js:1:1: RangeError: cluster(): network.latency: invalid duration '3 parsecs' (use e.g. '100us', '1.5ms', '2s', or a number of seconds)",
                js.error("cluster({network: {latency: '3 parsecs'}})"));
        assertEquals("test.js:1:1: RangeError: cluster(): hosts 65 is more than 64", js.error("cluster({hosts: 65})"));
        assertEquals("test.js:1:23: TypeError: dc.client(): to must be a VM of the cluster, got 42",
                js.error("const dc = cluster(); dc.client({to: 42})"));
        assertEquals("test.js:1:23: TypeError: dc.run() needs a time: {ms: 50}, {us: 500}, {s: 1} or {cycles: 1e6}",
                js.error("const d2 = cluster(); d2.run()"));
        assertEquals("test.js:1:23: TypeError: hv.configure(): this is a cluster's host; cluster({host: {...}}) configures its hosts",
                js.error("const d3 = cluster(); d3.hosts[0].hv.configure({memory: '1G'})"));
        assertEquals("test.js:1:23: RangeError: dc.host(): no host named 'h9' (the hosts are h0..h1)", js.error("const d4 = cluster(); d4.host('h9')"));
    }

    @Test void helpListsTheClusterTypes() {
        String out = js.run("help('cluster'); help('host'); help('network'); help('client')");
        out += js.run("help('migration'); help('replication')");
        for (String member : List.of("dc.run({ms | us | s | cycles})", "h0.fail({insns | within})", "dc.network.partition(sideA, sideB)", "c.timeline()",
                "dc.migrate(vm, host, {method, maxRounds, stopWhenDirtyBelow, rate, prepaging})", "m.downtime", "m.postcopy",
                "dc.replicate(vm, host, {epoch, detection, heartbeat})", "ft.failoverInsn", "ft.suspicion"))
            assertTrue(out.contains(member), member + " in\n" + out);
    }
}
