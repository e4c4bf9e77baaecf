package vmsh.shell.snapshot;

/** A snapshot file that cannot be read: the message names the file and what is wrong with it. */
public final class SnapshotFileException extends RuntimeException {
    public SnapshotFileException(String file, String problem) {
        super(file + ": " + problem);
    }
}
