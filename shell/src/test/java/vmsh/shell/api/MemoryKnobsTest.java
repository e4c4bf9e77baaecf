package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vmsh.memsched.Knob;

/** hv.configure's knobs come from the memory scheduler's one knob table: options, values, errors, help. */
class MemoryKnobsTest {

    @RegisterExtension
    final SessionFixture js = SessionFixture.inTempDir();

    @Test
    void everyKnobIsAnOptionAndShowsInHvKnobs() {
        String out = js.run("""
                hv.configure({ idleTax: 0.5, samplePages: 10, thresholds: { high: 0.5, soft: 0.4, hard: 0.3, low: 0.2 },
                               reclaim: { victims: 'idle' }, fastGain: 1 });
                const k = hv.knobs;
                print(k.idleTax, k.samplePages, k.samplePeriod, k.thresholds.high, k.thresholds.low, k.fastGain,
                      k.reclaim.policy, k.reclaim.victims, hv.idleTax);
                """);
        assertEquals("0.5 10 30 0.5 0.2 1 balloon-then-swap idle 0.5\n", out);
        for (Knob k : Knob.values())
            assertTrue(MemoryKnobs.options().contains(k.group() != null ? k.group() : k.name), k.name);
    }

    @Test
    void badValuesNameTheKnobAndTheValueAndKeepTheHost() {
        js.run("hv.configure({ memory: '16M', idleTax: 0.25 }); hv.create({ name: 'keep', memory: '1M' })");
        assertEquals("test.js:1:1: RangeError: hv.configure(): idleTax 1.5 must be in [0, 1)", js.error("hv.configure({idleTax: 1.5})"));
        assertEquals("test.js:1:1: RangeError: hv.configure(): samplePages 2.5 must be a whole number of pages",
                js.error("hv.configure({samplePages: 2.5})"));
        assertEquals("test.js:1:1: RangeError: hv.configure(): scanTotal -1 must be >= 0", js.error("hv.configure({scanTotal: -1})"));
        assertEquals("test.js:1:1: TypeError: hv.configure(): balloonMax must be a number, got 'lots'",
                js.error("hv.configure({balloonMax: 'lots'})"));
        assertEquals("test.js:1:1: RangeError: hv.configure(): thresholds must satisfy low <= hard <= soft <= high, got high 0.01,"
                + " soft 0.04, hard 0.02, low 0.01", js.error("hv.configure({thresholds: {high: 0.01}})"));
        assertEquals("test.js:1:1: TypeError: hv.configure(): thresholds: unknown option 'top' (known: high, soft, hard, low)",
                js.error("hv.configure({thresholds: {top: 1}})"));
        assertEquals("test.js:1:1: RangeError: hv.configure(): reclaim.victims 'lru' must be one of random, idle",
                js.error("hv.configure({reclaim: {victims: 'lru'}})"));
        assertEquals("0.25 keep\n", js.run("print(hv.idleTax, hv.vms.map(v => v.name).join())"));
    }

    /** ESX admission reserves swap for each VM's max - min; the swap knob is a size and sizes the host's swap. */
    @Test
    void swapIsASizeAndAdmissionRefusesWhenItRunsOut() {
        assertEquals("68719476736 8388608 2048 2048\n", js.run("""
                const before = hv.knobs.swap;
                hv.configure({ memory: '64M', swap: '8M' });
                hv.create({ name: 'a', memory: '4M' }); hv.create({ name: 'b', memory: '4M' });
                print(before, hv.knobs.swap, hv.memory.swapSlots, hv.memory.swapReserved);
                """));
        assertEquals("test.js:1:1: RangeError: hv.create(): cannot admit VM 'c': swap space 8 MiB cannot hold the unreserved memory"
                + " (max - min) of all VMs, 12 MiB (hv.configure({swap}) gives more; VMs with a smaller max, or a min, need less)",
                js.error("hv.create({ name: 'c', memory: '4M' })"));
        assertEquals("a,b,c\n", js.run("hv.create({ name: 'c', memory: '4M', min: '4M' }); print(hv.vms.map(v => v.name).join())"));
        assertEquals("test.js:1:1: RangeError: hv.configure(): swap 5000 must be a whole number of 4 KiB pages",
                js.error("hv.configure({swap: 5000})"));
        assertEquals("test.js:1:1: RangeError: hv.configure(): swap 8192G must be in [0, 4096G]", js.error("hv.configure({swap: '8192G'})"));
        assertEquals("0\n", js.run("hv.configure({swap: 0}); print(hv.knobs.swap)"));
    }

    @Test
    void helpListsEveryKnobWithUnitDefaultAndRange() {
        String help = js.run("help('knobs')");
        for (Knob k : Knob.values()) assertTrue(help.contains("  " + k.name + " "), k.name + " in\n" + help);
        assertTrue(help.contains("(fraction in [0, 1); default 0.75)"), help);
        assertTrue(help.contains("'idle'"), help);
        assertTrue(MemoryKnobs.markdown().contains("| `thresholds.soft` | fraction | `0.04` | [0, 1) |"));
        assertTrue(help.contains("(bytes in [0, 4096G]; default 64G)"), help);
    }
}
