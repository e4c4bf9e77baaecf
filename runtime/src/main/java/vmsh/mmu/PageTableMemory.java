package vmsh.mmu;

/**
 * The walker's narrow view of physical memory: reading page-table entries and writing
 * back A/D bits. Addresses are 34-bit physical addresses. An address the hart may not
 * use for a page-table access (not RAM, or denied by PMP) reads as -1 and refuses writes:
 * the walk then raises an access fault.
 */
public interface PageTableMemory {
    /** The 32-bit word at {@code pa} (4-byte aligned), zero-extended; -1 when not accessible. */
    long readPte(long pa);

    /** Writes the word at {@code pa}; false when not accessible. */
    boolean writePte(long pa, int pte);
}
