package vmsh.hv;

import java.util.Locale;

/**
 * How a VM is virtualized.
 *
 * <pre>
 *  hw         hardware-assisted (VT-x/EPT, the RISC-V H extension): the guest runs in VS-mode,
 *             nested paging (the guest's table over the VMM's G-stage table)
 *  trap       trap-and-emulate (Popek and Goldberg): the guest kernel runs in U-mode, every
 *             sensitive instruction traps; traced shadow paging (guest page tables write-protected)
 *  trap-vtlb  trap-and-emulate with a virtual TLB: shadow filled on hidden faults, dropped on sfence.vma
 * </pre>
 */
public enum Technique {
    HW("hw"), TRAP("trap"), TRAP_VTLB("trap-vtlb");

    public final String label;

    Technique(String label) { this.label = label; }

    /** True for the two trap-and-emulate flavours. */
    public boolean trapAndEmulate() { return this != HW; }

    /** Parses "hw", "trap", "trap-vtlb" (also "trap-traced"). */
    public static Technique parse(String s) {
        String t = s.toLowerCase(Locale.ROOT).trim();
        return switch (t) {
            case "hw", "hardware", "nested" -> HW;
            case "trap", "trap-traced", "traced", "shadow" -> TRAP;
            case "trap-vtlb", "vtlb" -> TRAP_VTLB;
            default -> throw new IllegalArgumentException("technique '" + s + "' must be hw, trap or trap-vtlb");
        };
    }

    @Override public String toString() { return label; }
}
