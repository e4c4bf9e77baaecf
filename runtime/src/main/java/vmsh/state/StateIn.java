package vmsh.state;

import java.nio.charset.StandardCharsets;

/**
 * Reads what a {@link StateOut} wrote. Every read is checked: a section must have the name
 * expected and be read to its last byte, and no read may run past the end, so state from
 * another layout fails with a message naming the section instead of restoring garbage.
 */
public final class StateIn {
    private final byte[] buf;
    private int pos;
    /** The end of the section being read (or of the whole state). */
    private int limit;
    private String section = "state";

    public StateIn(byte[] state) {
        this.buf = state;
        this.limit = state.length;
    }

    /** Reads section {@code name} into {@code part}. */
    public StateIn section(String name, Stateful part) {
        String found = name();
        if (!found.equals(name)) throw new StateException("expected state section '" + name + "', found '" + found + "'");
        int length = getInt();
        if (length < 0 || length > limit - pos)
            throw new StateException("state section '" + name + "' claims " + length + " bytes, " + (limit - pos) + " remain");
        int outerLimit = limit;
        String outer = section;
        limit = pos + length;
        section = name;
        part.restore(this);
        if (pos != limit)
            throw new StateException("state section '" + name + "' has " + (limit - pos) + " bytes left over");
        limit = outerLimit;
        section = outer;
        return this;
    }

    private String name() {
        need(2);
        int n = (buf[pos] & 0xff) << 8 | buf[pos + 1] & 0xff;
        pos += 2;
        need(n);
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    /** True when every byte has been read. */
    public boolean atEnd() { return pos == limit; }

    public boolean getBoolean() {
        int b = getByte();
        if (b != 0 && b != 1) throw new StateException("state section '" + section + "': " + b + " is not a boolean");
        return b == 1;
    }

    public int getByte() {
        need(1);
        return buf[pos++] & 0xff;
    }

    public int getInt() {
        need(4);
        int v = (int) StateOut.INT.get(buf, pos);
        pos += 4;
        return v;
    }

    public long getLong() {
        need(8);
        long v = (long) StateOut.LONG.get(buf, pos);
        pos += 8;
        return v;
    }

    /** An int array of any length (null if it was null). */
    public int[] getInts() {
        int n = length(4);
        if (n < 0) return null;
        int[] a = new int[n];
        ints(a, n);
        return a;
    }

    /** An int array read into {@code into}, which must have the length saved. */
    public void getInts(int[] into) {
        int n = length(4);
        if (n != into.length) throw mismatch("int array", n, into.length);
        ints(into, n);
    }

    /** A long array of any length (null if it was null). */
    public long[] getLongsAny() {
        int n = length(8);
        if (n < 0) return null;
        long[] a = new long[n];
        longs(a, n);
        return a;
    }

    public void getLongs(long[] into) {
        int n = length(8);
        if (n != into.length) throw mismatch("long array", n, into.length);
        longs(into, n);
    }

    public byte[] getBytes() {
        int n = length(1);
        if (n < 0) return null;
        byte[] a = new byte[n];
        System.arraycopy(buf, pos, a, 0, n);
        pos += n;
        return a;
    }

    public void getBytes(byte[] into) {
        byte[] a = getBytes();
        if (a == null || a.length != into.length) throw mismatch("byte array", a == null ? -1 : a.length, into.length);
        System.arraycopy(a, 0, into, 0, a.length);
    }

    public void getBooleans(boolean[] into) {
        int n = length(1);
        if (n != into.length) throw mismatch("boolean array", n, into.length);
        for (int i = 0; i < n; i++) into[i] = getBoolean();
    }

    public String getString() {
        byte[] b = getBytes();
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** The next {@code n} ints, whose bytes {@link #length} found in the section. */
    private void ints(int[] into, int n) {
        for (int i = 0; i < n; i++, pos += 4) into[i] = (int) StateOut.INT.get(buf, pos);
    }

    private void longs(long[] into, int n) {
        for (int i = 0; i < n; i++, pos += 8) into[i] = (long) StateOut.LONG.get(buf, pos);
    }

    /** Reads a length of elements of {@code width} bytes each, checking they fit (-1: null). */
    private int length(int width) {
        int n = getInt();
        if (n < -1 || n >= 0 && (long) n * width > limit - pos)
            throw new StateException("state section '" + section + "': an array of " + n + " elements runs past its end");
        return n;
    }

    private StateException mismatch(String what, int found, int expected) {
        return new StateException("state section '" + section + "': " + what + " of " + found + " elements, expected " + expected);
    }

    private void need(int n) {
        if (n > limit - pos) throw new StateException("state section '" + section + "' ends early");
    }
}
