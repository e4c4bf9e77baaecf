package vmsh.state;

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
    private byte[] buf = new byte[4096];
    private int len;

    /** Writes {@code part}'s state as a section called {@code name}. */
    public StateOut section(String name, Stateful part) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        putShort(n.length);
        put(n, n.length);
        int at = len;
        putInt(0);
        part.save(this);
        int body = len - at - 4;
        len = at;
        putInt(body);
        len = at + 4 + body;
        return this;
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
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    public StateOut putLong(long v) {
        putInt((int) (v >>> 32));
        return putInt((int) v);
    }

    public StateOut putInts(int[] a) {
        if (a == null) return putInt(-1);
        putInt(a.length);
        room(4 * a.length);
        for (int v : a) putInt(v);
        return this;
    }

    public StateOut putLongs(long[] a) {
        if (a == null) return putInt(-1);
        putInt(a.length);
        for (long v : a) putLong(v);
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
    public int size() { return len; }

    /** What was written, as a new array. */
    public byte[] toBytes() { return Arrays.copyOf(buf, len); }
}
