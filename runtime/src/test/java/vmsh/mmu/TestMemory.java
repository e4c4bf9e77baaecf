package vmsh.mmu;

import java.util.HashMap;
import java.util.Map;

/** Sparse word memory for walker tests: RAM is [base, base + size); it counts reads and writes. */
final class TestMemory implements PageTableMemory {
    final long base, size;
    private final Map<Long, Integer> words = new HashMap<>();
    int reads, writes;

    TestMemory(long base, long size) {
        this.base = base;
        this.size = size;
    }

    boolean contains(long pa) { return pa >= base && pa < base + size; }

    @Override public long readPte(long pa) {
        if (!contains(pa)) return -1;
        reads++;
        return Integer.toUnsignedLong(words.getOrDefault(pa, 0));
    }

    @Override public boolean writePte(long pa, int pte) {
        if (!contains(pa)) return false;
        writes++;
        words.put(pa, pte);
        return true;
    }

    int word(long pa) { return words.getOrDefault(pa, 0); }

    void poke(long pa, int value) {
        if (!contains(pa)) throw new IllegalArgumentException(String.format("0x%x outside test RAM", pa));
        words.put(pa, value);
    }
}
