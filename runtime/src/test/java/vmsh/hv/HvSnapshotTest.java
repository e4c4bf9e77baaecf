package vmsh.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import vmsh.image.Image;
import vmsh.memsched.MemSchedConfig;

/**
 * A hypervisor host is a value too: with the kernel in two VMs and an ESX workload under
 * memory pressure (sharing, ballooning, swapping at work), a snapshot taken at seeded random
 * points continues after a restore, and on a host made from it, exactly as it did.
 */
class HvSnapshotTest {
    static final long CYCLES = 200_000_000;

    /**
     * A host under pressure: two identical kernels (pages to share) and a toucher that
     * keeps 1,024 pages written and 2,048 cache pages read forever, on 12 MiB: the scanner
     * shares, the balloon takes pages back.
     */
    static Hypervisor host(Technique technique) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(12L << 20).seed(5), MemSchedConfig.DEFAULTS.withSeed(5));
        Image kernel = Guests.kernel();
        hv.create("a", 8L << 20, technique).load(kernel);
        hv.create("b", 8L << 20, technique).load(kernel);
        Vm t = hv.create("t", 16L << 20, technique);
        Image toucher = Guests.sample("esx/toucher.s");
        t.load(toucher);
        param(t, toucher, "mem_size", 16 << 20);
        param(t, toucher, "ws_pages", 1024);
        param(t, toucher, "cache_pages", 2048);
        param(t, toucher, "passes", 0);
        return hv;
    }

    private static void param(Vm vm, Image image, String symbol, int value) {
        vm.guest().write(Integer.toUnsignedLong(image.symbol(symbol)),
                new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)});
    }

    /** Where a continuation ends: every VM's console, stats and the hash of the whole host. */
    static String ending(Hypervisor hv, long cycles) {
        hv.run(cycles, true);
        List<String> parts = new ArrayList<>();
        for (Vm v : hv.vms()) parts.add(v.name() + ": " + v.console().text() + " / " + v.stats() + " / " + v.state());
        parts.add(hv.memory().memory().toString());
        parts.add(hv.snapshot().hash());
        return String.join("\n", parts);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hw", "trap", "trap-vtlb", "hw-shadow"})
    @Tag("slow")   // four techniques, two points each, 200M cycles of an overcommitted host per continuation
    void continuesIdenticallyAfterARestore(String name) {
        Technique technique = Technique.parse(name);
        SplittableRandom random = new SplittableRandom(name.hashCode());
        for (int p = 0; p < 2; p++) {
            long at = 1_000_000 + random.nextLong(CYCLES);
            Hypervisor hv = host(technique);
            hv.run(at, true);
            hv.memory().sharing().scan(6000);
            HvSnapshot s = hv.snapshot();
            String first = ending(hv, CYCLES);
            hv.restore(s);
            assertEquals(s.hash(), hv.snapshot().hash(), name + " at " + at + ": the hash after the restore");
            assertEquals(first, ending(hv, CYCLES), name + " from cycle " + at + ": after a restore");
            Hypervisor copy = Hypervisor.open(s);
            assertEquals(s.hash(), copy.snapshot().hash(), name + " at " + at + ": a new host made from it");
            assertEquals(first, ending(copy, CYCLES), name + " from cycle " + at + ": on a new host");
        }
    }

    @Test void aSnapshotHoldsWhatChangedSinceTheOneBeforeAndSharesTheRest() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(32L << 20).seed(3), MemSchedConfig.DEFAULTS.withSeed(3));
        Vm vm = hv.create("k", 8L << 20, Technique.HW);
        vm.load(Guests.kernel());
        hv.run(3_000_000, true);
        HvSnapshot a = hv.snapshot(), b = hv.snapshot();
        assertSame(a.ram(), b.ram(), "nothing ran between them: the same frames");
        assertEquals(0, b.state().bytesNotIn(a.state()), "and the same saved parts");

        vm.guest().storeWord(0x8060_0000L, 0x1234_5678);   // a page the kernel never touched: a frame allocated
        HvSnapshot c = hv.snapshot();
        long fresh = c.state().bytesNotIn(b.state());
        assertTrue(fresh > 0 && fresh < c.state().length() - 16 * 1024, "what changed is new, the rest shared: " + fresh + " of " + c.state().length());
        String live = hv.memory().memory().toString();
        Hypervisor copy = Hypervisor.open(c);
        assertEquals(live, copy.memory().memory().toString(), "the frame table saved is the one after the store");
        assertEquals(0x1234_5678, copy.vms().get(0).guest().loadWord(0x8060_0000L));

        hv.restore(a);
        assertEquals(a.hash(), hv.stateHash());
        assertNotEquals(a.hash(), c.hash());
        hv.restore(c);
        assertEquals(c.hash(), hv.stateHash());
        assertEquals(ending(copy, 3_000_000), ending(hv, 3_000_000), "the same continuation");
    }

    @Test void aSnapshotOfAnotherHostIsRefused() {
        Hypervisor a = host(Technique.HW);
        Hypervisor b = new Hypervisor(HvConfig.DEFAULTS.memory(12L << 20).seed(5), MemSchedConfig.DEFAULTS.withSeed(5));
        var e = assertThrows(IllegalArgumentException.class, () -> b.restore(a.snapshot()));
        assertEquals("the snapshot has 3 VMs, this host 0", e.getMessage());
    }

    /**
     * The techniques that keep more of their own: bt (the translation cache, its units,
     * chains and callouts; the vCPU runs in it) and pv (direct paging's validated tables, the
     * shared page), each with two kernels on one host, from seeded random points.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bt", "pv"})
    void theTranslatorAndDirectPagingAreStateToo(String name) {
        Technique technique = Technique.parse(name);
        Image kernel = Guests.sample(technique == Technique.PV ? "kernel/kernel-pv.s" : "kernel/kernel.s");
        SplittableRandom random = new SplittableRandom(name.hashCode());
        for (int p = 0; p < 3; p++) {
            Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(48L << 20).seed(5));
            hv.create("a", 8L << 20, technique).load(kernel);
            hv.create("b", 8L << 20, technique).load(kernel);
            long at = 50_000 + random.nextLong(1_000_000);
            hv.run(at, false);
            HvSnapshot s = hv.snapshot();
            String first = ending(hv, 30_000_000);
            hv.restore(s);
            assertEquals(s.hash(), hv.snapshot().hash(), name + " at " + at + ": the hash after the restore");
            assertEquals(first, ending(hv, 30_000_000), name + " from instruction " + at + ": after a restore");
            Hypervisor copy = Hypervisor.open(s);
            assertEquals(first, ending(copy, 30_000_000), name + " from instruction " + at + ": on a new host");
        }
    }
}
