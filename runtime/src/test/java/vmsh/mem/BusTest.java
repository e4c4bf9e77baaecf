package vmsh.mem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BusTest {
    /** A device that remembers its last store. */
    static final class Register implements Device {
        final int size;
        int last = -1;

        Register(int size) { this.size = size; }

        @Override public String name() { return "reg"; }
        @Override public int size() { return size; }
        @Override public int load(int offset, int width) { return offset; }
        @Override public void store(int offset, int width, int value) { last = value; }
        @Override public void save(vmsh.state.StateOut out) { out.putInt(last); }
        @Override public void restore(vmsh.state.StateIn in) { last = in.getInt(); }
    }

    @Test void devicesAreFoundByAddress() {
        Bus bus = new Bus(new Ram(MemoryMap.RAM, 1 << 20));
        Register a = new Register(0x100), b = new Register(0x10);
        bus.map(0x1000_0000, a);
        bus.map(0x1000_0100, b);
        assertSame(a, bus.device(0x1000_00ff).device());
        assertSame(b, bus.device(0x1000_0100).device());
        assertNull(bus.device(0x1000_0110));
        assertTrue(bus.mapped(MemoryMap.RAM + 5));
    }

    @Test void overlapsAreRejectedWithNames() {
        Bus bus = new Bus(new Ram(MemoryMap.RAM, 1 << 20));
        bus.map(0x1000_0000, new Register(0x100));
        var e = assertThrows(IllegalArgumentException.class, () -> bus.map(0x1000_0080, new Register(0x100)));
        assertTrue(e.getMessage().contains("0x10000080"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bus.map(MemoryMap.RAM + 0x10, new Register(4)));
    }

    @Test void watchersCoverTheirFrames() {
        Bus bus = new Bus(new Ram(MemoryMap.RAM, 1 << 20));
        Register tohost = new Register(8);
        bus.watch(MemoryMap.RAM + 0x1ffc, tohost);      // straddles frames 1 and 2
        assertTrue(bus.watched(1));
        assertTrue(bus.watched(2));
        assertEquals(false, bus.watched(0));
        assertSame(tohost, bus.watcher(MemoryMap.RAM + 0x2003).device());
        assertNull(bus.watcher(MemoryMap.RAM + 0x2004));
    }
}
