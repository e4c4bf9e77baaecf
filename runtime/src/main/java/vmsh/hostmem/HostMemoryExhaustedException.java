package vmsh.hostmem;

/** No free machine frame, and nothing could be reclaimed to make one. */
public final class HostMemoryExhaustedException extends RuntimeException {
    public HostMemoryExhaustedException(String message) { super(message); }
}
