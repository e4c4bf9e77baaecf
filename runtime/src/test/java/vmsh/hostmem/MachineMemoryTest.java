package vmsh.hostmem;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import vmsh.mem.MemoryMap;
import vmsh.mem.Ram;

class MachineMemoryTest {
    private final MachineMemory m = new MachineMemory(new Ram(MemoryMap.RAM, 16 * 4096));

    @Test void allocatesLowestFreeFrameFirst() {
        assertEquals(0, m.tryAllocate(FrameUse.PRIVATE));
        assertEquals(1, m.tryAllocate(FrameUse.PRIVATE));
        assertEquals(2, m.tryAllocate(FrameUse.SYSTEM));
        m.free(1);
        assertEquals(1, m.tryAllocate(FrameUse.PRIVATE));
        assertEquals(3, m.tryAllocate(FrameUse.PRIVATE));
        assertEquals(12, m.freeFrames());
        assertEquals(3, m.count(FrameUse.PRIVATE));
        assertEquals(1, m.count(FrameUse.SYSTEM));
    }

    @Test void reservedFramesKeepTheirContentsAndAreNotHandedOut() {
        m.ram().store(4096 + 8, 4, 0x1234);               // the host machine already uses frame 1
        m.reserve(1, 2);
        assertEquals(FrameUse.SYSTEM, m.use(1));
        assertEquals(0x1234, m.load(1, 8, 4));
        assertEquals(0, m.tryAllocate(FrameUse.PRIVATE));
        assertEquals(3, m.tryAllocate(FrameUse.PRIVATE));
        assertThrows(IllegalStateException.class, () -> m.reserve(3, 1));
        assertThrows(IllegalArgumentException.class, () -> m.reserve(15, 2));
    }

    @Test void returnsMinusOneWhenFull() {
        for (int i = 0; i < 16; i++) assertEquals(i, m.tryAllocate(FrameUse.PRIVATE));
        assertEquals(-1, m.tryAllocate(FrameUse.PRIVATE));
        assertEquals(0, m.freeFrames());
    }

    @Test void reallocatedFramesAreZeroed() {
        int a = m.tryAllocate(FrameUse.PRIVATE);
        m.store(a, 100, 4, 0xdeadbeef);
        m.free(a);
        int b = m.tryAllocate(FrameUse.PRIVATE);
        assertEquals(a, b);
        assertTrue(m.isZero(b));
    }

    @Test void referenceCountsFreeOnLastRelease() {
        int a = m.tryAllocate(FrameUse.SHARED);
        assertEquals(2, m.retain(a));
        assertEquals(3, m.retain(a));
        assertEquals(2, m.release(a));
        assertEquals(1, m.release(a));
        assertEquals(FrameUse.SHARED, m.use(a));
        assertEquals(0, m.release(a));
        assertEquals(FrameUse.FREE, m.use(a));
        assertEquals(16, m.freeFrames());
    }

    @Test void contentsCopyCompareHashAndSubwordAccess() {
        int a = m.tryAllocate(FrameUse.PRIVATE), b = m.tryAllocate(FrameUse.PRIVATE);
        assertTrue(m.sameContents(a, b));
        assertEquals(PageHash.ZERO, m.hash(a));
        m.store(a, 4093, 1, 0x7f);
        m.store(a, 8, 2, 0xbeef);
        assertEquals(0x7f, m.load(a, 4093, 1));
        assertEquals(0x7f00, m.load(a, 4092, 2) & 0xff00);
        assertEquals(0xbeef, m.load(a, 8, 2));
        assertEquals(0x7f00, m.load(a, 4092, 4));
        assertFalse(m.sameContents(a, b));
        assertNotEquals(m.hash(a), m.hash(b));
        m.copy(a, b);
        assertTrue(m.sameContents(a, b));
        assertEquals(m.hash(a), m.hash(b));
        m.zero(a);
        assertTrue(m.isZero(a));
    }

    @Test void physicalAddressesFollowRamBase() {
        assertEquals(0x8000_0000L, m.physicalAddress(0));
        assertEquals(0x8000_3000L, m.physicalAddress(3));
    }

    @Test void misuseIsRejectedWithTheFrameNumber() {
        var e = assertThrows(IllegalStateException.class, () -> m.free(5));
        assertTrue(e.getMessage().contains("5"), e.getMessage());
        var r = assertThrows(IllegalArgumentException.class, () -> m.use(16));
        assertTrue(r.getMessage().contains("16"), r.getMessage());
        assertThrows(IllegalStateException.class, () -> m.words(3));
        assertThrows(IllegalArgumentException.class, () -> m.tryAllocate(FrameUse.FREE));
    }

    @Test void ramStaysSparse() {
        Ram ram = new Ram(MemoryMap.RAM, 1L << 30);
        MachineMemory big = new MachineMemory(ram);
        for (int i = 0; i < 10; i++) big.tryAllocate(FrameUse.PRIVATE);
        assertEquals(10, ram.frameCount());
    }
}
