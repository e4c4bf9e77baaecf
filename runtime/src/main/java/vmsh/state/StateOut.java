package vmsh.state;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes saved state: named sections of big-endian primitives, one section per part.
 *
 * <pre>
 * section:  u16 name length | name (UTF-8) | u32 body length | body
 * int[]:    u32 length | the ints          (likewise long[], byte[], String as UTF-8; null is length -1)
 * </pre>
 */
public final class StateOut {
    /** Big-endian ints and longs written straight into the byte array (arrays are most of a host's state). */
    static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buf;
    private int len;
    /** Sections open now. */
    private int depth;
    /**
     * Where the state is cut into pieces (see {@link #toParts}), by position in {@code buf}, in
     * order: after each section at the top, and around each piece held by reference (a
     * {@link Versioned} part's section saved before, which is not in {@code buf}).
     */
    private int[] cuts = new int[16];
    private byte[][] held = new byte[16][];
    private int marks;
    /** Bytes of the pieces held by reference. */
    private int heldBytes;

    public StateOut() { buf = new byte[4096]; }

    /** Forgets what was written, keeping the room it took (a part saving state again and again grows no array). */
    public StateOut reset() {
        len = heldBytes = depth = 0;
        Arrays.fill(held, 0, marks, null);
        marks = 0;
        return this;
    }

    /**
     * Writes {@code part}'s state as a section called {@code name}. A {@link Versioned} part
     * whose version is the one it had when last saved is not saved again: the section it wrote
     * then is held by reference.
     */
    public StateOut section(String name, Stateful part) {
        SavedSection saved = part instanceof Versioned v ? v.saved() : null;
        long version = saved == null ? 0 : ((Versioned) part).version();
        if (saved != null && saved.holds(name, version)) {
            for (byte[] piece : saved.pieces()) hold(piece);
        } else {
            int start = len, startMarks = marks, startHeld = heldBytes;
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            putShort(n.length);
            put(n, n.length);
            int at = len;
            putInt(0);
            depth++;
            part.save(this);
            depth--;
            INT.set(buf, at, len + heldBytes - at - startHeld - 4);
            if (saved != null) {   // its bytes become pieces held, kept for the next save
                byte[][] pieces = pieces(start, startMarks, null);
                saved.keep(name, version, pieces);
                len = start;
                heldBytes = startHeld;
                Arrays.fill(held, startMarks, marks, null);
                marks = startMarks;
                for (byte[] piece : pieces) hold(piece);
            }
        }
        if (depth == 0) mark(null);
        return this;
    }

    /**
     * What was written from {@code buf} position {@code start} and mark {@code firstMark} on,
     * as pieces: a piece equal to {@code previous}'s at the same place is {@code previous}'s
     * own array, the others are new (null: all new).
     */
    private byte[][] pieces(int start, int firstMark, StateParts previous) {
        byte[][] pieces = new byte[2 * (marks - firstMark) + 1][];
        int count = 0, from = start;
        for (int m = firstMark; m <= marks; m++) {
            int to = m < marks ? cuts[m] : len;
            if (to > from) {
                byte[] old = previous == null || count >= previous.count() ? null : previous.piece(count);
                pieces[count++] = old != null && Arrays.equals(old, 0, old.length, buf, from, to) ? old : Arrays.copyOfRange(buf, from, to);
                from = to;
            }
            if (m < marks && held[m] != null) pieces[count++] = held[m];
        }
        return Arrays.copyOf(pieces, count);
    }

    /**
     * Puts bytes that {@link #encode} made before, by reference (never write them again):
     * a part that keeps the encoding of what did not change since it was last saved.
     */
    public StateOut putEncoded(byte[] encoded) {
        hold(encoded);
        return this;
    }

    /** What {@link #putInts} writes for {@code a[from..to)} without its length: a chunk of a longer array. */
    public static byte[] encode(int[] a, int from, int to) { return encode(a, from, to, new byte[4 * (to - from)], 0); }

    /** What {@link #putInts} writes for {@code a}, length and all. */
    public static byte[] encode(int[] a) {
        byte[] b = new byte[4 + 4 * a.length];
        INT.set(b, 0, a.length);
        return encode(a, 0, a.length, b, 4);
    }

    /** {@code a[from..to)} written into {@code b} from {@code at} on; returns {@code b}. */
    private static byte[] encode(int[] a, int from, int to, byte[] b, int at) {
        for (int i = from; i < to; i++, at += 4) INT.set(b, at, a[i]);
        return b;
    }

    /** Puts {@code piece} (a section saved before) next, by reference. */
    private void hold(byte[] piece) {
        mark(piece);
        heldBytes += piece.length;
    }

    /** A cut at the end of {@code buf}, followed by {@code piece} when it is not null. */
    private void mark(byte[] piece) {
        if (marks == cuts.length) {
            cuts = Arrays.copyOf(cuts, 2 * marks);
            held = Arrays.copyOf(held, 2 * marks);
        }
        cuts[marks] = len;
        held[marks++] = piece;
    }

    public StateOut putBoolean(boolean v) { return putByte(v ? 1 : 0); }

    public StateOut putByte(int v) {
        room(1);
        buf[len++] = (byte) v;
        return this;
    }

    private void putShort(int v) {
        room(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    public StateOut putInt(int v) {
        room(4);
        INT.set(buf, len, v);
        len += 4;
        return this;
    }

    public StateOut putLong(long v) {
        room(8);
        LONG.set(buf, len, v);
        len += 8;
        return this;
    }

    public StateOut putInts(int[] a) {
        if (a == null) return putInt(-1);
        putInt(a.length);
        room(4 * a.length);
        for (int v : a) {
            INT.set(buf, len, v);
            len += 4;
        }
        return this;
    }

    public StateOut putLongs(long[] a) {
        if (a == null) return putInt(-1);
        putInt(a.length);
        room(8 * a.length);
        for (long v : a) {
            LONG.set(buf, len, v);
            len += 8;
        }
        return this;
    }

    public StateOut putBytes(byte[] a) {
        if (a == null) return putInt(-1);
        putInt(a.length);
        put(a, a.length);
        return this;
    }

    public StateOut putBooleans(boolean[] a) {
        if (a == null) return putInt(-1);
        putInt(a.length);
        for (boolean v : a) putBoolean(v);
        return this;
    }

    public StateOut putString(String s) {
        return putBytes(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    private void put(byte[] a, int n) {
        room(n);
        System.arraycopy(a, 0, buf, len, n);
        len += n;
    }

    private void room(int n) {
        if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }

    /** Bytes written so far. */
    public int size() { return len + heldBytes; }

    /** What was written, as a new array. */
    public byte[] toBytes() { return heldBytes == 0 ? Arrays.copyOf(buf, len) : toParts(null).bytes(); }

    /**
     * What was written, cut after each section at the top (and after the last byte): a piece
     * equal to {@code previous}'s at the same place is {@code previous}'s own array, the
     * others are new (null: all new). Comparing costs far less than holding a copy again.
     */
    public StateParts toParts(StateParts previous) { return new StateParts(pieces(0, 0, previous)); }
}
