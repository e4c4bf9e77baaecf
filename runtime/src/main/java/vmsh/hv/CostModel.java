package vmsh.hv;

import java.util.EnumMap;
import java.util.Map;

/**
 * Simulated cycles a VM costs, from counters: every figure a VM reports in cycles is
 * {@code insns * instruction + walkReferences * walkReference + guestTraps * trap
 * + idle + sum over exits of (exitRoundTrip + handler[reason])}, plus the technique's own
 * VMM work besides exits (bt: translation and callouts; pv: page-table batch entries). Changing the model
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
 *    csr 50, sret 80, mret 80, wfi 50, sfence 200, sbi 300, mmio 400, hidden-fault 500,
 *    pt-write 800, guest-fault 300, syscall 150, g-stage-fault 400, interrupt 200,
 *    swap-in 50000   reading a 4 KiB page back from the host swap device: tens of
 *                    microseconds on a fast SSD (a disk takes milliseconds), the reason
 *                    hypervisor swapping is the ESX paper's last resort
 *    cow 1500        a fresh frame and a 4 KiB copy, then the remap
 *    balloon 400     a balloon call: the target, or a batch of pages unmapped and freed
 *    code-write 800  a store into translated guest code: emulated, translations dropped (bt)
 *    hypercall 200   a paravirtual guest's request: its arguments are ready and checked
 *                    (each page-table entry of a batch costs mmuUpdateEntry more)
 *  nested virtualization (a guest hypervisor L1 and its guest L2, see NestedHardwareAssisted):
 *    h-csr 50        an L1 access to a hypervisor or VS CSR, as a csr exit
 *    hfence 200      an L1 hfence, as sfence
 *    hlv 300         an L1 HLV/HSV: a software walk of L2's two stages, then the access
 *    vm-entry 300    L1's sret into L2: some twenty CSRs of L1 saved, L2's loaded
 *    reflect 400     an L2 exit handed to L1: the same switch back plus an emulated trap entry
 *    shadow-fill 500 an L2 G-stage miss: L1's table walked in software, composed with L0's
 *    dirty-log 200   a write to a page dirty logging protects: set a bit, map it writable
 *  callout        100  bt: translated code calls the VMM and returns (a call, state saved,
 *                      no world switch: an order of magnitude below an exit round trip;
 *                      VMware's callouts cost tens to hundreds of cycles). A callout that
 *                      does an exit's work costs callout + handler[reason]
 *  translate      200  bt: translating one guest instruction (decode, emit, bookkeeping)
 *  tcLookup        40  bt: finding the translation of a guest address after a callout
 *                      (a dispatch to an unchained exit, a miss of the indirect-jump table)
 *  mmuUpdateEntry  50  pv: validating and applying one entry of a page-table batch
 * </pre>
 * Adams and Agesen's point follows from these: a hidden page fault or traced page-table
 * write costs one exit plus the VMM's shadow work, so shadow paging pays per page-table
 * update, while nested paging pays per TLB miss with longer walks.
 */
public final class CostModel {
    public static final long INSTRUCTION = 1, WALK_REFERENCE = 20, TRAP = 4, EXIT_ROUND_TRIP = 1000;

    public static final long CALLOUT = 100, TRANSLATE = 200, TC_LOOKUP = 40, MMU_UPDATE_ENTRY = 50;

    private long instruction = INSTRUCTION, walkReference = WALK_REFERENCE, trap = TRAP, exitRoundTrip = EXIT_ROUND_TRIP;
    private long callout = CALLOUT, translate = TRANSLATE, tcLookup = TC_LOOKUP, mmuUpdateEntry = MMU_UPDATE_ENTRY;
    private final Map<ExitReason, Long> handler = new EnumMap<>(ExitReason.class);

    public CostModel() {
        handler.put(ExitReason.CSR, 50L);
        handler.put(ExitReason.SRET, 80L);
        handler.put(ExitReason.MRET, 80L);
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
        handler.put(ExitReason.HYPERCALL, 200L);
        handler.put(ExitReason.CODE_WRITE, 800L);
        handler.put(ExitReason.H_CSR, 50L);
        handler.put(ExitReason.HFENCE, 200L);
        handler.put(ExitReason.HLV, 300L);
        handler.put(ExitReason.VM_ENTRY, 300L);
        handler.put(ExitReason.REFLECT, 400L);
        handler.put(ExitReason.SHADOW_FILL, 500L);
        handler.put(ExitReason.DIRTY_LOG, 200L);
        handler.put(ExitReason.REMOTE_FAULT, 400L);
    }

    public long instruction() { return instruction; }

    public long walkReference() { return walkReference; }

    public long trap() { return trap; }

    /** A binary translator's call into the VMM from translated code, and back (no world switch). */
    public long callout() { return callout; }

    /** Translating one guest instruction into the translation cache. */
    public long translate() { return translate; }

    /** Finding (or making) the translation of a guest address: a dispatch or an indirect-jump miss, after its callout. */
    public long tcLookup() { return tcLookup; }

    /** Validating and applying one entry of a paravirtual guest's page-table batch. */
    public long mmuUpdateEntry() { return mmuUpdateEntry; }

    /** A callout that does the work of an exit of {@code r}: the callout plus the same handler, without the round trip. */
    public long callout(ExitReason r) { return callout + handler.get(r); }

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
            case "callout" -> callout = cycles;
            case "translate" -> translate = cycles;
            case "tcLookup", "tc-lookup" -> tcLookup = cycles;
            case "mmuUpdateEntry", "mmu-update-entry" -> mmuUpdateEntry = cycles;
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
        m.put("callout", callout);
        m.put("translate", translate);
        m.put("tcLookup", tcLookup);
        m.put("mmuUpdateEntry", mmuUpdateEntry);
        for (ExitReason r : ExitReason.ALL) m.put(r.label(), handler.get(r));
        return m;
    }

    @Override public String toString() { return asMap().toString(); }

    /** Every cost, the handlers' in exit-reason order. */
    void save(vmsh.state.StateOut out) {
        out.putLongs(new long[] {instruction, walkReference, trap, exitRoundTrip, callout, translate, tcLookup, mmuUpdateEntry});
        out.putLongs(handler.values().stream().mapToLong(Long::longValue).toArray());
    }

    void restore(vmsh.state.StateIn in) {
        long[] c = new long[8];
        in.getLongs(c);
        instruction = c[0]; walkReference = c[1]; trap = c[2]; exitRoundTrip = c[3];
        callout = c[4]; translate = c[5]; tcLookup = c[6]; mmuUpdateEntry = c[7];
        long[] h = in.getLongsAny();
        if (h == null || h.length != handler.size()) throw new vmsh.state.StateException("state section 'costs': another set of exit reasons");
        int k = 0;
        for (ExitReason r : handler.keySet()) handler.put(r, h[k++]);
    }
}
