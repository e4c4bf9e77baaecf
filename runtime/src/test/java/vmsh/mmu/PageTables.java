package vmsh.mmu;

import static vmsh.mmu.Pte.*;

import java.util.function.LongUnaryOperator;

/**
 * Builds two-level page tables for tests. Tables are taken from a bump allocator in the
 * table's own physical space ({@code next}); {@code where} turns such an address into the
 * host address the words are written at (identity for Sv32 and G-stage tables, the G-stage
 * mapping for VS-stage tables).
 */
final class PageTables {
    final TestMemory memory;
    final boolean wide;
    final LongUnaryOperator where;
    long next;
    final long root;

    PageTables(TestMemory memory, long first, boolean wide, LongUnaryOperator where) {
        this.memory = memory;
        this.wide = wide;
        this.where = where;
        this.next = first;
        this.root = allocate(wide ? 4 : 1);
    }

    static PageTables sv32(TestMemory m, long first) { return new PageTables(m, first, false, a -> a); }

    static PageTables sv32x4(TestMemory m, long first) { return new PageTables(m, first, true, a -> a); }

    long allocate(int pages) {
        long align = pages * 4096L;
        next = (next + align - 1) / align * align;
        long a = next;
        next += pages * 4096L;
        return a;
    }

    long rootEntry(long va) { return root + 4 * (va >>> 22); }

    /** Maps the 4 KiB page at va to pa with the leaf flags (V added), making the level-0 table if needed. */
    long map4k(long va, long pa, int flags) {
        long l1 = rootEntry(va);
        int pte1 = memory.word(where.applyAsLong(l1));
        long table;
        if ((pte1 & PTE_V) == 0) {
            table = allocate(1);
            memory.poke(where.applyAsLong(l1), Pte.make(table, PTE_V));
        } else {
            table = Pte.address(pte1);
        }
        long l0 = table + 4 * (va >>> 12 & 0x3ff);
        memory.poke(where.applyAsLong(l0), Pte.make(pa, flags | PTE_V));
        return l0;
    }

    /** Maps the 4 MiB megapage at va to pa. */
    long map4m(long va, long pa, int flags) {
        long l1 = rootEntry(va);
        memory.poke(where.applyAsLong(l1), Pte.make(pa, flags | PTE_V));
        return l1;
    }

    /** Writes a raw word into the table entry at (table-space) address a. */
    void set(long a, int pte) { memory.poke(where.applyAsLong(a), pte); }

    int get(long a) { return memory.word(where.applyAsLong(a)); }

    /** The level-0 entry address for va (the level-1 entry must point to a table). */
    long leafEntry(long va) {
        return Pte.address(get(rootEntry(va))) + 4 * (va >>> 12 & 0x3ff);
    }

    int satp(int asid) { return Satp.make(true, asid, root); }

    int hgatp(int vmid) { return Hgatp.make(true, vmid, root); }
}
