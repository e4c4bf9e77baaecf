package vmsh.cpu;

import vmsh.mem.Ram;
import vmsh.mmu.PageTableMemory;

/** What page walks read and where they write A/D bits back: RAM only (PMP is not enforced); a write resets decoded code. */
final class RamPageTables implements PageTableMemory {
    private final Ram ram;
    private final DecodedCode code;

    RamPageTables(Ram ram, DecodedCode code) {
        this.ram = ram;
        this.code = code;
    }

    @Override public long readPte(long pa) {
        if (pa >>> 32 != 0 || !ram.contains((int) pa)) return -1;
        return ram.load((int) pa - ram.base(), 4) & 0xffff_ffffL;
    }

    @Override public boolean writePte(long pa, int pte) {
        if (pa >>> 32 != 0 || !ram.contains((int) pa)) return false;
        ram.store((int) pa - ram.base(), 4, pte);
        code.invalidate((int) pa);
        return true;
    }
}
