package vmsh.hostmem;

/**
 * A touch of a guest page whose contents are still on another host (post-copy migration,
 * {@link Pmap#expectPages}): the access must wait until the page has arrived. Thrown
 * before anything changed, so the VMM can retry the whole access later.
 */
public final class MissingPageException extends RuntimeException {
    private final int gpn;

    MissingPageException(String vm, int gpn) {
        super("VM '" + vm + "': guest page " + gpn + " is still on the host it migrated from", null, false, false);
        this.gpn = gpn;
    }

    /** The guest page number. */
    public int gpn() { return gpn; }
}
