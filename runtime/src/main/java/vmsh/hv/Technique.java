package vmsh.hv;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * How a VM is virtualized: THE list of techniques, in the order they came (the history of
 * the field on one guest, 1974 to 2008). Each row has the name scripts and the command line
 * use (and other names it is known by), a line of help, where it comes from, how the guest
 * kernel runs, what becomes of its page tables and what the VMM pays (the README's
 * technique table), and the {@link Virtualization} that implements it. A new technique is
 * a row here and its class.
 */
public enum Technique {
    TRAP("trap", List.of("trap-traced", "traced", "shadow"), "trap-and-emulate, traced shadow tables",
            "Popek and Goldberg, 1974",
            "deprivileged in U-mode: every sensitive instruction traps to the VMM, which emulates it on virtual CSRs",
            "shadow tables; guest page-table pages are write-protected and every write traced (`pt-write` exits)",
            "an exit per CSR access, `sret`, fence, page-table write, hidden fault and task trap",
            true, TrapAndEmulate::new),
    TRAP_VTLB("trap-vtlb", List.of("vtlb"), "trap-and-emulate, a virtual TLB",
            "",
            "the same as `trap`",
            "shadow tables as a virtual TLB: filled on hidden faults, dropped on `sfence.vma`",
            "the same, refills instead of traced writes",
            true, TrapAndEmulate::new),
    BT("bt", List.of("binary-translation", "vmware"), "binary translation of the guest kernel, shadow paging",
            "VMware, 1999 (Adams and Agesen, ASPLOS 2006)",
            "unmodified, its code translated on first execution into a hidden translation cache: sensitive "
                    + "instructions become callouts into the VMM, no trap; its tasks run directly",
            "shadow, traced; a store that keeps faulting on a page table is retranslated into a callout (adaptive translation)",
            "translation once per instruction, a callout (a tenth of an exit) per sensitive instruction, exits for faults only",
            true, BinaryTranslation::new),
    PV("pv", List.of("xen", "paravirtual"), "paravirtualization: hypercalls, direct paging (a pv kernel)",
            "Xen, 2003",
            "a kernel built for it (`kernel-pv.s`): its CPU state in a page shared with the VMM, privileged work by "
                    + "hypercall (SBI `EXT_VMSH`)",
            "direct: the guest's own tables hold machine frames (p2m), validated, updated in batched `mmu_update` multicalls",
            "a hypercall to return to a task and per batch of page-table work; a task's traps bounce through the VMM",
            false, Paravirtual::new),
    HW_SHADOW("hw-shadow", List.of("vtx"), "hardware CPU virtualization, shadow paging (VT-x before EPT)",
            "VT-x and AMD-V, 2005",
            "in VS-mode: its CSR accesses, `sret` and its tasks' traps cost nothing",
            "shadow, traced: `hstatus.VTVM` traps its satp accesses and `sfence.vma`, the G-stage is off",
            "an exit per page-table write, fence and hidden fault: the MMU is still the VMM's",
            true, HardwareShadow::new),
    HW("hw", List.of("hardware", "nested"), "hardware assistance, nested paging",
            "EPT and NPT, 2008",
            "in VS-mode (V=1): its CSR accesses reach the vs* CSRs without an exit",
            "nested: the guest's table maps GVA to GPA, the VMM's G-stage (Sv32x4) maps GPA to host memory",
            "no paging exits; up to 8 memory references per TLB miss instead of 2",
            true, HardwareAssisted::new);

    public final String label;
    /** A few words of what it is, for help lines. */
    public final String summary;
    /** Where it comes from: who, when (empty for a variant). */
    public final String origin;
    /** How the guest kernel runs. */
    public final String kernel;
    /** What becomes of the guest's page tables. */
    public final String paging;
    /** What the VMM pays, and for what. */
    public final String costs;
    /** It can also virtualize M-mode: whole-machine guests ({@link VmMachine#FULL}). */
    public final boolean wholeMachine;
    private final List<String> aliases;
    final Function<Vm, Virtualization> virtualize;

    Technique(String label, List<String> aliases, String summary, String origin, String kernel, String paging,
              String costs, boolean wholeMachine, Function<Vm, Virtualization> virtualize) {
        this.label = label;
        this.aliases = aliases;
        this.summary = summary;
        this.origin = origin;
        this.kernel = kernel;
        this.paging = paging;
        this.costs = costs;
        this.wholeMachine = wholeMachine;
        this.virtualize = virtualize;
    }

    /** The technique called {@code s} (its label or another name it is known by, any case). */
    public static Technique parse(String s) {
        String t = s.toLowerCase(Locale.ROOT).trim();
        for (Technique k : values()) if (k.label.equals(t) || k.aliases.contains(t)) return k;
        throw new IllegalArgumentException("technique '" + s + "' must be " + labels(""));
    }

    /** Every label, quoted with {@code quote}, as a sentence: "trap, trap-vtlb, ... or hw". */
    public static String labels(String quote) { return sentence(k -> quote + k.label + quote); }

    /** Every technique as {@code each} writes it (null: left out), as a sentence: "a, b or c". */
    public static String sentence(Function<Technique, String> each) {
        List<String> all = new ArrayList<>();
        for (Technique k : values()) if (each.apply(k) != null) all.add(each.apply(k));
        return all.size() == 1 ? all.get(0)
                : String.join(", ", all.subList(0, all.size() - 1)) + " or " + all.get(all.size() - 1);
    }

    @Override public String toString() { return label; }
}
