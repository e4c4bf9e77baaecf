package vmsh.hv;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import vmsh.hostmem.PageState;
import vmsh.hostmem.Pmap;
import vmsh.image.Image;

/**
 * Host superpages under the hypervisor: regions the pmap promotes are mapped with one
 * G-stage (hw) or shadow (trap, under a guest megapage) megapage, walks get shorter, and
 * demotion (a page shared, swapped, ballooned or watched) splits the mapping without
 * losing a byte of the guest's memory.
 */
class SuperpagesTest {
    private static final Image GUEST = Guests.sample("hv/superpages.s");
    private static final String EXPECTED_4K = "superpages: 4096 pages of 4 KiB x 8 rounds, checksum 0x03ffc000\n";
    private static final String EXPECTED_4M = "superpages: 4096 pages of 4 MiB megapages x 8 rounds, checksum 0x03ffc000\n";
    /** The window's first guest page: guest-physical 0x8040_0000. */
    private static final int DATA_GPN = 1024;

    private static Vm vm(Technique technique, SuperpagePolicy superpages, boolean guestMega) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20));
        Vm vm = hv.create("s", 24L << 20, technique, -1, 0, 24L << 20, VmOptions.DEFAULTS.superpages(superpages));
        vm.load(GUEST);
        vm.guest().storeWord(Integer.toUnsignedLong(GUEST.symbol("guest_mega")), guestMega ? 1 : 0);
        return vm;
    }

    private static void finish(Vm vm, String expected) {
        vm.run(10_000_000);
        assertEquals(VmState.HALTED, vm.state(), vm.message());
        assertEquals(expected, vm.console().text());
    }

    @Test void promotedRegionsAreMappedByGStageMegapagesAndWalksGetShorter() {
        Vm small = vm(Technique.HW, SuperpagePolicy.OFF, false), mega = vm(Technique.HW, SuperpagePolicy.RESERVE, false);
        finish(small, EXPECTED_4K);
        finish(mega, EXPECTED_4K);
        VmTlbStats s = small.tlbStats(), m = mega.tlbStats();
        assertEquals(0, s.megapages());
        assertEquals(5, m.megapages(), "the guest's first region and the four of its window");
        assertEquals(5, m.superpages().promoted());
        assertEquals(0, m.superpages().demotions());
        assertTrue(s.referencesPerMiss() > 7.5, "Sv32 over Sv32x4: up to 8 references: " + s.referencesPerMiss());
        assertTrue(m.referencesPerMiss() < 5.5, "over G-stage megapages: 5: " + m.referencesPerMiss());
        assertTrue(mega.cycles() < small.cycles());
        assertTrue(mega.shadow().get(0).mappings().stream().anyMatch(x -> x.size() >= 4L << 20));
    }

    @Test void megapagesOnBothSidesLeaveOnlyTheFirstTouchesMissing() {
        Vm vm = vm(Technique.HW, SuperpagePolicy.RESERVE, true);
        finish(vm, EXPECTED_4M);
        assertTrue(vm.tlbStats().misses() < 11_000, "first touches (two walks each) and little else: " + vm.tlbStats().misses());
    }

    @Test void aGuestMegapageOverAHostSuperpageIsOneShadowMegapage() {
        Vm vm = vm(Technique.TRAP, SuperpagePolicy.RESERVE, true);
        finish(vm, EXPECTED_4M);
        assertEquals(4, vm.tlbStats().megapages(), "the window's four regions; the first holds traced page tables");
        Vm guest4k = vm(Technique.TRAP, SuperpagePolicy.RESERVE, false);
        finish(guest4k, EXPECTED_4K);
        assertEquals(0, guest4k.tlbStats().megapages(), "4 KiB guest pages: 4 KiB shadow entries");
    }

    /** Runs the guest until its window is filled and promoted (the rounds have begun). */
    private static void runUntilPromoted(Vm vm) {
        Pmap pmap = vm.memory().pmap();
        for (int i = 0; i < 200 && pmap.superpages().promotedRegions() < 5; i++) vm.run(2_000);
        assertEquals(5, pmap.superpages().promotedRegions());
    }

    @Test void demotionInTheMiddleOfARunLosesNoData() {
        for (Technique t : new Technique[] {Technique.HW, Technique.TRAP}) {
            Vm vm = vm(t, SuperpagePolicy.RESERVE, true);
            runUntilPromoted(vm);
            Pmap pmap = vm.memory().pmap();
            int megapages = vm.tlbStats().megapages();
            assertTrue(pmap.swapOut(DATA_GPN + 5));                 // region 1 demoted
            pmap.makeShared(DATA_GPN + 1024 + 7, 0x5eed);          // region 2 demoted
            pmap.watch(DATA_GPN + 2048 + 9);                        // region 3: split for the sampler only
            assertEquals(3, pmap.superpages().promotedRegions());
            assertTrue(vm.tlbStats().megapages() < megapages, t + ": the VMM split its megapages");
            for (int k = 0; k < 4096; k++)
                assertEquals(k, vm.guest().loadWord(0x8040_0000L + k * 4096L), t + ": page " + k);
            finish(vm, EXPECTED_4M);   // the guest's own checksum over every page, round after round
            assertEquals(PageState.PRIVATE, pmap.state(DATA_GPN + 5));
            assertTrue(pmap.superpages().promotions() > 5, t + ": the swapped page came back to its frame: promoted again");
        }
    }

    @Test void aBalloonedPageDemotesItsRegionAndTheRestKeepsItsContents() {
        Vm vm = vm(Technique.HW, SuperpagePolicy.RESERVE, false);
        finish(vm, EXPECTED_4K);
        assertTrue(vm.memory().balloon().inflate(DATA_GPN + 3000));
        VmTlbStats t = vm.tlbStats();
        assertEquals(1, t.superpages().demotions());
        assertEquals(4, t.megapages());
        for (int k = 0; k < 4096; k++)
            if (k != 3000) assertEquals(k, vm.guest().loadWord(0x8040_0000L + k * 4096L), "page " + k);
    }
}
