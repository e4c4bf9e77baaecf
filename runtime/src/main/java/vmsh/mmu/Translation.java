package vmsh.mmu;

import java.util.List;
import vmsh.isa.Encoding;

/**
 * An explained translation: every PTE the walk read, and the result or the fault.
 *
 * @param va         the virtual address (a GVA for V=1)
 * @param access     {@link Access#FETCH}, {@link Access#LOAD} or {@link Access#STORE}
 * @param regime     the regime it ran under, described
 * @param steps      the PTE reads in order; G-stage sub-walks come before the VS step whose
 *                   PTE address they translate, and the final G-stage walk comes last
 * @param ok         true when the address translated
 * @param pa         the host-physical address, or -1
 * @param gpa        the guest-physical address (V=1), or the physical address, or -1
 * @param virt       a V=1 (two-stage) translation
 * @param perm       stage-1 leaf flags (bits 7:0) and G-stage leaf flags (bits 15:8)
 * @param mega       the combined page is 4 MiB
 * @param global     some stage-1 PTE on the path had G set
 * @param cause      the exception code of the fault (0 when ok)
 * @param faultGpa   the GPA of a guest-page fault (htval = faultGpa &gt;&gt; 2), else -1
 * @param implicit   the fault happened on a VS-stage PTE access
 * @param reason     the rule that faulted, or null
 * @param references PTE reads (memory references of the walk)
 * @param adWrites   A/D write-backs (zero in a debugger view that leaves memory alone)
 * @param tlb        what the TLB holds for this address, when known, or null
 */
public record Translation(int va, int access, String regime, List<WalkStep> steps, boolean ok, long pa,
                          long gpa, boolean virt, int perm, boolean mega, boolean global, int cause,
                          long faultGpa, boolean implicit, String reason, int references, int adWrites,
                          String tlb) {

    /** The same translation with a note on the TLB's content. */
    public Translation withTlb(String note) {
        return new Translation(va, access, regime, steps, ok, pa, gpa, virt, perm, mega, global, cause,
                faultGpa, implicit, reason, references, adWrites, note);
    }

    /** The page size in bytes (4 KiB or 4 MiB), or 0 after a fault. */
    public long pageSize() { return ok ? (mega ? 1L << 22 : 1L << 12) : 0; }

    @Override public String toString() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("translate va 0x%08x (%s) under %s%n", va, Access.name(access), regime));
        if (tlb != null) b.append("  tlb: ").append(tlb).append('\n');
        if (steps.isEmpty()) b.append("  (no page-table reads)\n");
        for (WalkStep s : steps)
            b.append(s.stage().equals("G") && virt ? "    " : "  ").append(s).append('\n');
        String refs = references + (references == 1 ? " memory reference" : " memory references");
        if (ok) {
            b.append(String.format("  => pa 0x%09x", pa));
            if (virt) b.append(String.format(" (gpa 0x%09x)", gpa));
            b.append(String.format(", %s page, %s", mega ? "4 MiB" : "4 KiB", Pte.attrs(perm & 0xff)));
            if (virt && (perm >>> 8 & Pte.PTE_V) != 0) b.append(", G-stage ").append(Pte.attrs(perm >>> 8));
            b.append(", ").append(refs);
            if (adWrites > 0) b.append(", ").append(adWrites).append(" A/D write").append(adWrites == 1 ? "" : "s");
        } else {
            b.append(String.format("  => %s (cause %d, tval 0x%08x", Encoding.causeName(cause), cause, va));
            if (faultGpa >= 0) b.append(String.format(", htval 0x%08x = gpa 0x%09x >> 2", faultGpa >>> 2, faultGpa));
            b.append(")");
            if (implicit) b.append(" on a VS-stage PTE access");
            b.append(": ").append(reason).append(", ").append(refs);
        }
        return b.append('\n').toString();
    }
}
