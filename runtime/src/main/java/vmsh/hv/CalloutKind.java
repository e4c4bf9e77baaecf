package vmsh.hv;

import java.util.Locale;

/**
 * Why translated code called the VMM. The first kinds do the work of an exit of the same
 * name without leaving the guest's context (the sensitive instructions, and the emulated
 * stores and device accesses of adaptive translation); the last two are the translator's
 * own (going to code not translated or chained yet).
 */
enum CalloutKind {
    /** a CSR instruction, emulated on the virtual CSRs */
    CSR(ExitReason.CSR),
    /** sret */
    SRET(ExitReason.SRET),
    /** mret (a whole machine's M-mode) */
    MRET(ExitReason.MRET),
    /** sfence.vma */
    SFENCE(ExitReason.SFENCE),
    /** wfi */
    WFI(ExitReason.WFI),
    /** ecall from the guest kernel: an SBI call (in a whole machine, its trap into M-mode) */
    SBI(ExitReason.SBI),
    /** a trap of the guest's own, delivered to its kernel: an instruction it may not execute (mret, H instructions, undecodable), an emulated store's page fault */
    GUEST_FAULT(ExitReason.GUEST_FAULT),
    /** adaptive translation: a store that kept faulting on a traced page table, emulated */
    PT_WRITE(ExitReason.PT_WRITE),
    /** adaptive translation: a load or store that kept faulting on a device, emulated */
    MMIO(ExitReason.MMIO),
    /** adaptive translation: a store that kept faulting on data beside translated code (a firmware's stack in its code page), emulated */
    CODE_WRITE(ExitReason.CODE_WRITE),
    /** a unit's exit whose target was not translated (or chained) yet */
    DISPATCH(null),
    /** an indirect jump whose target the lookup table did not hold */
    INDIRECT(null);

    static final CalloutKind[] ALL = values();

    /** The exit whose work it does, or null for the translator's own. */
    final ExitReason does;

    CalloutKind(ExitReason does) { this.does = does; }

    String label() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

    /** The kind that does an exit's work, or null. */
    static CalloutKind of(ExitReason r) {
        for (CalloutKind k : ALL) if (k.does == r) return k;
        return null;
    }
}
