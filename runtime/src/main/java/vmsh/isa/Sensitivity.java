package vmsh.isa;

/**
 * Popek and Goldberg's split of an instruction set, which trap-and-emulate, a binary
 * translator and a JIT all need.
 *
 * <p>The rule: an instruction is <em>sensitive</em> when it reads or changes the machine's
 * privileged state (the CSRs, the privilege mode and V, address translation, interrupt
 * enables, the wait state, the guest's memory seen through HLV/HSV) or when what it does
 * depends on the privilege mode it runs in (ecall's cause). Every other instruction is
 * <em>innocuous</em>: it touches only registers, the pc and memory through the current
 * translation, and behaves the same deprivileged. ebreak and fence.i are innocuous: they do
 * the same in every mode (fence.i matters to a translator as self-modifying code, which its
 * {@link Kind.Category#FENCE} kind says).
 *
 * <p>RISC-V is classically virtualizable: every sensitive instruction traps when a guest
 * kernel runs in U-mode (or VS-mode with the matching hstatus/mstatus trap bits), which is
 * what the trap-and-emulate VMM relies on; a binary translator replaces them by calls into
 * the VMM, and a JIT ends its block at them.
 */
public enum Sensitivity {
    INNOCUOUS, SENSITIVE
}
