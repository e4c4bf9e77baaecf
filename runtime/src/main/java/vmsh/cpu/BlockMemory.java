package vmsh.cpu;

import static vmsh.cpu.Translations.SLOT_OFF;
import static vmsh.cpu.Translations.SLOT_USE;
import static vmsh.cpu.Translations.SOFT_INDEX;

/**
 * The loads and stores of translated blocks: the interpreter's fast paths for them, check
 * for check (see {@link Engine}'s fast loop). The {@code ...At} methods give the RAM offset an
 * access uses, or -1 when it must leave to the slow path; a block then reads or writes at
 * that offset. With paging, a hit in a data page cache stamps the slot's last use with the
 * budget left and counts a data hit, as the fast loop does.
 */
final class BlockMemory {
    private static final int RAM_BASE = vmsh.mem.MemoryMap.RAM;

    private BlockMemory() {}

    /** A load of {@code va} aligned by {@code align} (mask of low bits that must be zero), paging off. */
    static int loadAt(BlockContext c, int va, int align) {
        int off = va - RAM_BASE;
        if ((off & align) != 0 || off >>> 12 >= c.ramFrames || c.frames[off >>> 12] == null) return -1;
        return off;
    }

    /** A load of virtual {@code va} through the load page cache. */
    static int loadAtPaged(BlockContext c, int va, int align, int left) {
        int[] cache = c.loadCache;
        int k = va >>> 10 & SOFT_INDEX;
        if (cache[k] != va >>> 12) return -1;
        int off = cache[k + SLOT_OFF] | va & 0xfff;
        if ((off & align) != 0 || off >>> 12 >= c.ramFrames || c.frames[off >>> 12] == null) return -1;
        cache[k + SLOT_USE] = left;
        c.dataHits++;
        return off;
    }

    /** A store to {@code va}, paging off; a store into a frame with decoded code resets the slot it hits. */
    static int storeAt(BlockContext c, int va, int align) {
        int off = va - RAM_BASE;
        if ((off & align) != 0 || off >>> 12 >= c.ramFrames) return -1;
        return writable(c, off) ? off : -1;
    }

    /** A store to virtual {@code va} through the store page cache. */
    static int storeAtPaged(BlockContext c, int va, int align, int left) {
        int[] cache = c.storeCache;
        int k = va >>> 10 & SOFT_INDEX;
        if (cache[k] != va >>> 12) return -1;
        int off = cache[k + SLOT_OFF] | va & 0xfff;
        if ((off & align) != 0 || off >>> 12 >= c.ramFrames || !writable(c, off)) return -1;
        cache[k + SLOT_USE] = left;
        c.dataHits++;
        return off;
    }

    private static boolean writable(BlockContext c, int off) {
        if (c.storeFrames[off >>> 12] != null) return true;
        int[] code = c.codeSlots[off >>> 12];
        if (code == null) return false;
        code[(off & 0xffc) >>> 1] = Op.DECODE;   // self-modifying code: decode again
        return true;
    }

    static int lb(BlockContext c, int off) { return (byte) (c.frames[off >>> 12][(off & 0xfff) >>> 2] >>> ((off & 3) << 3)); }

    static int lbu(BlockContext c, int off) { return c.frames[off >>> 12][(off & 0xfff) >>> 2] >>> ((off & 3) << 3) & 0xff; }

    static int lh(BlockContext c, int off) { return (short) (c.frames[off >>> 12][(off & 0xfff) >>> 2] >>> ((off & 2) << 3)); }

    static int lhu(BlockContext c, int off) { return c.frames[off >>> 12][(off & 0xfff) >>> 2] >>> ((off & 2) << 3) & 0xffff; }

    static int lw(BlockContext c, int off) { return c.frames[off >>> 12][(off & 0xfff) >>> 2]; }

    static void sb(BlockContext c, int off, int v) {
        int[] f = c.frames[off >>> 12];
        int i = (off & 0xfff) >>> 2, shift = (off & 3) << 3;
        f[i] = f[i] & ~(0xff << shift) | (v & 0xff) << shift;
    }

    static void sh(BlockContext c, int off, int v) {
        int[] f = c.frames[off >>> 12];
        int i = (off & 0xfff) >>> 2, shift = (off & 2) << 3;
        f[i] = f[i] & ~(0xffff << shift) | (v & 0xffff) << shift;
    }

    static void sw(BlockContext c, int off, int v) { c.frames[off >>> 12][(off & 0xfff) >>> 2] = v; }
}
