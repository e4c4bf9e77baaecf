package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** hv.snapshot(), hv.restore(s), s.save(file), hv.open(file), hv.stateHash() and vm.clone() from JavaScript. */
class HvSnapshotApiTest {
    @TempDir
    Path dir;

    private SessionFixture js;

    static final String HOST = """
            hv.configure({memory: '64M'});
            const k = asm(readFile('samples/kernel/kernel.s'));
            const a = hv.create({name: 'a', memory: '8M', technique: 'hw'}); a.load(k);
            const b = hv.create({name: 'b', memory: '8M', technique: 'trap'}); b.load(k);
            hv.run({insns: 600000});
            """;

    @BeforeEach
    void open() { js = new SessionFixture(Path.of("..").toAbsolutePath().normalize(), dir.resolve("out")); }

    @AfterEach
    void close() { js.close(); }

    @Test void restoreGivesTheSameContinuation() {
        assertEquals("true true true a,b\n", js.run(HOST + """
                const s = hv.snapshot();
                hv.run({insns: 400000});
                const later = a.console.text + b.console.text, hash = hv.stateHash();
                hv.restore(s);
                const back = hv.stateHash() === s.hash;
                hv.run({insns: 400000});
                print(back, a.console.text + b.console.text === later, hv.stateHash() === hash, s.vms.join());
                """));
    }

    @Test void aSavedHostOpensAgain() throws Exception {
        assertEquals("true true 0x80001000 2\n", js.run(HOST + """
                const s = hv.snapshot();
                s.save('h.vmsnap');
                hv.run({insns: 400000});
                const hash = hv.stateHash();
                hv.open('h.vmsnap');
                const same = hv.stateHash() === s.hash;
                hv.run({insns: 400000});
                print(same, hv.stateHash() === hash, hex(hv.vm('a').image.symbol('kernel_entry')), hv.vms.length);
                """));
        assertTrue(Files.size(dir.resolve("out/h.vmsnap")) < 200_000, "a file grows with touched memory, not 64M");
    }

    /** The host's swap space is a knob of its own: a file keeps it, and a host made again from the file has that much. */
    @Test void aFileKeepsTheSwapKnob() {
        assertEquals("16777216 16777216 4096\n", js.run("""
                hv.configure({memory: '16M', swap: '16M'});
                hv.create({name: 'a', memory: '1M'});
                hv.snapshot().save('s.vmsnap');
                hv.configure({memory: '16M'});
                hv.open('s.vmsnap');
                print(hv.knobs.swap, hv.memory.swapSlots * 4096, hv.memory.swapSlots);
                """));
    }

    /** A NUMA host with a VM of four vCPUs under Disco's policy, a VM with superpages and one with a disk: a file holds them all. */
    @Test void numaVcpusSuperpagesAndDisksGoIntoFiles() {
        assertEquals("true true true db,sp,d base\n", js.run("""
                hv.configure({memory: '64M', numa: {nodes: 4, local: 100, remote: 400}});
                hv.createDisk({name: 'base', blocks: 128});
                const db = hv.create({name: 'db', memory: '4M', technique: 'hw', vcpus: 4, placement: 'disco'});
                db.load(asm(readFile('samples/hv/disco.s')), {params: {harts: 4, rounds: 200}});
                hv.create({name: 'sp', memory: '8M', technique: 'hw', superpages: 'reserve'}).load(asm(readFile('samples/hv/superpages.s')),
                    {params: {regions: 1, rounds: 4}});
                hv.create({name: 'd', memory: '4M', disk: 'base'}).load(asm(readFile('samples/hv/disk.s')), {params: {blocks: 32, write_block: 3}});
                hv.run({insns: 300000});
                const s = hv.snapshot();
                s.save('n.vmsnap');
                hv.run({insns: 500000});
                const hash = hv.stateHash(), text = hv.vms.map(v => v.console.text).join();
                hv.open('n.vmsnap');
                const same = hv.stateHash() === s.hash;
                hv.run({insns: 500000});
                print(same, hv.stateHash() === hash, hv.vms.map(v => v.console.text).join() === text, hv.vms.map(v => v.name).join(),
                      hv.vm('d').disk.image);
                """));
    }

    /** One VM goes back while the other goes on; its file makes a new VM here and on a fresh host. */
    @Test void oneVmSnapshotsRestoresAndLoads() throws Exception {
        assertEquals("true true true true\ntrue a-1 true\ntrue a\n", js.run(HOST + """
                const s = a.snapshot();
                s.save('a.vmsnap');
                a.run({insns: 300000});
                const text = a.console.text, bHash = b.stateHash();
                a.restore(s);
                print(a.stateHash() === s.hash, b.stateHash() === bHash, a.console.text !== text, text.startsWith(a.console.text));
                const c = hv.load(s);
                print(c.stateHash() === s.hash, c.name, c.console.text === a.console.text);
                hv.configure({memory: '16M'});
                hv.open('a.vmsnap');
                print(hv.vms[0].stateHash() === s.hash, hv.vms[0].name);
                """));
        assertTrue(Files.size(dir.resolve("out/a.vmsnap")) < 100_000, "a VM's file holds its touched pages");
    }

    /**
     * A VM's file carries the warm state: a VM opened from it on a fresh host of the same
     * build goes on counting exactly as the original did (exits, callouts, hypercalls, TLB
     * misses, cycles), at three points of the kernel's boot. A VM loaded from it beside the
     * original goes on alike as a guest, but its host TLB entries find their slots taken by the
     * original's and refill on misses, which it counts.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hw", "trap", "trap-vtlb", "hw-shadow", "bt", "pv"})
    void aVmsFileKeepsItsWarmState(String technique) {
        assertEquals("exact exact exact\n", js.run("const t = '" + technique + "';\n" + """
                hv.configure({memory: '48M'});
                const k = asm(readFile(t === 'pv' ? 'samples/kernel/kernel-pv.s' : 'samples/kernel/kernel.s'));
                const a = hv.create({name: 'a', memory: '8M', technique: t}); a.load(k);
                a.run({insns: 40000});
                const counts = vm => { const s = vm.stats(); return JSON.stringify([s.insns, s.cycles, s.exits, s.callouts, s.hypercalls,
                                                                                    s.tlbMisses, s.walkReferences, s.byReason]); };
                const guest = vm => vm.pc + ' ' + JSON.stringify(vm.regs) + ' ' + vm.console.text;
                const want = [];
                for (let p = 0; p < 3; p++) {
                  a.snapshot().save('p' + p + '.vmsnap');
                  a.run({insns: 20000});
                  want.push([counts(a), guest(a)]);
                  const beside = hv.load('p' + p + '.vmsnap', {name: 'beside' + p});
                  beside.run({insns: 20000});
                  if (guest(beside) !== want[p][1]) throw new Error('a VM loaded beside the original goes on otherwise at point ' + p);
                  a.run({insns: 13000});
                }
                const seen = [];
                for (let p = 0; p < 3; p++) {
                  hv.configure({memory: '48M'});
                  hv.open('p' + p + '.vmsnap');
                  const v = hv.vms[0];
                  v.run({insns: 20000});
                  seen.push(counts(v) === want[p][0] && guest(v) === want[p][1] ? 'exact' : 'inexact: ' + counts(v) + ' against ' + want[p][0]);
                }
                print(seen.join(' '));
                """));
    }

    @Test void vmSnapshotMistakesAreOneLine() throws Exception {
        js.run(HOST + "const t = hv.create({name: 't', memory: '8M', technique: 'pv'}); t.load(asm(readFile('samples/kernel/kernel-pv.s')));"
                + " hv.snapshot().save('h.vmsnap');");
        assertEquals("test.js:1:1: TypeError: vm.restore(s) needs a snapshot from vm.snapshot(), got 42", js.error("a.restore(42)"));
        assertTrue(js.error("hv.create({name: 'small', memory: '4M'}).restore(a.snapshot())")
                .contains("RangeError: vm.restore(): the snapshot of VM 'a' (hw, 8 MiB) is of another build than VM 'small' (hw, 4 MiB)"));
        assertTrue(js.error("hv.load('h.vmsnap')").contains("h.vmsnap: a hypervisor host's snapshot, not one VM's snapshot (open it with hv.open or vmsh boot --from)"));
    }

    /** A pv VM's own snapshot names no machine frame: a VM loaded from it and a clone run on in frames of their own, as the source does. */
    @Test void pvVmsAreSavedAndClonedApartFromTheirFrames() {
        assertEquals("true true true\n", js.run(HOST + """
                const t = hv.create({name: 't', memory: '8M', technique: 'pv'}); t.load(asm(readFile('samples/kernel/kernel-pv.s')));
                t.run({insns: 300000});
                const s = t.snapshot();
                s.save('t.vmsnap');
                const u = hv.load('t.vmsnap', {name: 'u'}), c = t.clone({name: 'c'});
                t.run({insns: 3000000}); u.run({insns: 3000000}); c.run({insns: 3000000});
                print(u.console.text === t.console.text, c.console.text === t.console.text, t.console.text.includes('all tasks done'));
                """));
    }

    @Test void aRestoreAfterANewVmMakesTheHostAgain() {
        assertEquals("2 true\n", js.run(HOST + """
                const s = hv.snapshot();
                hv.create({name: 'c', memory: '4M'});
                hv.restore(s);
                print(hv.vms.length, hv.stateHash() === s.hash);
                """));
        assertTrue(js.error("a.pc").contains("was dropped"), "the old handles are stale");
    }

    @Test void aCloneSharesAndGoesOn() {
        String out = js.run(HOST + """
                const c = a.clone();
                const d = b.clone({name: 'copy'});
                print(c.name, d.name, c.console.text === a.console.text, c.pmap().every(p => p.state !== 'private'));
                c.run({insns: 300000});
                print(c.console.text.startsWith(a.console.text), c.console.text.length > a.console.text.length);
                """);
        assertEquals("a-clone1 copy true true\ntrue true\n", out);
    }

    @Test void mistakesAreNamed() throws Exception {
        Files.createDirectories(dir.resolve("out"));
        Files.writeString(dir.resolve("out/bad.vmsnap"), "hello");
        assertEquals("test.js:1:1: Error: bad.vmsnap: not a vmsh snapshot (it does not start with VMSHSNAP)", js.error("hv.open('bad.vmsnap')"));
        assertEquals("test.js:1:1: TypeError: hv.restore(s) needs a snapshot from hv.snapshot(), got 42", js.error("hv.restore(42)"));
        js.run("const m = machine({memory: '1M'}); m.snapshot().save('m.vmsnap')");
        assertTrue(js.error("hv.open('m.vmsnap')").contains("m.vmsnap: a machine's snapshot, not a hypervisor host's snapshot (open it with machine.open"));
        assertTrue(js.error(HOST + "a.clone({name: 'b'})").contains("RangeError: vm.clone(): a VM named 'b' exists"));
    }

    @Test void helpListsThem() {
        String out = js.run("help(hv)");
        assertTrue(out.contains("hv.snapshot()") && out.contains("hv.restore(s)") && out.contains("hv.open(file)"), out);
        assertTrue(js.run("help(hv.create({}))").contains("vm.clone({name})"));
    }
}
