package vmsh.mem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RamTest {
    @Test void aSnapshotSharesFramesUntilTheFirstStoreCopiesOne() {
        Ram ram = new Ram(MemoryMap.RAM, 1L << 30);
        ram.store(0, 4, 1);
        ram.store(Ram.FRAME_SIZE, 4, 2);
        int[] first = ram.frames()[0], second = ram.frames()[1];
        vmsh.state.FrameSet s = ram.snapshot();
        assertEquals(2, s.count());
        assertTrue(ram.shared(0) && ram.shared(1));
        assertTrue(s.frame(0) == first && s.frame(1) == second, "no copy was made");

        ram.store(4, 4, 99);                          // copies frame 0 only
        assertFalse(ram.shared(0));
        assertTrue(ram.shared(1));
        assertTrue(ram.frames()[0] != first && ram.frames()[1] == second);
        assertEquals(1, first[0], "the snapshot's frame is untouched");
        assertEquals(0, first[1]);
        assertEquals(99, ram.load(4, 4));

        ram.store(3 * Ram.FRAME_SIZE, 4, 5);           // a new frame, not in the snapshot
        ram.restore(s);
        assertEquals(2, ram.frameCount());
        assertNull(ram.frames()[3]);
        assertEquals(0, ram.load(4, 4));
        assertEquals(1, ram.load(0, 4));
        ram.store(0, 4, 7);                            // the restored frames are shared with the snapshot too
        assertEquals(1, s.frame(0)[0]);
    }

    @Test void aSnapshotAfterAnotherHoldsWhatChangedAndSharesTheRest() {
        Ram ram = new Ram(MemoryMap.RAM, 1L << 20);
        for (int f = 0; f < 4; f++) ram.store(f * Ram.FRAME_SIZE, 4, f + 1);
        vmsh.state.FrameSet first = ram.snapshot();
        assertEquals(4, ram.justShared().length);
        ram.store(Ram.FRAME_SIZE, 4, 20);              // frame 1 copied
        ram.store(9 * Ram.FRAME_SIZE, 4, 9);           // frame 9 new
        vmsh.state.FrameSet second = ram.snapshot();
        assertEquals(java.util.List.of(1, 9), java.util.Arrays.stream(ram.justShared()).boxed().toList());
        assertEquals(5, second.count());
        assertTrue(second.frame(0) == first.frame(0) && second.frame(2) == first.frame(2) && second.frame(3) == first.frame(3),
                "unchanged frames are the first snapshot's own");
        assertTrue(second.frame(1) != first.frame(1));
        assertEquals(20, second.frame(1)[0]);
        assertEquals(2, first.frame(1)[0], "the first snapshot is a value");
        assertTrue(ram.shared(1) && ram.shared(9));
        assertTrue(ram.snapshot() == second, "nothing written since: the same set");
        assertEquals(0, ram.justShared().length);

        ram.restore(first);
        ram.store(2 * Ram.FRAME_SIZE, 4, 30);          // after a restore, changes count from the set restored
        vmsh.state.FrameSet third = ram.snapshot();
        assertEquals(4, third.count());
        assertEquals(30, third.frame(2)[0]);
        assertEquals(2, third.frame(1)[0]);
        assertTrue(third.frame(0) == first.frame(0));
    }

    @Test void readingAFrameDoesNotCopyIt() {
        Ram ram = new Ram(MemoryMap.RAM, 1 << 20);
        ram.store(0, 4, 1);
        vmsh.state.FrameSet s = ram.snapshot();
        assertTrue(ram.allocate(0) == s.frame(0));
        assertTrue(ram.frame(0) != s.frame(0), "a frame asked for to write is copied");
    }

    @Test void aSnapshotOfAnotherSizeIsRefused() {
        Ram small = new Ram(MemoryMap.RAM, 1 << 20), big = new Ram(MemoryMap.RAM, 1 << 21);
        var e = assertThrows(vmsh.state.StateException.class, () -> big.restore(small.snapshot()));
        assertTrue(e.getMessage().contains("256 frames"), e.getMessage());
    }

    @Test void framesAreAllocatedOnFirstStoreOnly() {
        Ram ram = new Ram(MemoryMap.RAM, 1L << 30);
        assertEquals(0, ram.frameCount());
        assertEquals(0, ram.load(12345, 4));
        assertEquals(0, ram.frameCount());
        ram.store(5 * Ram.FRAME_SIZE + 3, 1, 0xab);
        assertEquals(1, ram.frameCount());
        assertNull(ram.frames()[4]);
        assertEquals(0xab, ram.load(5 * Ram.FRAME_SIZE + 3, 1));
    }

    @Test void littleEndianLanes() {
        Ram ram = new Ram(MemoryMap.RAM, 1 << 16);
        ram.store(0, 4, 0x1122_3344);
        assertEquals(0x44, ram.load(0, 1));
        assertEquals(0x11, ram.load(3, 1));
        assertEquals(0x1122, ram.load(2, 2));
        ram.store(1, 1, 0xff);
        ram.store(2, 2, 0xbeef);
        assertEquals(0xbeef_ff44, ram.load(0, 4));
    }

    @Test void containsCoversExactlyTheWindow() {
        Ram ram = new Ram(MemoryMap.RAM, 1 << 20);
        assertTrue(ram.contains(MemoryMap.RAM));
        assertTrue(ram.contains(MemoryMap.RAM + (1 << 20) - 1));
        assertFalse(ram.contains(MemoryMap.RAM + (1 << 20)));
        assertFalse(ram.contains(MemoryMap.RAM - 1));
    }

    @Test void badSizesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Ram(MemoryMap.RAM, 1000));
        assertThrows(IllegalArgumentException.class, () -> new Ram(MemoryMap.RAM, 4L << 30));
        assertThrows(IllegalArgumentException.class, () -> new Ram(MemoryMap.RAM, 0));
    }
}
