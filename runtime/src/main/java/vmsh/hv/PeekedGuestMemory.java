package vmsh.hv;

import vmsh.hostmem.GuestMemory;
import vmsh.hostmem.Pmap;
import vmsh.mmu.PageTableMemory;

/**
 * A VM's guest-physical memory as page tables for a walk that only looks: a page the guest
 * never touched reads as zeros without being mapped, and nothing is written (A/D bits stay
 * as they are). Outside guest RAM a PTE is not accessible.
 */
final class PeekedGuestMemory implements PageTableMemory {
    private final GuestMemory guest;
    private final Pmap pmap;

    PeekedGuestMemory(GuestMemory guest) {
        this.guest = guest;
        this.pmap = guest.pmap();
    }

    @Override public long readPte(long gpa) {
        if (!guest.contains(gpa, 4) || (gpa & 3) != 0) return -1;
        int gpn = guest.gpn(gpa);
        if (!pmap.state(gpn).mapped()) return 0;
        return pmap.host().frames().load(pmap.mpn(gpn), (int) (gpa & 0xfff), 4) & 0xffff_ffffL;
    }

    @Override public boolean writePte(long gpa, int pte) { return false; }
}
