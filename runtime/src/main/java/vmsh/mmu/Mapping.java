package vmsh.mmu;

/**
 * A range of virtual addresses mapped contiguously with the same attributes, as QEMU's
 * {@code info mem} lists them.
 *
 * @param va     the first address (virtual; guest-physical in a G-stage-only dump)
 * @param size   bytes
 * @param pa     the first address the stage maps it to (a GPA in a two-stage dump)
 * @param hpa    the first host-physical address of a two-stage mapping, -1 where the
 *               G-stage does not map it; equal to {@code pa} for a single stage
 * @param attrs  the leaf flags (the stage-1 leaf; G includes a global parent)
 * @param gAttrs the G-stage leaf flags of a two-stage mapping, else 0
 */
public record Mapping(long va, long size, long pa, long hpa, int attrs, int gAttrs) {

    public long end() { return va + size; }

    boolean twoStage() { return gAttrs != 0 || hpa != pa; }

    /** True when {@code next} continues this range (contiguous everywhere, same flags). */
    boolean continuedBy(Mapping next) {
        return end() == next.va && pa + size == next.pa && attrs == next.attrs && gAttrs == next.gAttrs
                && (hpa < 0 ? next.hpa < 0 : hpa + size == next.hpa);
    }

    Mapping extendedBy(Mapping next) { return new Mapping(va, size + next.size, pa, hpa, attrs, gAttrs); }

    /** "40000000-40400000 080400000 00400000 rwxugad", plus the host address and G flags for two stages. */
    @Override public String toString() {
        String s = String.format(va >>> 32 == 0 && end() - 1 >>> 32 == 0 ? "%08x-%08x" : "%09x-%09x", va, end())
                + String.format(" %09x %08x %s", pa, size, Pte.attrs(attrs));
        if (!twoStage()) return s;
        return s + (hpa < 0 ? "  hpa (not mapped by the G-stage)" : String.format("  hpa %09x G:%s", hpa, Pte.attrs(gAttrs)));
    }
}
