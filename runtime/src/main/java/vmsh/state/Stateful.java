package vmsh.state;

/**
 * A part of a machine whose exact state can be saved and restored. {@link #restore} reads
 * what {@link #save} wrote, in the same order; after it the part behaves exactly as it did
 * when it was saved (the same future for the same input).
 */
public interface Stateful {
    void save(StateOut out);

    /** Reads the state {@link #save} wrote; a malformed section throws {@link StateException}. */
    void restore(StateIn in);
}
