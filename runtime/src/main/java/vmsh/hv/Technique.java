package vmsh.hv;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * How a VM is virtualized: THE list of techniques. Each row has the name scripts and the
 * command line use (and other names it is known by), a line of help, how the guest kernel
 * runs and what becomes of its page tables (the README's technique table), and the
 * {@link Virtualization} that implements it. A new technique is a row here and its class.
 */
public enum Technique {
    HW("hw", List.of("hardware", "nested"), "nested paging",
            "in VS-mode (V=1): its CSR accesses reach the vs* CSRs without an exit",
            "nested: the guest's table maps GVA to GPA, the VMM's G-stage (Sv32x4) maps GPA to host memory",
            HardwareAssisted::new),
    TRAP("trap", List.of("trap-traced", "traced", "shadow"), "trap-and-emulate, traced shadow tables",
            "deprivileged in U-mode: every sensitive instruction traps to the VMM, which emulates it on virtual CSRs",
            "shadow tables; guest page-table pages are write-protected and every write traced (`pt-write` exits)",
            TrapAndEmulate::new),
    TRAP_VTLB("trap-vtlb", List.of("vtlb"), "virtual TLB",
            "the same as `trap`",
            "shadow tables as a virtual TLB: filled on hidden faults, dropped on `sfence.vma`",
            TrapAndEmulate::new);

    public final String label;
    /** A few words of what it is, for help lines. */
    public final String summary;
    /** How the guest kernel runs. */
    public final String kernel;
    /** What becomes of the guest's page tables. */
    public final String paging;
    private final List<String> aliases;
    final Function<Vm, Virtualization> virtualize;

    Technique(String label, List<String> aliases, String summary, String kernel, String paging,
              Function<Vm, Virtualization> virtualize) {
        this.label = label;
        this.aliases = aliases;
        this.summary = summary;
        this.kernel = kernel;
        this.paging = paging;
        this.virtualize = virtualize;
    }

    /** The technique called {@code s} (its label or another name it is known by, any case). */
    public static Technique parse(String s) {
        String t = s.toLowerCase(Locale.ROOT).trim();
        for (Technique k : values()) if (k.label.equals(t) || k.aliases.contains(t)) return k;
        throw new IllegalArgumentException("technique '" + s + "' must be " + labels(""));
    }

    /** Every label, quoted with {@code quote}, as a sentence: "hw, trap or trap-vtlb". */
    public static String labels(String quote) { return sentence(k -> quote + k.label + quote); }

    /** Every technique as {@code each} writes it, as a sentence: "a, b or c". */
    public static String sentence(Function<Technique, String> each) {
        List<String> all = new ArrayList<>();
        for (Technique k : values()) all.add(each.apply(k));
        return all.size() == 1 ? all.get(0)
                : String.join(", ", all.subList(0, all.size() - 1)) + " or " + all.get(all.size() - 1);
    }

    @Override public String toString() { return label; }
}
