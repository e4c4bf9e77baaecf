package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** dc.record() and dc.replay(): a cluster's run as a value and a file, played again on a new cluster that takes the old one's place; and the refusals. */
class ClusterRecordingApiTest {
    @RegisterExtension
    final SessionFixture js = SessionFixture.inCheckout();

    static final String RECORDED = """
            const dc = cluster({hosts: 2, host: {memory: '128M'}, seed: 3});
            const [h0, h1] = dc.hosts;
            const vm = h0.create({name: 'web', memory: '16M', technique: 'trap'});
            const image = asm(readFile('samples/dc/server.s'));
            vm.load(image);
            const r = dc.record();
            const c = dc.client({to: vm, rate: 2000});
            dc.run({ms: 3});
            const m = dc.migrate(vm, h1, {method: 'postcopy'});
            vm.console.feed('x');
            dc.network.loss = 0.05;
            dc.run({ms: 30});
            vm.mem.write32(image.symbol('dirty_pages'), 24);
            dc.network.partition([c], [h1]);
            dc.run({ms: 2});
            dc.network.heal();
            dc.run({ms: 2});
            r.stop();
            const hash = dc.stateHash(), text = vm.console.text, answered = c.stats().answered;
            """;

    @Test void aReplayFromMemoryAndFromItsFileIsTheRecordedCluster() throws Exception {
        String out = js.run(RECORDED + """
                print(r, m.phase, vm === h1.vms[0]);
                print(r.save('web.dcrec').endsWith('web.dcrec'));
                const o = dc.replay('web.dcrec');
                print(o.identical, o.hash === hash, o.expectedHash === hash, dc.stateHash() === hash);
                print(vm.console.text === text, vm === h1.vms[0], vm === dc.vm('web'), c.stats().answered === answered, dc.time);
                dc.run({ms: 1});   // the replayed cluster runs on, its handles with it
                print(dc.time > 37, dc.replay(r).identical, dc.stateHash() === hash);
                """);
        assertEquals("""
                cluster recording (stopped): X instructions, N log entries postcopy true
                true
                true true true true
                true true true true 37
                true true true
                """, out.replaceFirst(": \\d+ instructions, \\d+ log entries", ": X instructions, N log entries"));
        assertTrue(out.startsWith("cluster recording (stopped): "), out);
        assertTrue(Files.size(js.dir().resolve("web.dcrec")) > 10_000);
    }

    @Test void aDamagedFileIsOneLineNamingItAndTheClusterStaysAsItWas() throws Exception {
        js.run(RECORDED + "r.save('web.dcrec'); hv.configure({memory: '64M'}); hv.create({name: 'a', memory: '4M'}); hv.record().save('host.hvrec');");
        byte[] file = Files.readAllBytes(js.dir().resolve("web.dcrec"));
        Files.write(js.dir().resolve("cut.dcrec"), java.util.Arrays.copyOf(file, file.length - 100));
        byte[] flipped = file.clone();
        flipped[flipped.length - 50] ^= 0x10;
        Files.write(js.dir().resolve("flipped.dcrec"), flipped);
        String out = js.run("""
                const said = f => { try { f(); return 'no error'; } catch (e) { return e.message; } };
                print(said(() => dc.replay('cut.dcrec')));
                print(said(() => dc.replay('flipped.dcrec')));
                print(said(() => dc.replay('host.hvrec')));
                print(said(() => hv.replay('web.dcrec')));
                print(said(() => dc.replay(42)));
                print(dc.stateHash() === hash, vm.console.text === text);
                """);
        assertEquals("""
                cut.dcrec: truncated: the payload has %d of its %d bytes
                flipped.dcrec: corrupted: the payload's checksum does not match
                host.hvrec: a host's recording, not a cluster's recording (replay it with hv.replay or vmsh boot --replay)
                web.dcrec: a cluster's recording, not a host's recording (replay it with dc.replay or vmsh boot --replay)
                dc.replay(recording or file) needs a recording from dc.record() or a file name, got 42
                true true
                """.formatted(0, 0), out.replaceAll("has \\d+ of its \\d+ bytes", "has 0 of its 0 bytes"));
    }

    @Test void whatCannotBeRecordedIsRefusedInOneLine() {
        String out = js.run("""
                const said = f => { try { f(); return 'no error'; } catch (e) { return e.message; } };
                const dc = cluster({hosts: 2, host: {memory: '128M'}, seed: 3});
                const [h0, h1] = dc.hosts;
                const vm = h0.create({name: 'web', memory: '16M', technique: 'hw'});
                vm.load(asm(readFile('samples/dc/server.s')));
                const r = dc.record();
                print(said(() => vm.run({insns: 100})).slice(0, 60));
                print(said(() => dc.keepHistory()));
                print(said(() => dc.record()));
                dc.run({ms: 1});
                print(said(() => vm.reverseStep(10)));
                print(said(() => h0.hv.record()).slice(0, 52), said(() => h0.hv.record()).endsWith('dc.record() records it whole)'));
                print(said(() => dc.replay(r)));
                dc.run({ms: 1});
                r.stop();
                print(said(() => dc.record()).slice(0, 55));
                const other = cluster({hosts: 1, seed: 3});
                other.client({to: other.hosts[0].create({name: 'db', memory: '16M', technique: 'hw'}), rate: 100});
                print(said(() => other.record()));
                print(r.recording, r.events > 3, r.insns > 0);
                """);
        assertEquals("""
                vm.run(): the cluster is being recorded: its VMs run with it
                no error
                dc.record(): a recording is going on; stop it first (r.stop())
                vm.reverseStep(): the cluster is being recorded: going back sets its objects back, which a recording cannot log; stop the recording first (r.stop())
                hv.record(): this is a cluster's host: its past cann true
                dc.replay(): a recording is going on; stop it first (r.stop())
                dc.record(): the cluster has run (t = 2.000 ms): a clus
                dc.record(): the cluster has client c0 already: a recording starts before them (dc.record() first)
                false true true
                """, out);
    }

    /** King, Dunlap and Chen: record with history kept, replay on a cluster keeping history, go back in the replay to a watched write. */
    @Test void aReplayIsGoneBackInAsTheOriginalRun() {
        String out = js.run("""
                const dc = cluster({hosts: 2, host: {memory: '128M'}, seed: 3});
                const [h0, h1] = dc.hosts;
                const vm = h0.create({name: 'web', memory: '16M', technique: 'hw'});
                vm.load(asm(readFile('samples/dc/server.s')));
                dc.keepHistory({interval: '1ms'});
                const r = dc.record();
                dc.client({to: vm, rate: 5000});
                dc.run({ms: 3});
                dc.migrate(vm, h1);
                dc.run({ms: 3});
                r.stop();
                r.save('kdc.dcrec');
                const at = asm(readFile('samples/dc/server.s')).symbol('counter');
                const lastWrite = () => {
                    const w = vm.watch('counter', {access: 'w'});
                    const hit = vm.reverseContinue();
                    w.remove();
                    const before = vm.mem.read32(at);
                    vm.seek({insn: hit.at + 1});
                    return [hit.reason, hit.at, before, vm.mem.read32(at)].join(' ');
                };
                const original = lastWrite();
                const o = dc.replay('kdc.dcrec');
                print(o.identical, dc.history !== null, lastWrite() === original, original.startsWith('break '));
                """);
        assertEquals("true true true true\n", out);
    }

    /** A migration's and a replication's handle made before a replay stand for their counterparts on the replay's cluster, which runs on. */
    @Test void migrationAndReplicationHandlesFollowTheReplay() {
        String out = js.run("""
                const dc = cluster({hosts: 3, host: {memory: '128M'}, seed: 3});
                const [h0, h1, h2] = dc.hosts;
                const vm = h0.create({name: 'web', memory: '16M', technique: 'hw'});
                const db = h2.create({name: 'db', memory: '16M', technique: 'hw'});
                vm.load(asm(readFile('samples/dc/server.s')));
                const image = asm(readFile('samples/dc/server.s'));
                db.load(image);
                db.mem.write32(image.symbol('resident_pages'), 0);   // a quick first copy
                const r = dc.record();
                dc.client({to: vm, rate: 2000});
                const m = dc.migrate(vm, h1);
                const p = dc.replicate(db, h1);
                dc.run({ms: 2});
                r.stop();
                const phase = m.phase, entries = p.entries;
                print(dc.replay(r).identical, m.phase === phase, p.entries === entries);
                dc.run({ms: 80});
                print(m.phase, p.phase, p.entries > entries);
                """);
        assertEquals("""
                true true true
                done replicating true
                """, out);
    }

    @Test void helpShowsRecordAndReplay() {
        String out = js.run("help(cluster({hosts: 1}).record); help(cluster({hosts: 1}))");
        assertTrue(out.contains("dc.record()  start recording the cluster (before its first dc.run())"), out);
        assertTrue(out.contains("dc.replay(recording or file)"), out);
        assertTrue(out.contains("dc.stateHash()"), out);
    }
}
