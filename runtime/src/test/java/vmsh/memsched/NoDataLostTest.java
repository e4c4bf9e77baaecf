package vmsh.memsched;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import vmsh.hostmem.MachineMemory;
import vmsh.hostmem.PageHash;
import vmsh.hostmem.PageState;
import vmsh.hostmem.Pmap;
import vmsh.hostmem.PmapStats;

/**
 * Synthetic guests write, read and refill their pages at random and keep a copy of what
 * each page must hold, while sharing, ballooning and swapping churn underneath on an
 * overcommitted host (512 guest pages on 192 frames). Every read is checked as it
 * happens, and every page at the end. Reclamation events counted: swap outs and ins,
 * copy-on-write breaks, balloon inflates and deflates. The default run does the full
 * million (a few seconds: about 170k COW breaks, 230k swaps, 600k balloon moves);
 * {@code -Dvmsh.stress.events=N} changes the count.
 */
@Tag("slow")   // a stress run of the memory scheduler
class NoDataLostTest {
    private static final int PAGES = 256, FRAMES = 192;
    private static final long EVENTS = Long.getLong("vmsh.stress.events", 1_000_000);

    /** A guest: its memory, the contents it expects, and its balloon driver. */
    private static final class Guest {
        final VmMemory vm;
        final Pmap pmap;
        final MachineMemory frames;
        final int[][] expected = new int[PAGES][MachineMemory.WORDS];
        final boolean[] ballooned = new boolean[PAGES];
        final SplittableRandom random;

        Guest(VmMemory vm, long seed) {
            this.vm = vm;
            this.pmap = vm.pmap();
            this.frames = pmap.host().frames();
            this.random = new SplittableRandom(seed);
        }

        int page() {
            int g;
            do g = random.nextInt(PAGES); while (ballooned[g]);
            return g;
        }

        void writeWord() {
            int g = page(), i = random.nextInt(MachineMemory.WORDS), v = random.nextInt();
            frames.words(pmap.touch(g, true))[i] = v;     // after the fault, the store hits the frame
            expected[g][i] = v;
        }

        void readWord() {
            int g = page(), i = random.nextInt(MachineMemory.WORDS);
            int actual = frames.words(pmap.touch(g, false))[i];
            if (actual != expected[g][i]) fail("guest " + pmap.name() + " page " + g + " word " + i + ": "
                    + actual + " != " + expected[g][i] + " (" + pmap.state(g) + ")");
        }

        /** Fills a page with one of a few common contents (zeros among them): food for sharing. */
        void fillCommon() {
            int g = page(), pattern = random.nextInt(4);
            int[] w = frames.words(pmap.touch(g, true));
            for (int i = 0; i < w.length; i++) w[i] = pattern == 0 ? 0 : pattern * 1_000_003 + i;
            System.arraycopy(w, 0, expected[g], 0, w.length);
        }

        /** The balloon driver: moves a few pages toward the target; the guest forgets given-up pages. */
        void driver() {
            Balloon b = vm.balloon();
            for (int n = 0; n < 8 && b.delta() > 0; n++) {
                int g = page();
                if (b.inflate(g)) ballooned[g] = true;
            }
            for (int g = 0, n = 0; g < PAGES && n < 8 && b.delta() < 0; g++) {
                if (ballooned[g] && b.deflate(g)) {
                    ballooned[g] = false;
                    Arrays.fill(expected[g], 0);             // a returned page is fresh: zeros
                    n++;
                }
            }
        }

        void verifyAll() {
            for (int g = 0; g < PAGES; g++) {
                if (ballooned[g]) { assertEquals(PageState.BALLOONED, pmap.state(g)); continue; }
                long actual = PageHash.of(frames.words(pmap.touch(g, false)));
                assertEquals(PageHash.of(expected[g]), actual, "guest " + pmap.name() + " page " + g);
            }
        }
    }

    @Test void everyPageSurvivesTheChurn() {
        MemSchedConfig config = MemSchedConfig.DEFAULTS.withSeed(2002).with(Map.of(Knob.SCAN_PER_VM, 20_000,
                Knob.SCAN_TOTAL, 40_000, Knob.SAMPLE_PAGES, 16, Knob.SAMPLE_PERIOD, 0.5, Knob.BALANCE_PERIOD, 0.25));
        MemoryScheduler host = MemoryScheduler.ofSize(FRAMES * 4096L, config);
        Guest[] guests = {
                new Guest(host.create("g0", PAGES, 1000, 16, PAGES), 1),
                new Guest(host.create("g1", PAGES, 500, 16, PAGES), 2)};
        SplittableRandom random = new SplittableRandom(99);
        long step = 0;
        while (events(host) < EVENTS) {
            Guest g = guests[random.nextInt(guests.length)];
            int op = random.nextInt(100);
            if (op < 50) g.writeWord();
            else if (op < 80) g.readWord();
            else if (op < 90) g.fillCommon();
            else g.driver();
            if (++step % 64 == 0) host.tick(host.time().cyclesIn(0.005));
            if (step % 5_000 == 0) {
                Guest u = guests[random.nextInt(guests.length)];   // the user moves a balloon
                u.vm.balloon().setTarget(random.nextInt(PAGES / 2));
            }
        }
        for (Guest g : guests) g.verifyAll();

        long cow = 0, swapIns = 0, swapOuts = 0, inflates = 0, deflates = 0, shares = 0;
        for (Guest g : guests) {
            PmapStats s = PmapStats.of(g.pmap);
            cow += s.cowBreaks() + s.zeroBreaks();
            swapIns += s.swapIns();
            swapOuts += s.swapOuts();
            inflates += s.balloonInflates();
            deflates += s.balloonDeflates();
            shares += s.shares() + s.zeroShares();
        }
        assertTrue(events(host) >= EVENTS);
        // every mechanism took part
        assertTrue(cow > 1000, "cow breaks " + cow);
        assertTrue(swapIns > 1000 && swapOuts > 1000, "swaps " + swapOuts + "/" + swapIns);
        assertTrue(inflates > 100 && deflates > 100, "balloon " + inflates + "/" + deflates);
        assertTrue(shares > 1000, "shares " + shares);
        assertTrue(host.host().frames().freeFrames() >= 0);
    }

    private static long events(MemoryScheduler host) {
        long n = 0;
        for (VmMemory v : host.vms()) n += PmapStats.of(v.pmap()).reclamationEvents();
        return n;
    }
}
