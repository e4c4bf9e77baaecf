package vmsh.cpu;

/**
 * Which instructions a run stops before, besides breakpoints: the engine asks once when it
 * decodes an instruction and marks its slot like a breakpoint's, so unmarked code runs at
 * full speed. vmsh.debug's hooks use it (an address range, or every load and store).
 */
@FunctionalInterface
public interface CodeMarks {
    /** True when the run must stop before the instruction {@code word} at virtual {@code pc}. */
    boolean marked(int pc, int word);
}
