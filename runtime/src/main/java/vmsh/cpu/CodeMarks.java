package vmsh.cpu;

/**
 * A debugger's view of a run: which instructions it watches, and what it does before and
 * after each. The engine asks {@link #marked} once when it decodes an instruction and
 * marks its slot like a breakpoint's, so unmarked code runs at full speed. At a marked
 * instruction the engine calls {@link #before}, executes the instruction from its kept
 * decoded form and calls {@link #after}, without leaving its run (vmsh.debug's hooks use it:
 * an address range, or every load and store).
 *
 * <p>While {@code before} and {@code after} run, the hart's pc is the instruction's (after:
 * the next one) and the clock counts every instruction executed so far, so a debugger
 * reads the machine as it is. A debugger that changes more than registers and RAM (the pc,
 * a device, the marks) makes the engine hand the rest of the instruction back to its caller
 * (see {@link Engine#handedOff}).
 */
public interface CodeMarks {
    /** True when runs must stop before the instruction {@code word} at virtual {@code pc}. */
    boolean marked(int pc, int word);

    /**
     * Before the marked instruction {@code word} at {@code pc}: null to execute it, or why
     * the run stops before it.
     */
    String before(int pc, int word);

    /**
     * {@link #before}, told the engine's paused run: a debugger may step on from here
     * itself ({@link MarkedRun#stepOn}) and then answers for the instruction it stopped at.
     */
    default String before(int pc, int word, MarkedRun run) { return before(pc, word); }

    /** After the marked instruction at {@code pc} executed (or trapped): null, or why the run stops. */
    String after(int pc);

    /**
     * False when {@link #after} would do nothing with these marks (the engine then does not
     * call it). Asked when the marks are set, so a change of marks must set them again.
     */
    default boolean wantsAfter() { return true; }
}
