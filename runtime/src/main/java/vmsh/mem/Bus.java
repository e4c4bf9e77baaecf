package vmsh.mem;

import java.util.ArrayList;
import java.util.List;

/**
 * The physical address space: RAM plus memory-mapped devices, each at a fixed window.
 * Watchers observe stores into RAM (HTIF's tohost lives in RAM): the store still writes
 * RAM, and the watcher sees it too.
 */
public final class Bus {
    /** A device placed at {@code base}. */
    public record Mapping(int base, Device device) {
        public boolean covers(int address) {
            return Integer.toUnsignedLong(address - base) < device.size();
        }
    }

    private final Ram ram;
    private final List<Mapping> devices = new ArrayList<>();
    private final List<Mapping> watchers = new ArrayList<>();

    public Bus(Ram ram) { this.ram = ram; }

    public Ram ram() { return ram; }

    /** Maps {@code device} at {@code base}; windows may not overlap each other or RAM. */
    public void map(int base, Device device) {
        Mapping m = new Mapping(base, device);
        long end = Integer.toUnsignedLong(base) + device.size();
        for (Mapping other : devices)
            if (overlaps(base, end, other.base, Integer.toUnsignedLong(other.base) + other.device.size()))
                throw new IllegalArgumentException(String.format("device %s at 0x%08x overlaps %s at 0x%08x",
                        device.name(), base, other.device.name(), other.base));
        if (overlaps(base, end, ram.base(), Integer.toUnsignedLong(ram.base()) + ram.size()))
            throw new IllegalArgumentException(String.format("device %s at 0x%08x overlaps RAM", device.name(), base));
        devices.add(m);
    }

    private static boolean overlaps(int a, long aEnd, int b, long bEnd) {
        return Integer.toUnsignedLong(a) < bEnd && Integer.toUnsignedLong(b) < aEnd;
    }

    /** Lets {@code device} observe stores into the RAM window at {@code base}. */
    public void watch(int base, Device device) {
        if (!ram.contains(base)) throw new IllegalArgumentException(String.format("0x%08x is not in RAM", base));
        watchers.add(new Mapping(base, device));
    }

    public void clearWatchers() { watchers.clear(); }

    /** True when some watcher covers part of RAM frame {@code frame}. */
    public boolean watched(int frame) {
        if (watchers.isEmpty()) return false;
        for (Mapping w : watchers) {
            int first = (w.base - ram.base()) >>> Ram.FRAME_SHIFT;
            int last = (w.base - ram.base() + w.device.size() - 1) >>> Ram.FRAME_SHIFT;
            if (frame >= first && frame <= last) return true;
        }
        return false;
    }

    /** The watcher covering RAM address {@code address}, or null. */
    public Mapping watcher(int address) {
        for (Mapping w : watchers) if (w.covers(address)) return w;
        return null;
    }

    /** The device mapping covering {@code address}, or null. */
    public Mapping device(int address) {
        for (Mapping m : devices) if (m.covers(address)) return m;
        return null;
    }

    /** Device mappings in the order they were wired. */
    public List<Mapping> devices() { return List.copyOf(devices); }

    /** True when a load or store of one byte at {@code address} reaches RAM or a device. */
    public boolean mapped(int address) { return ram.contains(address) || device(address) != null; }
}
