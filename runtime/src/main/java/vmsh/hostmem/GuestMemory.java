package vmsh.hostmem;

import static vmsh.hostmem.MachineMemory.PAGE_SHIFT;
import static vmsh.hostmem.MachineMemory.PAGE_SIZE;

import vmsh.mem.MemoryMap;

/**
 * A VM's guest-physical memory as the VMM reads and writes it (SBI console strings,
 * device emulation, loading images): RAM at guest-physical 0x8000_0000, one page per pmap
 * entry. Every access goes through {@link Pmap#touch} with the guest's semantics: reads of
 * untouched pages see zeros, writes break copy-on-write, swapped pages are swapped in. A
 * write that covers a whole page goes through {@link Pmap#overwrite}.
 */
public final class GuestMemory {
    /** Guest-physical address of guest page 0. */
    public static final long BASE = Integer.toUnsignedLong(MemoryMap.RAM);

    private final Pmap pmap;
    private final MachineMemory frames;

    public GuestMemory(Pmap pmap) {
        this.pmap = pmap;
        this.frames = pmap.host().frames();
    }

    public Pmap pmap() { return pmap; }

    public long base() { return BASE; }

    public long size() { return (long) pmap.pages() << PAGE_SHIFT; }

    /** True when {@code [gpa, gpa + length)} lies in guest RAM. */
    public boolean contains(long gpa, long length) {
        return length >= 0 && gpa >= BASE && gpa - BASE <= size() - length;
    }

    /** The guest page number of a guest-physical address. */
    public int gpn(long gpa) {
        check(gpa, 1);
        return (int) ((gpa - BASE) >>> PAGE_SHIFT);
    }

    /** Reads {@code width} (1, 2 or 4) bytes, naturally aligned, little-endian, zero-extended. */
    public int load(long gpa, int width) {
        checkAligned(gpa, width);
        return frames.load(pmap.touch(gpn(gpa), false), offset(gpa), width);
    }

    /** Writes the low {@code width} (1, 2 or 4) bytes of {@code value}, naturally aligned. */
    public void store(long gpa, int width, int value) {
        checkAligned(gpa, width);
        frames.store(pmap.touch(gpn(gpa), true), offset(gpa), width, value);
    }

    public int loadWord(long gpa) { return load(gpa, 4); }

    public void storeWord(long gpa, int value) { store(gpa, 4, value); }

    /** Reads {@code length} bytes starting at {@code gpa}. */
    public byte[] read(long gpa, int length) {
        byte[] out = new byte[length];
        read(gpa, out, 0, length);
        return out;
    }

    public void read(long gpa, byte[] dst, int off, int length) {
        check(gpa, length);
        while (length > 0) {
            int n = Math.min(length, PAGE_SIZE - offset(gpa));
            int mpn = pmap.touch(gpn(gpa), false);
            for (int i = 0; i < n; i++) dst[off + i] = (byte) frames.load(mpn, offset(gpa) + i, 1);
            gpa += n; off += n; length -= n;
        }
    }

    public void write(long gpa, byte[] src) { write(gpa, src, 0, src.length); }

    public void write(long gpa, byte[] src, int off, int length) {
        check(gpa, length);
        while (length > 0) {
            int n = Math.min(length, PAGE_SIZE - offset(gpa));
            int gpn = gpn(gpa);
            int mpn = n == PAGE_SIZE ? pmap.overwrite(gpn) : pmap.touch(gpn, true);
            for (int i = 0; i < n; i++) frames.store(mpn, offset(gpa) + i, 1, src[off + i]);
            gpa += n; off += n; length -= n;
        }
    }

    /** Reads a NUL-terminated string of at most {@code max} bytes (ISO-8859-1). */
    public String readCString(long gpa, int max) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < max && contains(gpa + i, 1); i++) {
            int c = load(gpa + i, 1);
            if (c == 0) break;
            s.append((char) c);
        }
        return s.toString();
    }

    private static int offset(long gpa) { return (int) (gpa & (PAGE_SIZE - 1)); }

    private void check(long gpa, long length) {
        if (!contains(gpa, length))
            throw new IllegalArgumentException(String.format("guest-physical 0x%x (+%d) outside VM '%s' RAM 0x%x..0x%x",
                    gpa, length, pmap.name(), BASE, BASE + size() - 1));
    }

    private void checkAligned(long gpa, int width) {
        if (width != 1 && width != 2 && width != 4)
            throw new IllegalArgumentException("access width " + width + " is not 1, 2 or 4");
        if ((gpa & (width - 1)) != 0)
            throw new IllegalArgumentException(String.format("guest-physical 0x%x is not %d-byte aligned", gpa, width));
    }
}
