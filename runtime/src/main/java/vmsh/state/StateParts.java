package vmsh.state;

import java.util.Arrays;

/**
 * Saved state as the pieces it was written in, one for each section at the top (see {@link
 * StateOut#toParts}); the state is their concatenation, byte for byte. A piece whose bytes
 * equal the piece a previous save wrote at its place is that previous array, so states
 * saved one after another (a history's checkpoints) hold each unchanged part once. Pieces
 * are never written again.
 */
public final class StateParts {
    private static final byte[][] NONE = new byte[0][];

    private final byte[][] pieces;
    private final int length;

    StateParts(byte[][] pieces) {
        long n = 0;
        for (byte[] p : pieces) n += p.length;
        if (n > Integer.MAX_VALUE) throw new StateException("saved state of " + n + " bytes is too long");
        this.pieces = pieces;
        this.length = (int) n;
    }

    /** A state read back whole (a file's), as one piece. */
    public static StateParts of(byte[] state) { return new StateParts(state.length == 0 ? NONE : new byte[][] {state}); }

    /** Bytes of the whole state. */
    public int length() { return length; }

    /** Pieces held. */
    public int count() { return pieces.length; }

    /** The {@code i}th piece: read it, never write it. */
    public byte[] piece(int i) { return pieces[i]; }

    /** The whole state as one array (a new one unless it is a single piece). */
    public byte[] bytes() {
        if (pieces.length == 1) return pieces[0];
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] p : pieces) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    /** Bytes of the pieces {@code before} does not hold itself (all of them without a before). */
    public long bytesNotIn(StateParts before) {
        if (before == null) return length;
        long n = 0;
        for (int i = 0; i < pieces.length; i++) if (!before.holds(pieces[i], i)) n += pieces[i].length;
        return n;
    }

    /** True when {@code piece} is one of these, looked for at {@code near} first (pieces keep their places mostly). */
    private boolean holds(byte[] piece, int near) {
        if (near < pieces.length && pieces[near] == piece) return true;
        for (byte[] p : pieces) if (p == piece) return true;
        return false;
    }

    /** True when both are the same state, byte for byte (however they are cut in pieces). */
    public boolean sameContents(StateParts o) {
        if (length != o.length) return false;
        if (pieces.length == o.pieces.length) {
            boolean same = true;
            for (int i = 0; i < pieces.length && same; i++) same = pieces[i] == o.pieces[i] || Arrays.equals(pieces[i], o.pieces[i]);
            if (same) return true;
        }
        return Arrays.equals(bytes(), o.bytes());
    }
}
