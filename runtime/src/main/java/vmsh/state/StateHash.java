package vmsh.state;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 digest of a whole state: the saved sections and every frame that holds a
 * non-zero word (with its number). All-zero frames are left out, so a frame allocated but
 * never given data hashes like one never touched.
 */
public final class StateHash {
    private final MessageDigest digest;
    private final byte[] page = new byte[FrameSet.WORDS * 4];

    public StateHash() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    public StateHash add(byte[] state) {
        digest.update(intBytes(state.length));
        digest.update(state);
        return this;
    }

    /** The same digest as {@link #add(byte[])} of the whole state. */
    public StateHash add(StateParts state) {
        digest.update(intBytes(state.length()));
        for (int i = 0; i < state.count(); i++) digest.update(state.piece(i));
        return this;
    }

    public StateHash add(FrameSet frames) {
        digest.update(intBytes(frames.slots()));
        for (int i = 0; i < frames.count(); i++) {
            int[] words = frames.frame(i);
            if (isZero(words)) continue;
            digest.update(intBytes(frames.number(i)));
            for (int w = 0; w < words.length; w++) {
                int v = words[w];
                page[4 * w] = (byte) v;
                page[4 * w + 1] = (byte) (v >>> 8);
                page[4 * w + 2] = (byte) (v >>> 16);
                page[4 * w + 3] = (byte) (v >>> 24);
            }
            digest.update(page);
        }
        return this;
    }

    /** The digest as 64 hex digits (the hash can be taken once). */
    public String hex() { return HexFormat.of().formatHex(digest.digest()); }

    private static boolean isZero(int[] words) {
        for (int w : words) if (w != 0) return false;
        return true;
    }

    private static byte[] intBytes(int v) { return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v}; }
}
