package vmsh.hv;

/**
 * What a {@code pv} VM asked of its VMM.
 *
 * @param hypercalls    EXT_VMSH calls (each one exit)
 * @param bounces       traps of its tasks (and interrupts) the VMM delivered to its kernel
 * @param batchEntries  multicall entries applied (PTE updates, flushes, satp changes, releases)
 * @param ptes          PTE updates among them
 * @param refused       entries validation refused
 * @param tables        page-table frames registered now (read-only to the guest)
 */
public record PvStats(long hypercalls, long bounces, long batchEntries, long ptes, long refused, int tables) {}
