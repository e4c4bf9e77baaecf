package vmsh.state;

/**
 * A part that counts its changes: while its version stays what it was when it was last
 * saved, its state is what it saved then, and {@link StateOut#section} holds that section
 * again by reference instead of saving the part (a host's frame table, the same from one
 * checkpoint to the next). Every change to what {@link #save} writes must change the version.
 */
public interface Versioned extends Stateful {
    /** A number that changes with every change of the state saved (a count of changes). */
    long version();

    /** Where the section it saved last is kept. */
    SavedSection saved();
}
