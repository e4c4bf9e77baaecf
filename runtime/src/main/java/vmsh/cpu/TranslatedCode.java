package vmsh.cpu;

import static vmsh.cpu.Translations.NO_PAGE;

import vmsh.mem.Ram;
import vmsh.mmu.Mmu;

/**
 * Hot guest code run as JVM bytecode: the engine's fast loop with translation. Each entry
 * to a slot (a jump's target, where a block or the interpreter left off) is counted on its
 * decoded page; at {@link #threshold} entries the straight run of slots from there is
 * translated into a {@link TranslatedBlock} (see {@link BlockCompiler}), kept on the page
 * beside the decoded slots it came from. Blocks are therefore keyed by physical frame, and
 * go whenever their slots go: fence.i, breakpoint and mark changes and snapshots drop every
 * decoded page, a store into an instruction drops the blocks made from it.
 *
 * <pre>
 *            +------------ jump, end of block --------------+
 *            v                                              |
 *   pc --> [ page: block at slot? ] --yes--> block (JVM bytecode) ----+--> slow exits, budget
 *            |no: count; hot? translate                               |    (to the engine)
 *            v                                                        |
 *          interpreter's fast loop, to its next taken jump -----------+
 * </pre>
 *
 * {@link #run} keeps the contract of the fast loop it stands for: the same exits at the
 * same instructions with the same budget left, the data page cache hits counted.
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
    /** Blocks translated so far. */
    long translatedBlocks;

    TranslatedCode(Engine engine, Hart hart, DecodedCode code, Translations translations, Mmu mmu, int threshold) {
        if (threshold < 1) throw new IllegalArgumentException("translation threshold must be at least 1: " + threshold);
        this.engine = engine;
        this.code = code;
        this.translations = translations;
        this.mmu = mmu;
        this.context = new BlockContext(hart.x, code, translations);
        this.threshold = threshold;
    }

    /**
     * Runs from {@code pc} with {@code left} instructions of budget, in translated blocks
     * where there are some and in the interpreter elsewhere; returns the budget left, and
     * sets the engine's exit as its fast loop would.
     */
    int run(int pc, int left) {
        final BlockContext c = context;
        final DecodedPage[] pages = code.pages;
        final int ramFrames = code.ramFrames;
        final boolean fetchPaged = translations.fetchPaged, paged = translations.dataPaged;
        final DecodedPage latched = fetchPaged && mmu.fetchLatchValid() ? pages[translations.fetchFrame] : null;
        final int latchedPage = latched != null ? translations.fetchPage : NO_PAGE;
        c.dataHits = 0;
        int interpreterHits = 0;
        for (;;) {
            DecodedPage page = null;
            int frame = -1;
            if (left > 0 && (pc & 3) == 0) {
                if (fetchPaged) {
                    if ((pc & ~0xfff) == latchedPage) {
                        page = latched;
                        frame = translations.fetchFrame;
                    }
                } else if ((frame = (pc - RAM_BASE) >>> Ram.FRAME_SHIFT) < ramFrames) {
                    page = pages[frame];
                }
            }
            TranslatedBlock block = page == null ? null : blockAt(page, frame, (pc & 0xfff) >>> 2, paged);
            int kind;
            if (block != null) {
                left = block.run(c, pc & ~0xfff, left);
                kind = c.exitKind;
                pc = c.exitPc;
                if (kind == TranslatedBlock.EXIT_NEXT) continue;
                if (kind != TranslatedBlock.EXIT_INTERPRET) {
                    if (kind == Engine.EXIT_DECODE) page.blocks[block.first << 1 | (paged ? 1 : 0)] = null;   // translate it again with the slot
                    if (left == 0) kind = Engine.EXIT_BUDGET;   // the fast loop looks at the budget first
                    return exit(kind, pc, left, interpreterHits);
                }
            }
            left = engine.interpretToJump(pc, left);
            interpreterHits += engine.runDataHits;
            kind = engine.exitKind;
            pc = engine.exitPc;
            if (kind != Engine.EXIT_JUMP) return exit(kind, pc, left, interpreterHits);
        }
    }

    private int exit(int kind, int pc, int left, int interpreterHits) {
        engine.exitKind = kind;
        engine.exitPc = pc;
        engine.runDataHits = interpreterHits + context.dataHits;
        return left;
    }

    /** The block entered at slot number {@code slot} of {@code page} (RAM frame {@code frame}); null: interpret. */
    private TranslatedBlock blockAt(DecodedPage page, int frame, int slot, boolean paged) {
        int key = slot << 1 | (paged ? 1 : 0);
        TranslatedBlock[] blocks = page.blocks;
        if (blocks != null && blocks[key] != null) return blocks[key];
        if (page.heat == null) page.heat = new int[DecodedPage.SLOTS];
        if (++page.heat[slot] < threshold) return null;
        page.heat[slot] = 0;
        TranslatedBlock block = BlockCompiler.compile(page.slots, slot, paged);
        if (block == null) return null;
        if (blocks == null) {
            page.blocks = blocks = new TranslatedBlock[2 * DecodedPage.SLOTS];
            code.refreshStorePath(frame);   // stores into the frame now leave the fast path
        }
        blocks[key] = block;
        translatedBlocks++;
        return block;
    }
}
