package vmsh.hv;

import vmsh.cpu.Engine;
import vmsh.hostmem.GuestMemory;
import vmsh.hostmem.MachineMemory;
import vmsh.hostmem.Pmap;
import vmsh.mmu.PageTableMemory;

/**
 * A guest's page tables as the VMM walks them in software (shadow paging): addresses are
 * guest-physical, read through the pmap (a first read maps the zero frame) and A/D bits
 * are written back into guest memory as the hardware would. Outside guest RAM a PTE is not
 * accessible (the walk raises an access fault, reflected into the guest).
 */
final class GuestPageTables implements PageTableMemory {
    private final GuestMemory guest;
    private final Pmap pmap;
    private final MachineMemory frames;
    private final Engine engine;

    GuestPageTables(GuestMemory guest, Engine engine) {
        this.guest = guest;
        this.pmap = guest.pmap();
        this.frames = pmap.host().frames();
        this.engine = engine;
    }

    @Override public long readPte(long gpa) {
        if (!guest.contains(gpa, 4) || (gpa & 3) != 0) return -1;
        int mpn = pmap.touch(guest.gpn(gpa), false);
        return frames.load(mpn, (int) (gpa & 0xfff), 4) & 0xffff_ffffL;
    }

    @Override public boolean writePte(long gpa, int pte) {
        if (!guest.contains(gpa, 4) || (gpa & 3) != 0) return false;
        int mpn = pmap.touch(guest.gpn(gpa), true);
        engine.writePhysical((int) (frames.physicalAddress(mpn) + (gpa & 0xfff)), 4, pte);   // keeps decoded code coherent
        return true;
    }
}
