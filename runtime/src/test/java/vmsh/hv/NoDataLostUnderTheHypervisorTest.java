package vmsh.hv;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import vmsh.hostmem.HostMemoryStats;
import vmsh.hostmem.PmapStats;
import vmsh.image.Image;
import vmsh.memsched.Knob;
import vmsh.memsched.MemSchedConfig;

/**
 * The "no data lost" stress test with a real guest: three VMs (two nested-paging, one
 * trap-and-emulate) run samples/esx/checksum.s, which keeps a checksum of each of its
 * pages and verifies them round after round, on a host far too small for them (1152
 * guest pages under checksum on 512 frames), while the sharing scanner runs at a huge
 * rate, the activity sampler invalidates pages every 2 ms, the balloon targets move, and
 * the memory scheduler swaps. Every guest must finish its rounds with "all intact" and
 * exit 0. The default, 1300 rounds, makes over a million reclamation events (about two
 * minutes on two cores); {@code -Dvmsh.stress.rounds=16} is a quick run while developing.
 */
@Tag("slow")   // a million reclamation events: about two minutes; ./test --quick leaves it out
class NoDataLostUnderTheHypervisorTest {
    private static final int FULL_ROUNDS = 1300;
    private static final int ROUNDS = Integer.getInteger("vmsh.stress.rounds", FULL_ROUNDS);
    private static final int PAGES = 384;

    @Test void checksumGuestsSurviveSharingBallooningAndSwapping() {
        MemSchedConfig memory = MemSchedConfig.DEFAULTS.withSeed(3).with(Map.of(Knob.SCAN_PER_VM, 200_000, Knob.SCAN_TOTAL, 600_000,
                Knob.SAMPLE_PAGES, 50, Knob.SAMPLE_PERIOD, 0.002, Knob.BALANCE_PERIOD, 0.001));
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(2L << 20).seed(3), memory);
        Image checksum = Guests.sample("esx/checksum.s");
        Technique[] techniques = {Technique.HW, Technique.HW, Technique.TRAP};
        for (int i = 0; i < techniques.length; i++) {
            Vm vm = hv.create("c" + i, 4L << 20, techniques[i], 1000, 256L << 10, 2L << 20);
            vm.load(checksum);
            set(vm, checksum, "mem_size", 4 << 20);
            set(vm, checksum, "pages", PAGES);
            set(vm, checksum, "rounds", ROUNDS);
            set(vm, checksum, "seed", i + 1);
            set(vm, checksum, "rewrite", 8);
        }
        List<Vm> vms = hv.vms();
        long balloonTargetsSet = 0;
        for (int k = 0; vms.stream().anyMatch(v -> v.state() == VmState.READY); k++) {
            assertTrue(k < 10_000, "the guests should have finished by now");
            vms.get(k % vms.size()).memory().balloon().setTarget((k * 37 % 5) * 64);   // 0 .. 1 MiB, moving
            balloonTargetsSet++;
            hv.run(5_000_000, true);
        }

        HostMemoryStats host = hv.memory().memory();
        long events = 0;
        for (PmapStats p : host.vms()) events += p.reclamationEvents();
        for (Vm vm : vms) {
            assertEquals(VmState.HALTED, vm.state(), vm.name() + ": " + vm.message());
            assertEquals(0, vm.exitCode(), vm.name() + " console:\n" + vm.console().text());
            assertTrue(vm.console().text().contains(ROUNDS + " rounds, " + ROUNDS * PAGES + " page checks"),
                    vm.console().text());
            assertTrue(vm.console().text().endsWith("all intact\n"), vm.console().text());
            assertTrue(vm.exits(ExitReason.SWAP_IN) > 0 && vm.exits(ExitReason.COW) > 0 && vm.exits(ExitReason.BALLOON) > 0,
                    vm.stats().toString());
        }
        assertTrue(host.swapOuts() > 0 && host.balloonedPages() + balloonInflates(host) > 0 && host.cowBreaks() > 0);
        assertTrue(events >= (ROUNDS >= FULL_ROUNDS ? 1_000_000 : 300L * ROUNDS), "reclamation events: " + events);
        System.err.printf("no data lost under the hypervisor: %d reclamation events (%d swap-outs, %d swap-ins,"
                + " %d COW breaks, %d balloon inflates), %d balloon targets set, %.3f s simulated%n", events,
                host.swapOuts(), host.swapIns(), host.cowBreaks(), balloonInflates(host), balloonTargetsSet,
                hv.memory().time().seconds());
    }

    private static long balloonInflates(HostMemoryStats host) {
        long n = 0;
        for (PmapStats p : host.vms()) n += p.balloonInflates();
        return n;
    }

    private static void set(Vm vm, Image image, String symbol, int value) {
        vm.guest().storeWord(Integer.toUnsignedLong(image.symbol(symbol)), value);
    }
}
