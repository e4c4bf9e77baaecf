package vmsh.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vmsh.asm.Assembler;
import vmsh.image.Image;
import vmsh.machine.Machine;
import vmsh.machine.MachineConfig;

/**
 * The default policy translates only once the process has warmed up: until the process's
 * engines waiting to translate have run the warm-up's guest instructions, a translating
 * machine only interprets (no block made, no entry counted); from then on it translates
 * hot code, and the results are the interpreter's throughout.
 */
class TranslationWarmUpTest {
    private static final Image LOOP = Assembler.assemble("""
            .text
            .globl _start
            _start: li x5, 0
            loop:   addi x5, x5, 1
                    xor x6, x6, x5
                    andi x7, x5, 7
                    bnez x7, loop
                    addi x8, x8, 1
                    j loop
            """, "loop.s");
    private static final MachineConfig CONFIG = MachineConfig.defaults().memory(1 << 20);

    @Test
    void nothingIsTranslatedBeforeTheProcessHasRunItsWarmUp() {
        long warmUp = WarmUp.instructions() + 1_000_000;   // the process's count goes on from earlier tests
        Machine interpreted = machine(CONFIG.jitThreshold(0)), translated = machine(CONFIG.jit(3, warmUp));
        for (int slice = 0; slice < 20; slice++) {
            assertEquals(interpreted.run(40_000), translated.run(40_000));
            assertEquals(interpreted.stateHash(), translated.stateHash(), "slice " + slice);
        }
        assertEquals(0, translated.translatedBlocks(), "translated before the warm-up");
        for (int slice = 0; slice < 20; slice++) {
            assertEquals(interpreted.run(40_000), translated.run(40_000));
            assertEquals(interpreted.stateHash(), translated.stateHash(), "slice " + slice);
        }
        assertTrue(translated.translatedBlocks() > 0, "nothing translated after the warm-up");
    }

    @Test
    void aMachineMadeAfterTheWarmUpTranslatesAtOnce() {
        Machine m = machine(CONFIG.jit(3, WarmUp.instructions()));
        m.run(10_000);
        assertTrue(m.translatedBlocks() > 0);
    }

    @Test
    void theDefaultPolicyWaitsAndAThresholdAloneDoesNot() {
        MachineConfig policy = CONFIG.jit(true), threshold = CONFIG.jitThreshold(5), off = CONFIG.jit(false);
        assertEquals(Engine.defaultWarmUp(), policy.jitWarmUp());
        assertEquals(Engine.defaultTranslationThreshold(), policy.jitThreshold());
        assertEquals(0, threshold.jitWarmUp());
        assertEquals(0, off.jitThreshold());
        assertEquals(0, off.jitWarmUp());
        assertEquals(policy, off, "jit is how fast, not what: the same machine");
        assertThrows(IllegalArgumentException.class, () -> CONFIG.jit(5, -1));
    }

    private static Machine machine(MachineConfig config) {
        Machine m = new Machine(config);
        m.load(LOOP);
        return m;
    }
}
