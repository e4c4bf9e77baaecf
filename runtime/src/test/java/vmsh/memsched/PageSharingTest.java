package vmsh.memsched;

import static org.junit.jupiter.api.Assertions.*;
import static vmsh.hostmem.PageState.*;

import java.util.BitSet;
import org.junit.jupiter.api.Test;
import vmsh.hostmem.HostMemory;
import vmsh.hostmem.MachineMemory;
import vmsh.hostmem.PageHash;
import vmsh.hostmem.Pmap;

class PageSharingTest {
    private final HostMemory host = HostMemory.ofSize(256 * 4096);
    private final MachineMemory frames = host.frames();
    private final Pmap a = host.createPmap("a", 16), b = host.createPmap("b", 16);
    private final PageSharing sharing = new PageSharing(host, 50, 200, 7);

    PageSharingTest() {
        sharing.add(a);
        sharing.add(b);
    }

    private void fill(Pmap p, int gpn, int seed) {
        int[] w = frames.words(p.touch(gpn, true));
        for (int i = 0; i < w.length; i++) w[i] = seed * 7919 + i;
    }

    private long sum(Pmap p, int gpn) { return PageHash.of(frames.words(p.touch(gpn, false))); }

    @Test void identicalPagesInTwoVmsAreSharedThroughAHint() {
        fill(a, 3, 42);
        fill(b, 7, 42);
        long before = sum(a, 3);
        ScanResult first = sharing.scan(a, 16);
        assertEquals(16, first.scanned());
        assertEquals(1, first.hashed());
        assertEquals(1, sharing.stats().hints());
        ScanResult second = sharing.scan(b, 16);
        assertEquals(1, second.sharedNew());
        assertEquals(SHARED, a.state(3));
        assertEquals(SHARED, b.state(7));
        assertEquals(a.mpn(3), b.mpn(7));
        assertEquals(2, frames.refs(a.mpn(3)));
        assertEquals(1, frames.usedFrames());
        assertEquals(before, sum(b, 7));
        SharingStats s = sharing.stats();
        assertEquals(2, s.sharedPages());
        assertEquals(1, s.sharedFrames());
        assertEquals(1, s.savedPages());
        assertEquals(4096, s.savedBytes());
        assertEquals(0, s.hints());
    }

    @Test void laterCopiesJoinTheExistingSharedFrame() {
        fill(a, 1, 9);
        fill(a, 2, 9);
        fill(b, 3, 9);
        sharing.scan(a, 16);
        ScanResult r = sharing.scan(b, 16);
        assertEquals(1, r.sharedExisting());
        assertEquals(3, frames.refs(b.mpn(3)));
        assertEquals(2, sharing.stats().savedPages());
    }

    @Test void zeroPagesMapTheZeroFrame() {
        a.touch(4, true);                       // private, all zeros
        fill(b, 4, 1);
        frames.zero(b.mpn(4));                  // written, then cleared by the guest
        ScanResult r = sharing.scan(32);
        assertEquals(2, r.zero());
        assertEquals(ZERO, a.state(4));
        assertEquals(ZERO, b.state(4));
        assertEquals(1, frames.usedFrames());
        assertEquals(2, sharing.stats().zeroPages());
        assertEquals(1, sharing.stats().savedPages());
    }

    @Test void pagesThatDifferAreNeverShared() {
        for (int g = 0; g < 16; g++) { fill(a, g, g); fill(b, g, 100 + g); }
        frames.words(b.mpn(5))[1023] ^= 1;      // b5 differs from nothing else either
        fill(b, 6, 3);
        frames.words(b.mpn(6))[1023] ^= 1;      // b6 differs from a3 in one bit
        sharing.scan(64);
        sharing.scan(64);
        assertEquals(0, a.count(SHARED) + b.count(SHARED));
        assertEquals(32, frames.usedFrames());
    }

    @Test void aHintWhosePageChangedIsStaleAndNotShared() {
        fill(a, 3, 42);
        sharing.scan(a, 16);                    // a3 becomes a hint
        frames.words(a.mpn(3))[0] = -1;         // the guest changes it (mapped writable, no fault)
        fill(b, 5, 42);
        ScanResult r = sharing.scan(b, 16);
        assertEquals(1, r.staleHints());
        assertEquals(0, r.sharedNew());
        assertEquals(PRIVATE, a.state(3));
        assertEquals(PRIVATE, b.state(5));
        assertEquals(1, sharing.stats().hints()); // b5 is the hint now
    }

    @Test void aHintWhosePageWasFreedIsStale() {
        fill(a, 3, 42);
        sharing.scan(a, 16);
        a.balloon(3);
        fill(b, 5, 42);
        assertEquals(1, sharing.scan(b, 16).staleHints());
        assertEquals(PRIVATE, b.state(5));
    }

    @Test void copyOnWriteAfterSharingKeepsEachVmsContents() {
        fill(a, 3, 42);
        fill(b, 7, 42);
        sharing.scan(32);
        long shared = sum(b, 7);
        int[] w = frames.words(a.touch(3, true));
        w[10] = 12345;
        assertEquals(PRIVATE, a.state(3));
        assertEquals(SHARED, b.state(7));
        assertEquals(shared, sum(b, 7));
        assertEquals(12345, frames.words(a.mpn(3))[10]);
        assertEquals(1, sharing.stats().cowBreaks());
    }

    @Test void rateLimitsPerVmAndInTotal() {
        HostMemory h = HostMemory.ofSize(64 * 4096);
        PageSharing s = new PageSharing(h, 50, 200, 1);
        Pmap[] vms = new Pmap[6];
        for (int i = 0; i < vms.length; i++) vms[i] = h.createPmap("v" + i, 1000);
        s.add(vms[0]);
        s.add(vms[1]);
        assertEquals(100, s.advance(1.0).scanned());       // 2 VMs x 50/s
        for (int i = 2; i < 6; i++) s.add(vms[i]);
        assertEquals(200, s.advance(1.0).scanned());       // the total cap binds
        long sum = 0;
        for (int i = 0; i < 8; i++) sum += s.advance(0.125).scanned();
        assertEquals(200, sum);                             // 6.25 pages per VM per step: fractions carry over
        for (ScanProgress p : s.progress()) assertTrue(p.position() <= 150, p.toString());
    }

    @Test void unusedCreditIsCappedAtOneSecond() {
        HostMemory h = HostMemory.ofSize(64 * 4096);
        PageSharing s = new PageSharing(h, 50, 200, 1);
        s.advance(100);                                     // no VM yet: credit does not pile up
        for (int i = 0; i < 10; i++) s.add(h.createPmap("v" + i, 1000));
        assertEquals(200, s.advance(1).scanned());
    }

    @Test void eachPassVisitsEveryPageOnceInARandomOrder() {
        for (int n : new int[] {1, 2, 16, 97, 1000, 4096}) {
            ScanOrder order = new ScanOrder(n, new vmsh.state.SeededRandom(n));
            for (int pass = 0; pass < 3; pass++) {
                BitSet seen = new BitSet();
                for (int i = 0; i < n; i++) seen.set(order.next());
                assertEquals(n, seen.cardinality(), "n=" + n);
            }
            assertEquals(2, order.passes());
        }
        ScanOrder o = new ScanOrder(1000, new vmsh.state.SeededRandom(3));
        int inOrder = 0;
        for (int i = 0, prev = -1; i < 1000; i++) { int g = o.next(); if (g == prev + 1) inOrder++; prev = g; }
        assertTrue(inOrder < 100, "not sequential: " + inOrder);
    }

    @Test void sameSeedSameSharing() {
        assertEquals(run(5), run(5));
    }

    private String run(long seed) {
        HostMemory h = HostMemory.ofSize(256 * 4096);
        Pmap p = h.createPmap("p", 64), q = h.createPmap("q", 64);
        for (int g = 0; g < 64; g++) {
            for (Pmap x : new Pmap[] {p, q}) {
                int[] w = h.frames().words(x.touch(g, true));
                java.util.Arrays.fill(w, g % 5);
            }
        }
        PageSharing s = new PageSharing(h, 10, 15, seed);
        s.add(p);
        s.add(q);
        s.advance(2.5);
        return p.entries().toString() + q.entries() + s.stats();
    }
}
