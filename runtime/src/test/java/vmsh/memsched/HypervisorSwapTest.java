package vmsh.memsched;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vmsh.hostmem.HostMemory;
import vmsh.hostmem.PageHash;
import vmsh.hostmem.PageState;
import vmsh.hostmem.Pmap;

class HypervisorSwapTest {
    /** A VM around a bare pmap, for the swapper: no balloon, no sampling. */
    private static VmMemory vm(Pmap p) {
        return new VmMemory(p, 0, 0, p.pages(), new Balloon(p, 0), new ActivitySampler(p, new vmsh.state.SeededRandom(0), 0, 0.5, 0.125));
    }

    private static HypervisorSwap randomSwap(long seed) { return new HypervisorSwap(new RandomVictims(new vmsh.state.SeededRandom(seed))); }

    private static List<Integer> victims(long seed) {
        HostMemory host = HostMemory.ofSize(512 * 4096);
        Pmap p = host.createPmap("vm", 400);
        for (int g = 0; g < 400; g += 2) p.touch(g, true);         // even pages private
        for (int g = 1; g < 400; g += 2) p.touch(g, false);        // odd pages zero
        RandomVictims victims = new RandomVictims(new vmsh.state.SeededRandom(seed));
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int g = victims.page(p);
            out.add(g);
            assertTrue(p.swapOut(g));
        }
        return out;
    }

    @Test void victimsArePrivateRandomAndSeeded() {
        List<Integer> v = victims(11);
        assertEquals(v, victims(11));
        assertNotEquals(v, victims(12));
        for (int g : v) assertEquals(0, g % 2, "only private pages: " + g);
        assertEquals(50, v.stream().distinct().count());
        assertTrue(v.stream().mapToInt(Integer::intValue).max().getAsInt() > 200, "spread over the VM: " + v);
    }

    @Test void findsTheFewPrivatePagesOfASparseVm() {
        HostMemory host = HostMemory.ofSize(64 * 4096);
        Pmap p = host.createPmap("sparse", 1 << 18);
        p.touch(5, true);
        p.touch(200_000, true);
        p.touch(262_143, true);
        HypervisorSwap swap = randomSwap(1);
        assertEquals(3, swap.swapOut(vm(p), 10));
        assertEquals(3, p.count(PageState.SWAPPED));
        assertEquals(-1, swap.victims().page(vm(p)));
        assertEquals(3, swap.swappedOut());
    }

    @Test void swappedPagesComeBackIntact() {
        HostMemory host = HostMemory.ofSize(128 * 4096);
        Pmap p = host.createPmap("vm", 100);
        long[] sums = new long[100];
        for (int g = 0; g < 100; g++) {
            int[] w = host.frames().words(p.touch(g, true));
            for (int i = 0; i < w.length; i++) w[i] = g * 65537 + i * 3;
            sums[g] = PageHash.of(w);
        }
        assertEquals(60, randomSwap(2).swapOut(vm(p), 60));
        assertEquals(40, host.frames().usedFrames());
        for (int g = 0; g < 100; g++) assertEquals(sums[g], PageHash.of(host.frames().words(p.touch(g, false))), "page " + g);
        assertEquals(60, p.count(vmsh.hostmem.PageEvent.SWAP_IN));
    }
}
