package vmsh.cpu;

import static vmsh.cpu.Translations.NO_PAGE;

import vmsh.mem.Ram;
import vmsh.mmu.Mmu;

/**
 * Hot guest code run as JVM bytecode: the engine's fast loop with translation. The
 * interpreter counts the entries of each taken jump's target on its decoded page and runs
 * on, at its own speed, until it jumps to a slot that has a block or has been entered
 * {@link #threshold} times; the straight run of slots from there is then translated into a
 * {@link TranslatedBlock} (see {@link BlockCompiler}; its class is shared by every engine
 * that runs the same code: {@link BlockClasses}), kept on the page beside the decoded slots
 * it came from. Blocks are therefore keyed by physical frame, and go whenever their slots
 * go: fence.i, breakpoint and mark changes and snapshots drop every decoded page, a store
 * into an instruction drops the blocks made from it.
 *
 * <pre>
 *            +--- chained: the successor it went to last time, while no block went ---+
 *            |                                                                        |
 *            |    +------- jump to a cold slot, end of block ----------------+       |
 *            v    v                                                          |       |
 *   pc --> [ page: block at slot? ] --yes--> block (JVM bytecode) ----------+-------+--> slow exits,
 *            |no: count; hot? translate                                      |          budget
 *            v                                                               |          (to the engine)
 *          interpreter's fast loop, counting jumps' targets,                 |
 *          to its first jump to a translated or hot slot -------------------+
 * </pre>
 *
 * A block that returns to go on at a pc remembers the block it found there (a one-entry
 * chain, which serves calls and returns as an indirect-jump cache); the next time it goes
 * on at the same pc the dispatcher runs that block without looking it up, unless a block
 * has been dropped since ({@link DecodedCode#blockEpoch}) or, with paging, the pc is on
 * another page (the fetch must go through the TLB as the interpreter's does).
 *
 * <p>{@link #run} keeps the contract of the fast loop it stands for: the same exits at the
 * same instructions with the same budget left, the data page caches' hits counted.
 */
final class TranslatedCode {
    private static final int RAM_BASE = vmsh.mem.MemoryMap.RAM;

    private final Engine engine;
    private final DecodedCode code;
    private final Translations translations;
    private final Mmu mmu;
    private final BlockContext context;
    /** Entries to a slot before it is translated (1: at its second entry). */
    final int threshold;
    /** Guest instructions the process runs before this translates (see {@link WarmUp}). */
    final long warmUp;
    /** Blocks translated so far. */
    long translatedBlocks;

    TranslatedCode(Engine engine, Hart hart, DecodedCode code, Translations translations, Mmu mmu, int threshold, long warmUp) {
        if (threshold < 1) throw new IllegalArgumentException("translation threshold must be at least 1: " + threshold);
        this.engine = engine;
        this.code = code;
        this.translations = translations;
        this.mmu = mmu;
        this.context = new BlockContext(hart.x, code, translations);
        this.threshold = threshold;
        this.warmUp = warmUp;
    }

    /**
     * Runs from {@code pc} with {@code left} instructions of budget, in translated blocks
     * where there are some and in the interpreter elsewhere; returns the budget left, and
     * sets the engine's exit as its fast loop would.
     */
    int run(int pc, int left) {
        final BlockContext c = context;
        final boolean fetchPaged = translations.fetchPaged, paged = translations.dataPaged;
        final DecodedPage latched = fetchPaged && mmu.fetchLatchValid() ? code.pages[translations.fetchFrame] : null;
        final int latchedPage = latched != null ? translations.fetchPage : NO_PAGE;
        if (paged) translations.checkFrames();   // frames copied, allocated, restored since the last run
        c.dataHits = 0;
        int interpreterHits = 0;
        for (;;) {
            DecodedPage page = pageAt(pc, left, latched, latchedPage);
            TranslatedBlock block = page == null ? null : blockAt(page, pc, paged);
            int kind;
            while (block != null) {   // from block to block while they go on to one another
                int from = pc;
                left = block.run(c, pc & ~0xfff, left);
                kind = c.exitKind;
                pc = c.exitPc;
                if (kind == TranslatedBlock.EXIT_INTERPRET) break;
                if (kind != TranslatedBlock.EXIT_NEXT) {
                    if (kind == Engine.EXIT_DECODE) drop(pageAt(from, 1, latched, latchedPage), block);   // translate it again with the slot
                    if (left == 0) kind = Engine.EXIT_BUDGET;   // the fast loop looks at the budget first
                    return exit(kind, pc, left, interpreterHits);
                }
                // the successor it went on to last time, while no block was dropped since and
                // (paging) the pc stays on the page it ran from, so the same frame
                boolean samePage = ((pc ^ from) & ~0xfff) == 0;
                TranslatedBlock next = block.next;
                if (next != null && block.nextPc == pc && block.nextEpoch == code.blockEpoch && left > 0 && (samePage || !fetchPaged)) {
                    block = next;
                    continue;
                }
                page = pageAt(pc, left, latched, latchedPage);
                next = page == null ? null : blockAt(page, pc, paged);
                if (next != null) block.chain(next, pc, code.blockEpoch);
                block = next;
            }
            left = engine.interpretToHot(pc, left);
            interpreterHits += engine.runDataHits;
            kind = engine.exitKind;
            pc = engine.exitPc;
            if (kind != Engine.EXIT_JUMP) return exit(kind, pc, left, interpreterHits);
        }
    }

    /** The decoded page a block at {@code pc} would run from, or null: the interpreter goes on. */
    private DecodedPage pageAt(int pc, int left, DecodedPage latched, int latchedPage) {
        if (left <= 0 || (pc & 3) != 0) return null;
        if (translations.fetchPaged) return (pc & ~0xfff) == latchedPage ? latched : null;
        int frame = (pc - RAM_BASE) >>> Ram.FRAME_SHIFT;
        return frame < code.ramFrames ? code.pages[frame] : null;
    }

    /** Forgets {@code block} of {@code page}. */
    private void drop(DecodedPage page, TranslatedBlock block) {
        page.blocks[block.first << 1 | (block.paged ? 1 : 0)] = null;
        code.blockEpoch++;
    }

    private int exit(int kind, int pc, int left, int interpreterHits) {
        engine.exitKind = kind;
        engine.exitPc = pc;
        engine.runDataHits = interpreterHits + context.dataHits;
        return left;
    }

    /** The block entered at {@code pc}, on {@code page}; null: interpret. */
    private TranslatedBlock blockAt(DecodedPage page, int pc, boolean paged) {
        int slot = (pc & 0xfff) >>> 2, key = slot << 1 | (paged ? 1 : 0);
        TranslatedBlock[] blocks = page.blocks;
        if (blocks != null && blocks[key] != null) return blocks[key];
        if (page.heat == null) page.heat = new int[DecodedPage.SLOTS];
        if (++page.heat[slot] < threshold) return null;
        page.heat[slot] = 0;
        TranslatedBlock block = BlockCompiler.compile(page.slots, slot, paged);
        if (block == null) return null;
        if (blocks == null) {
            page.blocks = blocks = new TranslatedBlock[2 * DecodedPage.SLOTS];
            code.refreshStorePath(translations.fetchPaged ? translations.fetchFrame : (pc - RAM_BASE) >>> Ram.FRAME_SHIFT);   // stores into the frame now leave the fast path
            translations.checkFrames();   // the data page caches' too
        }
        blocks[key] = block;
        translatedBlocks++;
        return block;
    }
}
