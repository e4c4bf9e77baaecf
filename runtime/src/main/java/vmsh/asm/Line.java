package vmsh.asm;

/**
 * One source line: where it came from, its text with comments blanked out (columns kept),
 * the original text for error display, and a note such as "in macro 'm'" (or null).
 */
record Line(String file, int number, String text, String original, String note) {}
