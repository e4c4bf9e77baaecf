package vmsh.hostmem;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import vmsh.state.FrameSet;
import vmsh.state.StateIn;
import vmsh.state.StateOut;
import vmsh.state.Stateful;

/**
 * The host swap device: numbered slots each holding one page's contents. Slots are taken
 * lowest first; the store grows with use, and an all-zero page takes no storage. Reads and
 * writes are counted so a caller can charge their cost. A slot's contents are never
 * written again once stored (a new write takes a new array), so a snapshot shares them.
 */
public final class SwapDevice implements Stateful {
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
        slots.set(slot, isZero(page) ? null : page.clone());
        return slot;
    }

    /** The words stored in {@code slot} (never written again: read them, share them), or null for a page of zeros. */
    public int[] stored(int slot) {
        check(slot);
        return slots.get(slot);
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

    /** The stored pages of the slots in use (zero pages hold none), shared with this device. */
    public FrameSet pages() {
        List<Integer> numbers = new ArrayList<>();
        for (int s = used.nextSetBit(0); s >= 0; s = used.nextSetBit(s + 1))
            if (s < slots.size() && slots.get(s) != null) numbers.add(s);
        int[] n = numbers.stream().mapToInt(Integer::intValue).toArray();
        int[][] held = new int[n.length][];
        for (int i = 0; i < n.length; i++) held[i] = slots.get(n[i]);
        return new FrameSet(Math.max(capacity, 1), n, held);
    }

    /** Which slots are in use, and the counters; the pages come back with {@link #restorePages}. */
    @Override
    public void save(StateOut out) {
        out.putLongs(used.toLongArray()).putInt(inUse).putLong(reads).putLong(writes);
    }

    @Override
    public void restore(StateIn in) {
        used.clear();
        used.or(BitSet.valueOf(in.getLongsAny()));
        inUse = in.getInt();
        reads = in.getLong();
        writes = in.getLong();
    }

    /** Puts back the pages {@link #pages} gave (the slots in use without one hold zeros). */
    public void restorePages(FrameSet pages) {
        slots.clear();
        for (int i = 0; i < pages.count(); i++) {
            int s = pages.number(i);
            while (slots.size() <= s) slots.add(null);
            slots.set(s, pages.frame(i));
        }
    }

    private static boolean isZero(int[] page) {
        for (int w : page) if (w != 0) return false;
        return true;
    }
}
