package vmsh.hostmem;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The host swap device: numbered slots each holding one page's contents. Slots are taken
 * lowest first; the store grows with use, and an all-zero page takes no storage. Reads and
 * writes are counted so a caller can charge their cost.
 */
public final class SwapDevice {
    private final int capacity;
    private final List<int[]> slots = new ArrayList<>();
    private final BitSet used = new BitSet();
    private int inUse;
    private long reads, writes;

    /** @param capacity slots (pages) the device holds */
    public SwapDevice(int capacity) {
        if (capacity < 0) throw new IllegalArgumentException("swap capacity " + capacity + " must not be negative");
        this.capacity = capacity;
    }

    public int capacity() { return capacity; }

    public int used() { return inUse; }

    public boolean full() { return inUse >= capacity; }

    public long reads() { return reads; }

    public long writes() { return writes; }

    /** Stores a copy of the page; returns its slot, or -1 when the device is full. */
    public int write(int[] page) {
        if (full()) return -1;
        int slot = used.nextClearBit(0);
        used.set(slot);
        inUse++;
        writes++;
        while (slots.size() <= slot) slots.add(null);
        slots.set(slot, isZero(page) ? null : copyInto(slots.get(slot), page));
        return slot;
    }

    /** Copies the page in {@code slot} into {@code page}. */
    public void read(int slot, int[] page) {
        check(slot);
        reads++;
        int[] s = slots.get(slot);
        if (s == null) java.util.Arrays.fill(page, 0); else System.arraycopy(s, 0, page, 0, page.length);
    }

    /** Frees a slot; its storage is kept for reuse. */
    public void discard(int slot) {
        check(slot);
        used.clear(slot);
        inUse--;
    }

    private void check(int slot) {
        if (slot < 0 || !used.get(slot)) throw new IllegalArgumentException("swap slot " + slot + " is not in use");
    }

    private static int[] copyInto(int[] reuse, int[] page) {
        int[] s = reuse != null ? reuse : new int[page.length];
        System.arraycopy(page, 0, s, 0, page.length);
        return s;
    }

    private static boolean isZero(int[] page) {
        for (int w : page) if (w != 0) return false;
        return true;
    }
}
