package vmsh.hostmem;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class SwapDeviceTest {
    private static int[] page(int seed) {
        int[] p = new int[MachineMemory.WORDS];
        for (int i = 0; i < p.length; i++) p[i] = seed * 1000 + i;
        return p;
    }

    @Test void slotsHoldCopiesAndAreReusedLowestFirst() {
        SwapDevice d = new SwapDevice(3);
        int[] a = page(1);
        assertEquals(0, d.write(a));
        assertEquals(1, d.write(page(2)));
        a[0] = 42;                       // the slot holds a copy
        int[] back = new int[MachineMemory.WORDS];
        d.read(0, back);
        assertArrayEquals(page(1), back);
        d.discard(0);
        assertEquals(0, d.write(page(3)));
        d.read(0, back);
        assertArrayEquals(page(3), back);
        assertEquals(2, d.used());
        assertEquals(3, d.writes());
        assertEquals(2, d.reads());
    }

    @Test void fullDeviceRefuses() {
        SwapDevice d = new SwapDevice(1);
        assertEquals(0, d.write(page(1)));
        assertTrue(d.full());
        assertEquals(-1, d.write(page(2)));
    }

    @Test void zeroPagesRoundTrip() {
        SwapDevice d = new SwapDevice(2);
        int slot = d.write(new int[MachineMemory.WORDS]);
        int[] back = page(9);
        d.read(slot, back);
        assertArrayEquals(new int[MachineMemory.WORDS], back);
    }

    @Test void unusedSlotsAreRejected() {
        SwapDevice d = new SwapDevice(2);
        var e = assertThrows(IllegalArgumentException.class, () -> d.discard(1));
        assertTrue(e.getMessage().contains("1"));
        assertThrows(IllegalArgumentException.class, () -> new SwapDevice(-1));
    }
}
