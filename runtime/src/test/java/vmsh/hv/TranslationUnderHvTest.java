package vmsh.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vmsh.hostmem.PageState;
import vmsh.hostmem.Pmap;
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

    /**
     * What the host does to guest frames between runs changes nothing translated: two VMs
     * (hw and trap) write and read their pages on a host that interprets and one that
     * translates everything at once; between slices the sharing scanner merges alike pages
     * (the guests' next writes break them, copy on write), the host is snapshotted (every
     * frame shared: the next store into each copies it) and a page is swapped out. A block
     * that kept a frame array RAM no longer holds for the page reads stale words.
     */
    @Test
    void sharingSnapshotsAndSwappingChangeNothingTranslated() {
        Hypervisor interpreted = touchers(0), translated = touchers(1);
        Random slices = new Random(9);
        for (int slice = 0; slice < 80; slice++) {
            long budget = 1 + slices.nextInt(slices.nextBoolean() ? 500 : 100_000);
            assertEquals(interpreted.run(budget, false), translated.run(budget, false), "slice " + slice);
            assertEquals(interpreted.stateHash(), translated.stateHash(), "slice " + slice);
            for (Hypervisor hv : new Hypervisor[] {interpreted, translated}) {
                switch (slice % 4) {
                    case 1 -> hv.memory().sharing().scan(4 * 2048);
                    case 2 -> hv.snapshot();
                    case 3 -> {
                        Pmap pmap = hv.vms().get(0).memory().pmap();
                        int page = pmap.next(PageState.PRIVATE, slice * 7 % 64);
                        if (page >= 0) pmap.swapOut(page);
                    }
                    default -> { }
                }
            }
        }
        assertTrue(interpreted.memory().sharing().stats().sharedPages() > 0, "nothing was shared");
        assertTrue(translated.engine().translatedBlocks() > 5, "translated " + translated.engine().translatedBlocks() + " blocks");
    }

    private static Hypervisor touchers(int threshold) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20).quantum(5_000));
        hv.engine().setTranslation(threshold);
        Image toucher = Guests.sample("esx/toucher.s");
        for (Technique t : new Technique[] {Technique.HW, Technique.TRAP}) {
            Vm vm = hv.create(t.label, 8L << 20, t);
            vm.load(toucher);
            vm.guest().storeWord(Integer.toUnsignedLong(toucher.symbol("ws_pages")), 64);
        }
        return hv;
    }

    private static Hypervisor host(Technique technique, Image kernel, int threshold) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.quantum(5_000));
        hv.engine().setTranslation(threshold);
        hv.create("k", 32 << 20, technique).load(kernel);
        return hv;
    }
}
