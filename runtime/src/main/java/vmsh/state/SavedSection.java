package vmsh.state;

/**
 * The section a {@link Versioned} part saved last, whole (name, length and body) in the
 * pieces it was written in, with the part's version then; they are never written again, so
 * snapshots share them by reference. It is a cache beside the part, not state.
 */
public final class SavedSection {
    private String name;
    private long version;
    private byte[][] pieces;

    /** True when it holds section {@code name} saved at {@code version}. */
    boolean holds(String name, long version) { return pieces != null && this.version == version && name.equals(this.name); }

    byte[][] pieces() { return pieces; }

    void keep(String name, long version, byte[][] pieces) {
        this.name = name;
        this.version = version;
        this.pieces = pieces;
    }
}
