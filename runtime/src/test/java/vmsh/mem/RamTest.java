package vmsh.mem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RamTest {
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
