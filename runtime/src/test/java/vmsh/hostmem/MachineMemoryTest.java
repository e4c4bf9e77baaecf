package vmsh.hostmem;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vmsh.mem.MemoryMap;
import vmsh.mem.Ram;
import vmsh.state.StateIn;
import vmsh.state.StateOut;
import vmsh.state.Stateful;

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

    /** The frame table's section as a snapshot writes it (held again while its version holds). */
    private byte[] saved() { return new StateOut().section("frames", m).toBytes(); }

    /** The same, saved afresh whatever its version says. */
    private byte[] savedAfresh() {
        return new StateOut().section("frames", new Stateful() {
            @Override public void save(StateOut out) { m.save(out); }

            @Override public void restore(StateIn in) { m.restore(in); }
        }).toBytes();
    }

    @Test void unchangedItsSectionIsHeldAgainNotSaved() {
        m.tryAllocate(FrameUse.PRIVATE);
        byte[] first = new StateOut().section("frames", m).toParts(null).piece(0);
        assertTrue(first == new StateOut().section("frames", m).toParts(null).piece(0), "held again, not saved again");
        m.retain(0);
        assertTrue(first != new StateOut().section("frames", m).toParts(null).piece(0), "a change is saved");
    }

    @Test void everyChangeIsSavedNoneHeldStale() {
        byte[] start = savedAfresh();
        Map<String, Runnable> changes = new LinkedHashMap<>();
        changes.put("tryAllocate", () -> m.tryAllocate(FrameUse.PRIVATE));
        changes.put("tryAllocate on a node", () -> m.tryAllocate(FrameUse.PRIVATE, 0));
        changes.put("retain", () -> m.retain(0));
        changes.put("release", () -> m.release(0));
        changes.put("setUse", () -> m.setUse(1, FrameUse.SHARED));
        changes.put("free", () -> m.free(1));
        changes.put("reserveRun", () -> m.reserveRun(8, 4));
        changes.put("allocateReserved", () -> m.allocateReserved(8, FrameUse.PRIVATE));
        changes.put("allocateAt", () -> m.allocateAt(3, FrameUse.PRIVATE));
        changes.put("unreserve", () -> m.unreserve(8, 4));
        changes.put("reserve", () -> m.reserve(12, 2));
        changes.put("restore", () -> new StateIn(start).section("frames", m));
        for (var c : changes.entrySet()) {
            byte[] before = saved();
            c.getValue().run();
            byte[] after = savedAfresh();
            assertFalse(java.util.Arrays.equals(before, after), c.getKey() + " changes the state");
            assertArrayEquals(after, saved(), "after " + c.getKey());
        }
    }

    @Test void aChangeSavesItsChunkAnewAndHoldsTheOthers() {
        MachineMemory big = new MachineMemory(new Ram(MemoryMap.RAM, 3 * 4096 * 4096L));   // three chunks of 4,096 frames
        for (int c = 0; c < 3; c++) big.allocateAt(c * 4096, FrameUse.PRIVATE);
        vmsh.state.StateParts first = new StateOut().section("frames", big).toParts(null);
        big.retain(4096);                                                                // a frame of the second chunk
        vmsh.state.StateParts second = new StateOut().section("frames", big).toParts(null);
        long fresh = second.bytesNotIn(first);
        assertTrue(fresh >= 5 * 4096 && fresh < 2 * 5 * 4096 + 8 * 1024, "the second chunk's references and uses, the bit sets: " + fresh);
        MachineMemory copy = new MachineMemory(new Ram(MemoryMap.RAM, 3 * 4096 * 4096L));
        new StateIn(second.bytes()).section("frames", copy);
        assertEquals(2, copy.refs(4096));
        assertArrayEquals(second.bytes(), new StateOut().section("frames", copy).toBytes());
    }
}
