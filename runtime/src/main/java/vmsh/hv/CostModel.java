package vmsh.hv;

import java.util.EnumMap;
import java.util.Map;

/**
 * Simulated cycles a VM costs, from counters: every figure a VM reports in cycles is
 * {@code insns * instruction + walkReferences * walkReference + guestTraps * trap
 * + idle + sum over exits of (exitRoundTrip + handler[reason])}. Changing the model
 * re-prices past runs too: counters are kept, cycles are derived.
 *
 * <p>Defaults, in cycles of a ~1 GHz in-order core (orders of magnitude, not one CPU):
 * <pre>
 *  instruction      1     one instruction, a TLB hit included (the engine's timebase)
 *  walkReference   20     one page-table memory reference on a TLB miss: most hit the
 *                         data caches (tens of cycles); Bhargava et al. (ASPLOS 2008)
 *                         count references (up to 24 for a 4-level x86-64 2D walk, 8 for
 *                         Sv32 over Sv32x4) rather than cycles
 *  trap             4     a trap the guest takes natively (into its own kernel): the
 *                         pipeline flush (vmsh.cpu.Clock.TRAP_CYCLES)
 *  exitRoundTrip 1000     leaving the guest for the VMM and resuming it: Adams and Agesen
 *                         (ASPLOS 2006) measured VM exit/entry round trips of 2,409 cycles on
 *                         Pentium 4 (Prescott) and 937 on Core (Merom) VT-x; classic
 *                         trap-and-emulate pays a comparable ring transition per trap
 *  handler[reason]        the VMM's work after the exit, by reason (a few hundred
 *                         instructions of decode and bookkeeping; page-table exits more):
 *    csr 50, sret 80, wfi 50, sfence 200, sbi 300, mmio 400, hidden-fault 500,
 *    pt-write 800, guest-fault 300, syscall 150, g-stage-fault 400, interrupt 200,
 *    swap-in 50000   reading a 4 KiB page back from the host swap device: tens of
 *                    microseconds on a fast SSD (a disk takes milliseconds), the reason
 *                    hypervisor swapping is the ESX paper's last resort
 *    cow 1500        a fresh frame and a 4 KiB copy, then the remap
 *    balloon 400     a balloon call: the target, or a batch of pages unmapped and freed
 *  nested virtualization (a guest hypervisor L1 and its guest L2, see NestedHardwareAssisted):
 *    h-csr 50        an L1 access to a hypervisor or VS CSR, as a csr exit
 *    hfence 200      an L1 hfence, as sfence
 *    hlv 300         an L1 HLV/HSV: a software walk of L2's two stages, then the access
 *    vm-entry 300    L1's sret into L2: some twenty CSRs of L1 saved, L2's loaded
 *    reflect 400     an L2 exit handed to L1: the same switch back plus an emulated trap entry
 *    shadow-fill 500 an L2 G-stage miss: L1's table walked in software, composed with L0's
 * </pre>
 * Adams and Agesen's point follows from these: a hidden page fault or traced page-table
 * write costs one exit plus the VMM's shadow work, so shadow paging pays per page-table
 * update, while nested paging pays per TLB miss with longer walks.
 */
public final class CostModel {
    public static final long INSTRUCTION = 1, WALK_REFERENCE = 20, TRAP = 4, EXIT_ROUND_TRIP = 1000;

    private long instruction = INSTRUCTION, walkReference = WALK_REFERENCE, trap = TRAP, exitRoundTrip = EXIT_ROUND_TRIP;
    private final Map<ExitReason, Long> handler = new EnumMap<>(ExitReason.class);

    public CostModel() {
        handler.put(ExitReason.CSR, 50L);
        handler.put(ExitReason.SRET, 80L);
        handler.put(ExitReason.WFI, 50L);
        handler.put(ExitReason.SFENCE, 200L);
        handler.put(ExitReason.SBI, 300L);
        handler.put(ExitReason.MMIO, 400L);
        handler.put(ExitReason.HIDDEN_FAULT, 500L);
        handler.put(ExitReason.PT_WRITE, 800L);
        handler.put(ExitReason.GUEST_FAULT, 300L);
        handler.put(ExitReason.SYSCALL, 150L);
        handler.put(ExitReason.G_STAGE_FAULT, 400L);
        handler.put(ExitReason.INTERRUPT, 200L);
        handler.put(ExitReason.SWAP_IN, 50_000L);
        handler.put(ExitReason.COW, 1500L);
        handler.put(ExitReason.BALLOON, 400L);
        handler.put(ExitReason.H_CSR, 50L);
        handler.put(ExitReason.HFENCE, 200L);
        handler.put(ExitReason.HLV, 300L);
        handler.put(ExitReason.VM_ENTRY, 300L);
        handler.put(ExitReason.REFLECT, 400L);
        handler.put(ExitReason.SHADOW_FILL, 500L);
    }

    public long instruction() { return instruction; }

    public long walkReference() { return walkReference; }

    public long trap() { return trap; }

    public long handler(ExitReason r) { return handler.get(r); }

    /** One exit's full cost: the round trip plus the VMM's handler. */
    public long exit(ExitReason r) { return exitRoundTrip + handler.get(r); }

    /**
     * Sets one entry: "instruction", "walkReference", "trap", "exitRoundTrip", or an exit
     * reason's label ("pt-write") for its handler cost.
     */
    public CostModel set(String name, long cycles) {
        if (cycles < 0) throw new IllegalArgumentException("cost '" + name + "' = " + cycles + " cycles must not be negative");
        switch (name) {
            case "instruction" -> instruction = cycles;
            case "walkReference", "walk-reference" -> walkReference = cycles;
            case "trap" -> trap = cycles;
            case "exitRoundTrip", "exit-round-trip", "exit" -> exitRoundTrip = cycles;
            default -> handler.put(ExitReason.parse(name), cycles);
        }
        return this;
    }

    /** Every entry by name, in a stable order (for printing and scripts). */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new java.util.LinkedHashMap<>();
        m.put("instruction", instruction);
        m.put("walkReference", walkReference);
        m.put("trap", trap);
        m.put("exitRoundTrip", exitRoundTrip);
        for (ExitReason r : ExitReason.ALL) m.put(r.label(), handler.get(r));
        return m;
    }

    @Override public String toString() { return asMap().toString(); }
}
