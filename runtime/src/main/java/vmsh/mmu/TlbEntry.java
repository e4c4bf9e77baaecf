package vmsh.mmu;

/**
 * One valid TLB entry, for listings.
 *
 * @param tlb    "I", "D" (split) or "U" (unified)
 * @param va     the first virtual address the entry maps
 * @param pa     the host-physical address it maps to
 * @param size   4096 or 4 MiB
 * @param virt   a V=1 entry (guest translation, GVA to HPA combined)
 * @param perm   stage-1 leaf flags (bits 7:0), G-stage leaf flags (bits 15:8); 0 for a Bare stage
 */
public record TlbEntry(String tlb, int set, int way, int va, long pa, long size, boolean global, boolean virt,
                       int asid, int vmid, int perm) {

    @Override public String toString() {
        String space = virt ? String.format("vmid %-3d asid %-3d", vmid, asid) : String.format("asid %-3d", asid);
        String flags = (perm & Pte.PTE_V) != 0 ? Pte.attrs(perm) : "bare   ";
        if (virt) flags += " G:" + ((perm >>> 8 & Pte.PTE_V) != 0 ? Pte.attrs(perm >>> 8) : "bare");
        return String.format("%s set %-3d way %-2d va 0x%08x -> pa 0x%09x  %s  %s  %s%s", tlb, set, way, va, pa,
                size == 1L << 22 ? "4M" : "4K", space, flags, global ? "  global" : "");
    }
}
