package vmsh.mmu;

/**
 * One page-table entry read by an explained walk.
 *
 * @param stage       "Sv32" (single stage), "VS" (the guest's stage) or "G" (the G-stage)
 * @param level       1 (root) or 0
 * @param input       the address being translated at this step: the virtual address for
 *                    Sv32 and VS steps, the guest-physical address for G steps
 * @param pteAddress  where the PTE is, in the stage's own physical space (a guest-physical
 *                    address for VS steps under a G-stage)
 * @param hostAddress where the PTE is in host-physical memory (the memory reference)
 * @param pte         the PTE read, or -1 when its address is not accessible
 * @param outcome     what the walk did with it: next table, leaf, or the fault and its rule
 */
public record WalkStep(String stage, int level, long input, long pteAddress, long hostAddress, long pte,
                       String outcome) {

    @Override public String toString() {
        String where = pteAddress == hostAddress ? String.format("0x%09x", hostAddress)
                : String.format("gpa 0x%09x (hpa 0x%09x)", pteAddress, hostAddress);
        String value = pte < 0 ? "(not accessible)  " : String.format("0x%08x %s", pte, Pte.flags((int) pte));
        String in = stage.equals("G") ? String.format("gpa 0x%09x", input) : String.format("va 0x%08x", input);
        return String.format("%-4s L%d %s  pte @ %s = %s  %s", stage, level, in, where, value, outcome);
    }
}
