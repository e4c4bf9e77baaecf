package vmsh.hv;

import static vmsh.isa.Encoding.*;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import vmsh.mmu.Access;
import vmsh.mmu.PageTableMemory;
import vmsh.mmu.Regime;
import vmsh.mmu.Walker;
import vmsh.mmu.Pte;
import vmsh.mmu.Translation;
import vmsh.mmu.WalkStep;

/**
 * How an address of a guest hypervisor's guest (L2) translates, in all three dimensions:
 * L2 virtual to L2 guest-physical (L2's own table), each L2 guest-physical address to L1
 * guest-physical (L1's G-stage), each L1 guest-physical address to host-physical (L0's
 * G-stage). Walked that way, every PTE address of one dimension is translated through the
 * ones below it: a 2-level table over two 2-level G-stages reads up to
 * 2 + 3 * (2 + 3 * 2) = 26 PTEs. With multi-dimensional paging the hardware does not: it
 * walks L2's table over the shadow G-stage, which composes the two G-stages into one
 * ({@link #shadow}, at most 8 references).
 *
 * @param gva     the L2 virtual address
 * @param access  {@link Access#FETCH}, {@link Access#LOAD} or {@link Access#STORE}
 * @param vsStage L2's walk, its PTE addresses L2 guest-physical
 * @param hops    for each L2 guest-physical address the walk used (each PTE's, then the
 *                result's), its translation through L1's G-stage and L0's
 * @param shadow  the walk the hardware makes: L2's table over the shadow G-stage
 */
public record NestedTranslation(int gva, int access, Translation vsStage, List<Hop> hops, Translation shadow) {

    /**
     * One L2 guest-physical address, down two dimensions.
     *
     * @param l1GStage its walk through L1's G-stage (PTE addresses L1 guest-physical)
     * @param l0Walks  L0's G-stage walk of each L1 guest-physical address that walk used
     *                 (each PTE's, then the result's)
     */
    public record Hop(long l2Gpa, Translation l1GStage, List<Translation> l0Walks) {
        /** The host-physical address, or -1 when a dimension does not map it. */
        public long hostAddress() {
            if (!l1GStage.ok() || l0Walks.isEmpty()) return -1;
            Translation last = l0Walks.get(l0Walks.size() - 1);
            return last.ok() ? last.pa() : -1;
        }

        /** PTE reads of this hop: L1's G-stage walk and every L0 walk under it. */
        public int references() {
            int n = l1GStage.references();
            for (Translation t : l0Walks) n += t.references();
            return n;
        }
    }

    /**
     * Walks {@code gva} the long way: L2's table ({@code l2}, its G-stage Bare: PTE addresses
     * are L2 guest-physical) in L2's memory, each of whose addresses goes through L1's G-stage
     * ({@code l1}, in L1's memory {@code l1Memory}), each of whose through L0's ({@code l0}, in
     * host memory). {@code hardware} is the walk over the shadow. Nothing is written.
     */
    static NestedTranslation explain(int gva, int access, Regime l2, PageTableMemory l1Memory, Regime l1,
                                     PageTableMemory hostMemory, Regime l0, Translation hardware) {
        Walker l1Walker = new Walker(l1Memory), l0Walker = new Walker(hostMemory);
        List<Hop> hops = new ArrayList<>();
        BiFunction<Long, Integer, Hop> hop = (l2Gpa, check) -> {
            Translation g = l1Walker.explainGStage(l2Gpa, check, l1, false);
            List<Translation> l0Walks = new ArrayList<>();
            for (WalkStep s : g.steps()) l0Walks.add(l0Walker.explainGStage(s.pteAddress(), Access.LOAD, l0, false));
            if (g.ok()) l0Walks.add(l0Walker.explainGStage(g.pa(), check, l0, false));
            return new Hop(l2Gpa, g, l0Walks);
        };
        PageTableMemory l2Memory = new PageTableMemory() {
            @Override public long readPte(long l2Gpa) {
                Hop h = hop.apply(l2Gpa, Access.LOAD);
                hops.add(h);
                return h.l1GStage().ok() ? l1Memory.readPte(h.l1GStage().pa()) : -1;
            }

            @Override public boolean writePte(long l2Gpa, int pte) { return false; }
        };
        Translation vs = new Walker(l2Memory).explain(gva, access, l2, false);
        if (vs.ok()) hops.add(hop.apply(vs.pa(), access));
        return new NestedTranslation(gva, access, vs, hops, hardware);
    }

    /** True when all three dimensions translate it. */
    public boolean ok() { return vsStage.ok() && !hops.isEmpty() && hops.get(hops.size() - 1).hostAddress() >= 0; }

    /** The L2 guest-physical address, or -1. */
    public long l2Gpa() { return vsStage.ok() ? vsStage.pa() : -1; }

    /** The L1 guest-physical address, or -1. */
    public long l1Gpa() { return ok() ? hops.get(hops.size() - 1).l1GStage().pa() : -1; }

    /** The host-physical address, or -1. */
    public long hostAddress() { return ok() ? hops.get(hops.size() - 1).hostAddress() : -1; }

    /** PTE reads of L2's own walk. */
    public int vsReferences() { return vsStage.references(); }

    /** PTE reads of L1's G-stage, over every hop. */
    public int l1References() { return hops.stream().mapToInt(h -> h.l1GStage().references()).sum(); }

    /** PTE reads of L0's G-stage, over every hop. */
    public int l0References() { return hops.stream().mapToInt(h -> h.references() - h.l1GStage().references()).sum(); }

    /** The three-dimensional walk's PTE reads. */
    public int references() { return vsReferences() + l1References() + l0References(); }

    @Override public String toString() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("L2 va 0x%08x (%s) in three dimensions: L2's table, L1's G-stage, L0's G-stage%n", gva,
                Access.name(access)));
        List<WalkStep> steps = vsStage.steps();
        for (int i = 0; i < steps.size(); i++) {
            b.append("  ").append(step(steps.get(i))).append('\n');
            if (i < hops.size()) hop(b, hops.get(i));
        }
        if (vsStage.ok() && steps.size() < hops.size()) {
            b.append(String.format("  the data, at L2 gpa 0x%09x:%n", vsStage.pa()));
            hop(b, hops.get(steps.size()));
        }
        if (ok()) {
            b.append(String.format("  => host pa 0x%09x (L2 gpa 0x%09x, L1 gpa 0x%09x), %d memory references: %d of L2's table, %d of L1's G-stage, %d of L0's%n",
                    hostAddress(), l2Gpa(), l1Gpa(), references(), vsReferences(), l1References(), l0References()));
        } else {
            b.append(String.format("  => does not translate: %s, %d memory references%n", failure(), references()));
        }
        b.append("what the hardware walks on a TLB miss: L2's table over the shadow G-stage (").append(shadow.regime()).append(")\n");
        for (WalkStep s : shadow.steps()) b.append(s.stage().equals("G") ? "    " : "  ").append(step(s)).append('\n');
        if (shadow.ok()) b.append(String.format("  => host pa 0x%09x, %d memory references instead of %d%n", shadow.pa(),
                shadow.references(), references()));
        else b.append("  => not in the shadow yet: L2's access exits to L0, which composes the page from L1's G-stage and its own\n");
        return b.toString();
    }

    /**
     * A walk step, its level written out ("level 1"), since L0, L1 and L2 name the
     * hypervisors here; PTE addresses are in the stage's own physical space.
     */
    private static String step(WalkStep s) {
        String in = s.stage().equals("G") ? String.format("gpa 0x%09x", s.input()) : String.format("va 0x%08x", s.input());
        String value = s.pte() < 0 ? "(not accessible)" : String.format("0x%08x %s", s.pte(), Pte.flags((int) s.pte()));
        return String.format("%-2s level %d %s  pte @ 0x%09x = %s  %s", s.stage(), s.level(), in, s.pteAddress(), value, s.outcome());
    }

    private static void hop(StringBuilder b, Hop h) {
        Translation g = h.l1GStage();
        b.append(String.format("    L1's G-stage, L2 gpa 0x%09x%s%n", h.l2Gpa(),
                g.ok() ? String.format(" -> L1 gpa 0x%09x", g.pa()) : ": " + causeName(g.cause()) + ", " + g.reason()));
        List<WalkStep> steps = g.steps();
        for (int i = 0; i < steps.size(); i++) {
            b.append("      ").append(step(steps.get(i))).append('\n');
            if (i < h.l0Walks().size()) l0Walk(b, h.l0Walks().get(i));
        }
        if (g.ok() && steps.size() < h.l0Walks().size()) l0Walk(b, h.l0Walks().get(steps.size()));
    }

    private static void l0Walk(StringBuilder b, Translation t) {
        b.append(String.format("        L0's G-stage, L1 gpa 0x%09x%s, %d reference%s%n", t.gpa(),
                t.ok() ? String.format(" -> host 0x%09x", t.pa()) : ": not mapped yet (" + t.reason() + ")",
                t.references(), t.references() == 1 ? "" : "s"));
    }

    private String failure() {
        if (!vsStage.ok()) return causeName(vsStage.cause()) + " in L2's table (" + vsStage.reason() + ")";
        Hop last = hops.get(hops.size() - 1);
        if (!last.l1GStage().ok()) return causeName(last.l1GStage().cause()) + " in L1's G-stage (" + last.l1GStage().reason() + ")";
        return "not mapped in L0's G-stage yet";
    }
}
