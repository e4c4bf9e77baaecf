package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Density and placement from JavaScript: superpages (and, as they come, NUMA, disks and spawning). */
class DensityApiTest {
    @TempDir
    Path dir;

    private SessionFixture js;

    @BeforeEach
    void open() { js = new SessionFixture(dir); }

    @AfterEach
    void close() { js.close(); }

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
        assertEquals("test.js:1:1: RangeError: superpages 'huge' must be 'off' or 'reserve'",
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
}
