package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vmsh.shell.VmshRun;

/** dc.keepHistory(): a cluster's VMs go back and forth in time, through a migration, with the whole cluster; and the errors. */
class ClusterTimeTravelApiTest {
    private SessionFixture js;

    @BeforeEach
    void open() { js = new SessionFixture(VmshRun.repo("")); }   // readFile('samples/dc/server.s')

    @AfterEach
    void close() { js.close(); }

    static final String SERVER = ClusterApiTest.SERVER + """
            const hashes = () => dc.hosts.map(h => h.hv.stateHash().slice(0, 12)).join(' ');
            """;

    @Test void aVmGoesBackAndForthWithTheWholeCluster() {
        String out = js.run(SERVER + """
                const hist = dc.keepHistory({interval: '500us'});
                dc.run({ms: 3});
                const m = dc.migrate(vm, h1);
                dc.run({ms: 60});
                const end = vm.history.insn, present = hashes(), report = m.report, answered = c.stats().answered;
                print(m.phase, vm === h1.vms[0], vm.history.oldest, end > 10000);
                const back = vm.seek({insn: 2000});
                print(back.reason, back.at, back.insns === 2000 - end, vm === h0.vms[0], h1.vms.length, c.stats().answered < answered);
                print(vm.reverseStep(5).at, vm.history.insn, dc.history.past);
                const fwd = vm.seek({insn: end});
                print(fwd.at === end, hashes() === present, m.report === report, vm === h1.vms[0], dc.history.past);
                print(dc.history.checkpoints > 10, dc.history.runs, dc.history.interval, dc.history.replayed > 0);
                """);
        assertEquals("""
                done true 0 true
                seek 2000 true true 0 true
                1995 1995 true
                true true true true false
                true 2 0.5 true
                """, out);
    }

    @Test void aWatchedWriteIsFoundBackwardsDuringAMigration() {
        String out = js.run(SERVER + """
                dc.keepHistory();
                dc.run({ms: 3});
                const m = dc.migrate(vm, h1);
                dc.run({ms: 3});
                const at = asm(readFile('samples/dc/server.s')).symbol('counter');
                const counter = vm.mem.read32(at), from = vm.history.insn;
                vm.watch('counter', {access: 'w'});
                const r = vm.reverseContinue();
                print(r.reason, r.at < from, m.phase, vm.mem.read32(at) === counter - 1);
                vm.seek({insn: r.at + 1});
                print(vm.mem.read32(at) === counter);
                """);
        assertEquals("""
                break true precopy true
                true
                """, out);
    }

    @Test void aVmsWatchpointStaysWithItsHandleThroughAMigrationAndBack() {
        String out = js.run(SERVER + """
                dc.keepHistory({interval: '1ms'});
                dc.run({ms: 3});
                c.stop();   // the last counts are made on h0
                dc.run({ms: 2});
                const m = dc.migrate(vm, h1);
                dc.run({ms: 60});
                const at = asm(readFile('samples/dc/server.s')).symbol('counter');
                const w = vm.watch('counter', {access: 'w'});
                const first = vm.reverseContinue(), v1 = vm.mem.read32(at), second = vm.reverseContinue(), v2 = vm.mem.read32(at);
                print(first.reason, second.reason, second.at < first.at, vm === h0.vms[0], vm.hooks().length, w.removed);
                print(v2 === v1 - 1);
                vm.seek({insn: vm.history.present});
                print(m.phase, vm === h1.vms[0], vm.hooks().length, w.kind);
                """);
        assertEquals("""
                break break true true 1 false
                true
                done true 1 watch
                """, out);
    }

    @Test void withoutHistoryTheCallsSayWhatToDo() {
        String out = js.run(SERVER + """
                const said = f => { try { f(); return 'no error'; } catch (e) { return e.message; } };
                print(vm.history);
                print(said(() => vm.reverseStep(1)));
                print(said(() => h0.hv.keepHistory()).slice(0, 90));
                dc.keepHistory({interval: '100us'});
                dc.run({ms: 1});
                print(said(() => vm.seek({insn: 99999999})).replace(/its instruction \\d+/, 'its instruction N'));
                print(said(() => vm.reverseStep(-1)));
                """);
        assertEquals("""
                null
                vm.reverseStep(): the cluster keeps no history; start it with dc.keepHistory()
                hv.keepHistory(): this is a cluster's host: its past cannot run again alone (its VMs' pack
                vm.seek(): instruction 99999999 of VM 'web' is after the present, its instruction N: run forward to get there
                vm.reverseStep(n): n is -1; to go forward use vm.step(n)
                """, out);
    }

    /** vm.run() on a cluster's VM is input to the cluster's history: the instructions it ran are no point to go to, and saying so keeps the cluster. */
    @Test void whatAVmRanAloneIsInputNotAPast() {
        String out = js.run(SERVER + """
                const said = f => { try { f(); return 'no error'; } catch (e) { return e.name + ': ' + e.message; } };
                dc.keepHistory({interval: '1ms'});
                dc.run({ms: 5});
                const before = vm.history.insn;
                vm.run({insns: 2000});                      // alone on h0: the network and the clients stand still
                const after = vm.history.insn, h = h0.hv.stateHash();
                print(after - before > 1000);
                print(said(() => vm.reverseStep(1)).replace(/\\d{4,}/g, 'N'));
                print(vm.history.insn === after, h0.hv.stateHash() === h);   // where it was
                print(vm.seek({insn: before}).at === before, vm.reverseStep(1).at === before - 1);   // what dc.run() ran is there, its end too
                print(vm.seek({insn: after}).at === after, h0.hv.stateHash() === h);
                """);
        assertEquals("""
                true
                RangeError: vm.reverseStep(): instruction N of VM 'web' was not run by dc.run(): the VM ran it alone on its host (vm.run(), vm.step(), gdb), \
                which the cluster's history keeps as input, not as a past to go through; the next point after it is its instruction N
                true true
                true true
                true true
                """, out);
    }

    @Test void theReadmeExampleRunsAsPrinted() {
        js.close();
        js = new SessionFixture(VmshRun.repo(""));
        String out = js.run("""
                const dc = cluster({ hosts: 2, host: { memory: '256M' },
                                     network: { bandwidth: '1Gbit', latency: '100us' }, seed: 1 });
                const [h0, h1] = dc.hosts;
                const vm = h0.create({ name: 'web', memory: '64M', technique: 'hw' });
                vm.load(asm(sample('dc/server.s')));
                const client = dc.client({ to: vm, rate: 2000 });
                dc.keepHistory({ interval: '1ms' });
                dc.run({ ms: 5 });
                const m = dc.migrate(vm, h1);
                dc.run({ ms: 60 });
                print(m.phase, vm.history.insn, client.stats().answered);
                vm.watch('counter', { access: 'w' });
                print(vm.reverseContinue().message);
                print(vm.seek({ insn: 20000 }).message, m.phase, h1.vms.length, client.stats().answered);
                print(vm.seek({ insn: vm.history.present }).message, m.phase, client.stats().answered);
                print(dc.history);
                """);
        assertEquals("""
                done 66561 129
                watchpoint 1: write 0x80 -> 0x81 at 0x800020f4 (4 bytes) by pc 0x800012cc (VM 'web' at instruction 66080, pc 0x800012cc)
                VM 'web' at instruction 20000, pc 0x800012ec precopy 0 27
                VM 'web' at instruction 66561, pc 0x800010a0 done 129
                history of the cluster: at 65.000 ms, oldest reachable 0 ns; 69 checkpoints every 1.000 ms, 18225 KiB held, 2 runs
                """, out);
    }
}
