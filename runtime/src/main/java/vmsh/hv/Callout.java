package vmsh.hv;

/**
 * One callout site in the translation cache: translated code that calls the VMM there
 * instead of executing a guest instruction (or leaving its unit).
 *
 * @param kind  what the VMM does for it
 * @param pc    the guest instruction's address (for a dispatch: the exit's target)
 * @param word  the guest instruction (0 for the translator's own callouts)
 * @param unit  the unit it belongs to
 * @param exit  for a dispatch, the exit whose stub it is, else null
 */
record Callout(CalloutKind kind, int pc, int word, TranslationUnit unit, TranslationUnit.Exit exit) {}
