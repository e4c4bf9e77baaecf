package vmsh.hv;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import vmsh.hostmem.SuperpageStats;
import vmsh.image.Image;
import vmsh.memsched.Knob;
import vmsh.memsched.MemSchedConfig;

/**
 * "No data lost" with superpages: three VMs with superpage reservations run
 * samples/esx/checksum.s (every page checksummed and verified round after round) on a host
 * too small for them, while the scanner shares (superpages too), the sampler watches pages,
 * balloon targets move and the scheduler swaps: regions are promoted, demoted and promoted
 * again, reservations are broken, and every guest must still find all its pages intact.
 * The test reads every page of each VM first (holes in the image too) so that its regions
 * can fill; the reads of the VMM get frames in place as the guest's would.
 */
@Tag("slow")   // about 20 s on two cores
class SuperpagesUnderPressureTest {
    private static final int PAGES = 2040, ROUNDS = 10;

    @Test void checksumGuestsWithSuperpagesSurviveReclamation() {
        MemSchedConfig memory = MemSchedConfig.DEFAULTS.withSeed(5).with(Map.of(Knob.SCAN_PER_VM, 2_000,
                Knob.SCAN_TOTAL, 6_000, Knob.SAMPLE_PAGES, 50, Knob.SAMPLE_PERIOD, 0.004, Knob.BALANCE_PERIOD, 0.002,
                Knob.SUPERPAGE_SHARING, "always"));
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(20L << 20).seed(5), memory);
        Image checksum = Guests.sample("esx/checksum.s");
        Technique[] techniques = {Technique.HW, Technique.HW, Technique.TRAP};
        for (int i = 0; i < techniques.length; i++) {
            Vm vm = hv.create("c" + i, 8L << 20, techniques[i], 1000, 1L << 20, 8L << 20,
                    VmOptions.DEFAULTS.superpages(SuperpagePolicy.RESERVE));
            vm.load(checksum);
            set(vm, checksum, "mem_size", 8 << 20);
            set(vm, checksum, "pages", PAGES);
            set(vm, checksum, "rounds", ROUNDS);
            set(vm, checksum, "seed", i + 1);
            set(vm, checksum, "rewrite", 5);
            for (long gpa = 0x8000_0000L; gpa < 0x8000_0000L + (8 << 20); gpa += 4096) vm.guest().loadWord(gpa);   // holes too: regions can fill
        }
        List<Vm> vms = hv.vms();
        for (int k = 0; vms.stream().anyMatch(v -> v.state() == VmState.READY); k++) {
            assertTrue(k < 5_000, "the guests should have finished by now");
            vms.get(k % vms.size()).memory().balloon().setTarget((k * 37 % 5) * 128);
            hv.run(5_000_000, true);
        }
        long promotions = 0, demotions = 0;
        for (Vm vm : vms) {
            assertEquals(VmState.HALTED, vm.state(), vm.name() + ": " + vm.message());
            assertEquals(0, vm.exitCode(), vm.name() + " console:\n" + vm.console().text());
            assertTrue(vm.console().text().endsWith("all intact\n"), vm.console().text());
            SuperpageStats s = vm.tlbStats().superpages();
            promotions += s.promotions();
            demotions += s.demotions();
        }
        assertTrue(promotions > 0 && demotions > 0, "promotions " + promotions + ", demotions " + demotions);
        assertTrue(hv.memory().memory().swapOuts() > 0);
    }

    private static void set(Vm vm, Image image, String symbol, int value) {
        vm.guest().storeWord(Integer.toUnsignedLong(image.symbol(symbol)), value);
    }
}
