package vmsh.hv;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * How a VM is virtualized: the history of the field, 1974 to 2008, on one guest. Each row
 * names its implementation; adding a technique is a row here and its class.
 *
 * <pre>
 *  trap       trap-and-emulate (Popek and Goldberg, 1974): the guest kernel runs in U-mode, every
 *             sensitive instruction traps; traced shadow paging (guest page tables write-protected)
 *  trap-vtlb  trap-and-emulate with a virtual TLB: shadow filled on hidden faults, dropped on sfence.vma
 *  bt         binary translation (VMware, 1999): guest-kernel code translated into a hidden cache,
 *             sensitive instructions become callouts; traced shadow paging
 *  pv         paravirtualization (Xen, 2003): a kernel built for it asks by hypercall; direct paging
 *  hw-shadow  first-generation hardware assistance (VT-x, AMD-V, 2005): the guest in VS-mode, its
 *             satp and sfence.vma trapped (hstatus.VTVM), traced shadow paging
 *  hw         hardware assistance with nested paging (EPT/NPT, 2008; the RISC-V H extension): the
 *             guest in VS-mode, its own table over the VMM's G-stage table
 * </pre>
 */
public enum Technique {
    TRAP("trap", "trap-and-emulate, traced shadow tables", TrapAndEmulate::new, "trap-traced", "traced", "shadow"),
    TRAP_VTLB("trap-vtlb", "trap-and-emulate, a virtual TLB", TrapAndEmulate::new, "vtlb"),
    BT("bt", "binary translation of the guest kernel, shadow paging (VMware)", BinaryTranslation::new, "binary-translation", "vmware"),
    PV("pv", "paravirtualization: hypercalls, direct paging (a pv kernel)", Paravirtual::new, "xen", "paravirtual"),
    HW_SHADOW("hw-shadow", "hardware CPU virtualization, shadow paging (VT-x before EPT)", HardwareShadow::new, "vtx"),
    HW("hw", "hardware assistance, nested paging", HardwareAssisted::new, "hardware", "nested");

    public final String label;
    /** What it is, in a few words (help texts list them). */
    public final String summary;
    private final Function<Vm, Virtualization> implementation;
    private final List<String> aliases;

    Technique(String label, String summary, Function<Vm, Virtualization> implementation, String... aliases) {
        this.label = label;
        this.summary = summary;
        this.implementation = implementation;
        this.aliases = List.of(aliases);
    }

    /** The VMM side of {@code vm} under this technique. */
    Virtualization virtualize(Vm vm) { return implementation.apply(vm); }

    /** True for the two trap-and-emulate flavours. */
    public boolean trapAndEmulate() { return this == TRAP || this == TRAP_VTLB; }

    /** Every label, in table order: "trap, trap-vtlb, ...". */
    public static String labels() { return String.join(", ", Arrays.stream(values()).map(t -> t.label).toList()); }

    /** Parses a label ("hw-shadow") or an alias ("vtx"). */
    public static Technique parse(String s) {
        String t = s.toLowerCase(Locale.ROOT).trim();
        for (Technique x : values()) if (x.label.equals(t) || x.aliases.contains(t)) return x;
        throw new IllegalArgumentException("technique '" + s + "' must be one of " + labels());
    }

    @Override public String toString() { return label; }
}
