package vmsh.history;

/**
 * A recording being made, of a machine ({@link Recorder}) or of a host ({@link
 * HostRecorder}): it runs until {@link #stop}, which gives the recording as a value.
 *
 * @param <R> what it records into: a {@link Recording} or a {@link HostRecording}
 */
public interface Tape<R> {
    /** True until {@link #stop}. */
    boolean recording();

    /** Instructions recorded so far (a machine's, or a host's). */
    long length();

    /** Entries recorded so far: outside input, or a host's runs and changes. */
    int events();

    /** Ends the recording (again: the same recording). */
    R stop();
}
