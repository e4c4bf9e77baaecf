package vmsh.hv;

import java.util.Map;

/**
 * A binary-translated VM's translator, in counters.
 *
 * @param units              translation units in the cache now
 * @param unitsMade          units translated so far (retranslations and flushed ones included)
 * @param guestInstructions  guest instructions translated so far
 * @param tcBytes            bytes of translated code in the cache now
 * @param hits               lookups of a guest address that found its translation
 * @param misses             lookups that had to translate
 * @param chains             exits chained to their target's translation
 * @param callouts           callouts by kind (csr, sret, sfence, wfi, sbi, guest-fault, pt-write, mmio, dispatch, indirect)
 * @param invalidations      units dropped because the guest wrote their code
 * @param codeWrites         stores into translated code (each dropped its page's units)
 * @param adaptations        adaptive retranslations: loads and stores that became callouts
 * @param adaptive           guest addresses translated adaptively now
 * @param flushes            times the cache was full and emptied
 */
public record TranslatorStats(int units, long unitsMade, long guestInstructions, int tcBytes, long hits, long misses,
                              long chains, Map<String, Long> callouts, long invalidations, long codeWrites,
                              long adaptations, int adaptive, long flushes) {
    /** Callouts of every kind together. */
    public long calloutsTotal() { return callouts.values().stream().mapToLong(Long::longValue).sum(); }
}
