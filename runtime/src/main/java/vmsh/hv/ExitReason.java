package vmsh.hv;

import java.util.Locale;

/**
 * Why a guest left its hardware context and the VMM ran: the rows of a {@code perf kvm
 * stat}-like table. Which ones a guest sees depends on its technique: trap-and-emulate
 * exits on every sensitive instruction and page-table event, hardware assistance only on
 * SBI calls, MMIO, G-stage faults and what hstatus makes trap; a nested VM (a guest
 * hypervisor) also on what its H extension and its guest's exits need.
 */
public enum ExitReason {
    /** a CSR instruction emulated on the virtual CSRs (trap), or a counter hcounteren hides (hw) */
    CSR,
    /** the guest kernel's sret, emulated (trap) */
    SRET,
    /** the guest's mret, emulated: a whole machine's M-mode returning (trap, bt, hw-shadow, hw with machine 'full') */
    MRET,
    /** wfi: the vCPU waits for its next interrupt */
    WFI,
    /** sfence.vma, emulated: the virtual TLB drops shadow entries (trap) */
    SFENCE,
    /** an SBI call (ecall from the guest kernel) */
    SBI,
    /** a load or store to an emulated device (UART, finisher) */
    MMIO,
    /** a shadow page-table miss the guest's own tables allow: the VMM fills the shadow (trap) */
    HIDDEN_FAULT,
    /** a store into a write-protected guest page-table page, emulated and applied to the shadow (trap, traced) */
    PT_WRITE,
    /** an exception of the guest reflected into its kernel: a true page fault, an illegal instruction (trap) */
    GUEST_FAULT,
    /** a system call of a guest user task (ecall from guest U-mode), reflected into the guest kernel (trap) */
    SYSCALL,
    /** a G-stage miss: the VMM maps the guest page (first touch, copy-on-write) (hw) */
    G_STAGE_FAULT,
    /** a virtual interrupt injected into the guest (its timer) (trap) */
    INTERRUPT,
    /** a touch of a page the hypervisor had swapped out: the VMM reads it back from the swap device */
    SWAP_IN,
    /** a write to a page the sharing scanner shared (a shared frame or the zero frame): copy-on-write */
    COW,
    /** a call of the balloon driver (SBI VMSH_BALLOON): the target, or pages given up or taken back */
    BALLOON,
    /** a hypercall of a paravirtual guest (SBI EXT_VMSH): return to a task, a page-table batch, the console, ... (pv) */
    HYPERCALL,
    /** a store into guest code the binary translator had translated: emulated, its translations dropped (bt) */
    CODE_WRITE,
    /** a guest hypervisor's access to a hypervisor or VS CSR, emulated on its virtual H extension (nested) */
    H_CSR,
    /** a guest hypervisor's hfence.gvma or hfence.vvma, emulated on the shadow G-stage and the TLB (nested) */
    HFENCE,
    /** a guest hypervisor's HLV, HLVX or HSV, done by the VMM through its guest's two stages (nested) */
    HLV,
    /** a guest hypervisor's sret into its guest (hstatus.SPV): the VMM switches the hart to run L2 (nested) */
    VM_ENTRY,
    /** an exit of L2 that L0 hands to the guest hypervisor L1 as the trap L1 expects (nested) */
    REFLECT,
    /** an L2 G-stage miss L0 resolves itself: a walk of L1's G-stage and its own, one page into the shadow (nested) */
    SHADOW_FILL,
    /** the first write to a page since dirty logging (live migration) last made it read-only: logged, made writable */
    DIRTY_LOG,
    /** a touch of a page still on the host the VM migrated from (post-copy): the VMM asks for it, the vCPU waits */
    REMOTE_FAULT;

    /** "hidden-fault", "pt-write", ...: the name scripts and tables use. */
    public String label() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

    static final ExitReason[] ALL = values();

    /** Parses a label ("pt-write") or constant name ("PT_WRITE"). */
    public static ExitReason parse(String s) {
        for (ExitReason r : ALL) if (r.label().equals(s) || r.name().equals(s)) return r;
        throw new IllegalArgumentException("exit reason '" + s + "' is not one of " + java.util.Arrays.stream(ALL)
                .map(ExitReason::label).toList());
    }

    @Override public String toString() { return label(); }
}
