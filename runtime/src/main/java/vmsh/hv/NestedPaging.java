package vmsh.hv;

import java.util.Locale;

/**
 * How the host (L0) runs the guest of a guest hypervisor (L2) when the guest hypervisor (L1)
 * has its own G-stage table (L2 guest-physical to L1 guest-physical):
 *
 * <pre>
 *  multi-dimensional  L0 keeps a shadow G-stage composing L1's G-stage with its own (L2 GPA to
 *                     host PA), which the hardware walks on L2's TLB misses; L1's G-stage pages
 *                     are write-protected, so a write to them is applied to the shadow at once
 *                     (Ben-Yehuda et al., "The Turtles Project", OSDI 2010, section 3.3)
 *  emulated           the shadow is only a cache of L0's software walks: each L2 G-stage miss
 *                     exits to L0, which walks L1's table and its own and fills one page;
 *                     L1's hfence.gvma drops what it names (a virtual TLB, as trap-vtlb is
 *                     for the first stage)
 * </pre>
 */
public enum NestedPaging {
    MULTI_DIMENSIONAL("multi-dimensional"), EMULATED("emulated");

    public final String label;

    NestedPaging(String label) { this.label = label; }

    /** Parses "multi-dimensional" (also "md", "shadow") or "emulated". */
    public static NestedPaging parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT).trim()) {
            case "multi-dimensional", "multidimensional", "md", "shadow" -> MULTI_DIMENSIONAL;
            case "emulated", "software" -> EMULATED;
            default -> throw new IllegalArgumentException("nestedPaging '" + s + "' must be 'multi-dimensional' or 'emulated'");
        };
    }

    @Override public String toString() { return label; }
}
