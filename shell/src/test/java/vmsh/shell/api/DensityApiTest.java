package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Density and placement from JavaScript: superpages, a NUMA host with Disco's placement. */
class DensityApiTest {

    @RegisterExtension
    final SessionFixture js = SessionFixture.inTempDir();

    @Test
    void superpagesAreAVmOptionAndShowInTheTlbStats() {
        String out = js.run("""
                hv.configure({ memory: '64M' });
                const g = hv.create({ name: 'g', memory: '8M', superpages: 'reserve' });
                g.load(asm`
                    li t0, 0x80000000
                    li t1, 0x80800000
                1:  sw zero, 0(t0)
                    li t2, 4096
                    add t0, t0, t2
                    bltu t0, t1, 1b
                    li a7, 0x53525354
                    li a6, 0
                    li a0, 0
                    li a1, 0
                    ecall
                `);
                g.run({ insns: 1e6 });
                const t = g.stats().tlb;
                print(g.state, t.superpages, t.megapages, t.promotions, t.demotions, t.reservations, hv.stats()[0].tlb.megapages);
                print(hv.create({ name: 'h', memory: '8M' }).stats().tlb.reservations);
                """);
        assertEquals("halted 2 2 2 0 2 2\n0\n", out);
    }

    @Test
    void aBadSuperpagePolicyIsRefusedByName() {
        assertEquals("test.js:1:1: RangeError: hv.create(): superpages 'huge' must be 'off' or 'reserve'",
                js.error("hv.create({ name: 'x', memory: '4M', superpages: 'huge' })"));
    }

    @Test
    void theSuperpageSharingKnobIsOneOfTheKnobs() {
        assertEquals("when-short always\n", js.run("""
                print(hv.knobs.superpageSharing);
                hv.configure({ superpageSharing: 'always' });
                print(hv.knobs.superpageSharing);
                """).replace("\n", " ").trim() + "\n");
        assertTrue(js.run("help('knobs')").contains("superpageSharing"));
    }

    @Test
    void aNumaHostRunsSeveralVcpusAndReportsPerNode() {
        String out;
        try (SessionFixture root = new SessionFixture(Path.of("..").toAbsolutePath().normalize())) {   // the checkout: samples/
            out = root.run("""
                hv.configure({ memory: '64M', numa: { nodes: 4, local: 100, remote: 400 } });
                const v = hv.create({ name: 'db', memory: '4M', vcpus: 4, placement: 'disco' });
                v.load(asm(readFile('samples/hv/disco.s')), { params: { harts: 4, rounds: 300 } });
                v.run({ insns: 1e8 });
                print(v.console.text.trim());
                const n = v.stats().numa;
                print(n.migrations, n.replications, n.collapses, n.remoteFraction < 0.25);
                print(hv.numa.length, hv.numa[1].migrations, hv.numa[1].replicas, hv.numa[0].frames);
                """);
        }
        assertEquals("disco: 4 harts x 64 pages, 64 shared, 300 rounds, checksum 0x02958600\n192 192 0 true\n4 64 64 4096\n", out);
    }

    @Test
    void numaAndVcpuMistakesAreRefusedByName() {
        assertEquals("test.js:1:1: RangeError: hv.configure() numa: NUMA nodes 9 must be in 1..8",
                js.error("hv.configure({ numa: { nodes: 9 } })"));
        assertEquals("test.js:1:1: TypeError: hv.configure() numa: unknown option 'node' (known: nodes, local, remote, trigger, sharing, period, moveLimit, moveCost)",
                js.error("hv.configure({ numa: { node: 2 } })"));
        assertEquals("test.js:1:1: RangeError: hv.create(): placement 'nearest' is not one of 'first-touch', 'round-robin', 'disco'",
                js.error("hv.create({ name: 'x', memory: '4M', placement: 'nearest' })"));
        assertEquals("test.js:1:1: RangeError: hv.create(): VM 'x': 2 vCPUs need technique 'hw' (not 'trap')",
                js.error("hv.create({ name: 'x', memory: '4M', technique: 'trap', vcpus: 2 })"));
        assertEquals("test.js:1:1: RangeError: hv.create(): vcpus 9 must be in 1..8", js.error("hv.create({ name: 'x', memory: '4M', vcpus: 9 })"));
        assertTrue(js.run("help(hv)").contains("placement"));
    }

    @Test
    void copyOnWriteDisksShareTheBlocksVmsRead() {
        String out;
        try (SessionFixture root = new SessionFixture(Path.of("..").toAbsolutePath().normalize())) {   // the checkout: samples/
            out = root.run("""
                    hv.configure({ memory: '64M' });
                    print(JSON.stringify(hv.createDisk({ name: 'base', blocks: 128 })));
                    const g = asm(readFile('samples/hv/disk.s'));
                    const vms = [0, 1].map(i => hv.create({ name: 'v' + i, memory: '4M', disk: 'base' }));
                    vms.forEach(v => v.load(g, { params: { blocks: 32 } }));
                    hv.run({ cycles: 1e9 });
                    print(vms[0].console.text == vms[1].console.text, JSON.stringify(vms[1].disk), hv.memory.shared);
                    print(hv.create({ name: 'x', memory: '4M' }).disk);
                    """);
        }
        assertEquals("{\"name\":\"base\",\"blocks\":128}\ntrue {\"image\":\"base\",\"blocks\":128,\"reads\":32,"
                + "\"sharedReads\":32,\"writes\":0,\"overlay\":0} 64\nnull\n", out);
        assertEquals("test.js:1:1: RangeError: hv.create(): no disk image named 'nope' (make one with hv.createDisk)",
                js.error("hv.create({ name: 'x', memory: '4M', disk: 'nope' })"));
        assertEquals("test.js:1:1: RangeError: hv.createDisk(): blocks must be at least 1, got -1", js.error("hv.createDisk({ blocks: -1 })"));
        assertEquals("test.js:1:1: TypeError: hv.createDisk(): name must be a string, got 3", js.error("hv.createDisk({ name: 3 })"));
    }

    @Test
    void hostMemoryCountsReplicasAndTheHostClockRuns() {
        String out = js.run("""
                hv.configure({ memory: '64M', numa: { nodes: 4 } });
                const m = hv.memory;
                print(m.replicas, JSON.stringify(m).includes('"replicas":0'), String(m).includes(', 0 replicas'));
                const t0 = hv.clock;
                hv.create({ name: 'v', memory: '4M' }).load(asm`li a0, 1000
                1: addi a0, a0, -1
                bnez a0, 1b
                wfi`);
                hv.run({ cycles: 1e6 });
                print(hv.clock > t0, hv.clock === Math.round(hv.time * 1e9));
                """);
        assertEquals("0 true true\ntrue true\n", out);
    }
}
