package vmsh.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vmsh.image.Image;

/**
 * Under the hypervisor the translator runs guest code too (VS-mode under hw and hw-shadow,
 * U-mode under trap-and-emulate, bt's translation cache, pv's kernel) and changes nothing
 * but the speed: the kernel booted under each technique on a host that interprets and on
 * one that translates everything at once, in slices of random length, leaves the same
 * whole-host state (every vCPU, the VMM's tables, memory, counters) after every slice.
 */
class TranslationUnderHvTest {
    @Tag("slow")
    @ParameterizedTest
    @EnumSource(Technique.class)
    void theKernelBootsTheSameInterpretedAndTranslated(Technique technique) {
        Image kernel = technique == Technique.PV ? Guests.sample("kernel/kernel-pv.s") : Guests.kernel();
        Hypervisor interpreted = host(technique, kernel, 0), translated = host(technique, kernel, 1);
        Random slices = new Random(technique.ordinal());
        Vm vm = interpreted.vms().get(0);
        for (int slice = 0; slice < 300 && vm.state() == VmState.READY; slice++) {
            long budget = 1 + slices.nextInt(slices.nextBoolean() ? 100 : 60_000);
            assertEquals(interpreted.run(budget, false), translated.run(budget, false), technique + " slice " + slice);
            assertEquals(interpreted.stateHash(), translated.stateHash(), technique + " slice " + slice);
        }
        assertEquals(VmState.HALTED, vm.state(), vm.message());
        assertTrue(translated.engine().translatedBlocks() > 20, "translated " + translated.engine().translatedBlocks() + " blocks");
    }

    private static Hypervisor host(Technique technique, Image kernel, int threshold) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.quantum(5_000));
        hv.engine().setTranslation(threshold);
        hv.create("k", 32 << 20, technique).load(kernel);
        return hv;
    }
}
