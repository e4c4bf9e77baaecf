package vmsh.cpu;

import vmsh.mem.Ram;

/**
 * What a translated block works on besides its registers: the interpreter's fast memory
 * paths (RAM frames, the store paths, the data page caches and their frames) and the report of why and
 * where the block returned. One per engine, shared by its blocks.
 */
final class BlockContext {
    final int[] x;
    final int[][] frames, storeFrames, codeSlots;
    final int ramFrames;
    final int[] loadCache, storeCache;
    final int[][] loadCacheFrames, storeCacheFrames;

    /** Why the last block returned ({@link TranslatedBlock}'s EXIT_ kinds or the engine's) and the pc it left at. */
    int exitKind, exitPc;
    /** Loads and stores served from the data page caches since the dispatcher last cleared it. */
    int dataHits;

    BlockContext(int[] x, DecodedCode code, Translations translations) {
        this.x = x;
        this.frames = code.frames;
        this.storeFrames = code.storeFrames;
        this.codeSlots = code.codeSlots;
        this.ramFrames = code.ramFrames;
        this.loadCache = translations.loadCache;
        this.storeCache = translations.storeCache;
        this.loadCacheFrames = translations.loadCacheFrames;
        this.storeCacheFrames = translations.storeCacheFrames;
        assert Ram.FRAME_SHIFT == 12;
    }
}
