package vmsh.hostmem;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GuestMemoryTest {
    private final HostMemory host = HostMemory.ofSize(64 * 4096);
    private final Pmap pmap = host.createPmap("g", 16);
    private final GuestMemory mem = new GuestMemory(pmap);

    @Test void untouchedMemoryReadsZeroWithoutSpendingFrames() {
        assertEquals(0, mem.loadWord(0x8000_1000L));
        assertArrayEquals(new byte[100], mem.read(0x8000_2000L, 100));
        assertEquals(1, host.frames().usedFrames());   // only the zero frame
    }

    @Test void wordsHalvesAndBytesAreLittleEndian() {
        mem.storeWord(0x8000_0010L, 0x11223344);
        assertEquals(0x44, mem.load(0x8000_0010L, 1));
        assertEquals(0x1122, mem.load(0x8000_0012L, 2));
        mem.store(0x8000_0011L, 1, 0xAB);
        assertEquals(0x1122AB44, mem.loadWord(0x8000_0010L));
    }

    @Test void bytesCrossPageBoundaries() {
        byte[] data = new byte[6000];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 13);
        mem.write(0x8000_0F00L, data);
        assertArrayEquals(data, mem.read(0x8000_0F00L, data.length));
        assertEquals(PageState.PRIVATE, pmap.state(0));
        assertEquals(PageState.PRIVATE, pmap.state(2));
    }

    @Test void writesBreakSharingAndReadsSwapIn() {
        mem.write(0x8000_3000L, "hello".getBytes(StandardCharsets.ISO_8859_1));
        long h = host.frames().hash(pmap.mpn(3));
        pmap.makeShared(3, h);
        mem.store(0x8000_3000L, 1, 'j');
        assertEquals(PageState.PRIVATE, pmap.state(3));
        assertEquals("jello", mem.readCString(0x8000_3000L, 64));
        pmap.swapOut(3);
        assertEquals("jello", mem.readCString(0x8000_3000L, 64));
        assertEquals(1, pmap.count(PageEvent.SWAP_IN));
        assertEquals(1, pmap.count(PageEvent.COW_BREAK));
    }

    @Test void wholePageWritesGoThroughOverwrite() {
        mem.write(0x8000_5000L, new byte[] {1});
        pmap.swapOut(5);
        mem.read(0x8000_5000L, 1);                        // swapped in for a read
        mem.write(0x8000_5000L, new byte[4096]);          // then replaced whole
        assertEquals(1, pmap.count(PageEvent.DOUBLE_PAGING));
    }

    @Test void badAddressesAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> mem.loadWord(0x8001_0000L));
        assertTrue(e.getMessage().contains("0x80010000"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> mem.loadWord(0x7FFF_FFFCL));
        assertThrows(IllegalArgumentException.class, () -> mem.read(0x8000_FFF0L, 17));
        var a = assertThrows(IllegalArgumentException.class, () -> mem.loadWord(0x8000_0002L));
        assertTrue(a.getMessage().contains("aligned"), a.getMessage());
        assertTrue(mem.contains(0x8000_FFF0L, 16));
        assertFalse(mem.contains(0x8000_FFF0L, 17));
        assertEquals(15, mem.gpn(0x8000_FFFFL));
    }
}
