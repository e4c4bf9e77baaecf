package vmsh.cpu;

/**
 * Guest code translated into JVM bytecode: a straight run of decoded slots of one physical
 * page (at most {@link BlockCompiler#MAX_INSTRUCTIONS}), entered at its first slot. Branches
 * within the run are jumps inside the method, so a loop on the page stays in it; guest
 * registers live in JVM locals and are written back when the block returns. The hidden
 * class {@link BlockCompiler} makes for it extends this class.
 *
 * <p>A block does exactly what the interpreter's fast loop does for the same slots (the
 * same data page caches, the same counts), and returns where the fast loop would leave it:
 * the engine's slow exits (a slow instruction, a slot to decode, a marked one), or
 * {@link #EXIT_NEXT} (go on at the pc, the instructions so far counted) or
 * {@link #EXIT_INTERPRET} (the budget may end before the next check: the interpreter
 * goes on from the pc, so a budget or timer ends exactly mid-block).
 */
abstract class TranslatedBlock {
    /** Go on at {@link BlockContext#exitPc}: a jump out of the block, or the block's end. */
    static final int EXIT_NEXT = 16;
    /** The budget left may end inside the run the block would make from the pc: interpret from there. */
    static final int EXIT_INTERPRET = 17;

    /** The slot numbers (byte offset / 4) of the block's first instruction and the one past its last. */
    final int first, end;
    /** Made for translated loads and stores (the data page caches) or physical ones. */
    final boolean paged;

    /**
     * The block run after this one last time, entered at {@link #nextPc}, while the engine's
     * decoded code had {@link DecodedCode#blockEpoch} {@link #nextEpoch} (no block dropped
     * since): the dispatcher goes on there without looking the pc up.
     */
    TranslatedBlock next;
    int nextPc, nextEpoch;

    protected TranslatedBlock(int first, int end, boolean paged) {
        this.first = first;
        this.end = end;
        this.paged = paged;
    }

    /**
     * Runs the block with {@code left} instructions of budget on the page at virtual
     * {@code base}; returns the budget left, the exit in {@code c}.
     */
    abstract int run(BlockContext c, int base, int left);

    /** Remembers {@code block} as the one entered at {@code pc} after this one. */
    void chain(TranslatedBlock block, int pc, int epoch) {
        next = block;
        nextPc = pc;
        nextEpoch = epoch;
    }

    /** True when the block was made from the instruction at slot {@code slot}. */
    boolean covers(int slot) { return slot >= first && slot < end; }
}
