package vmsh.mem;

/**
 * The simulator's own memory ran out: guest RAM is allocated, a 4 KiB frame at a time, from
 * the Java heap of the process, and a frame the guest touched did not fit. The guest did
 * nothing wrong; the process needs a larger heap (the launcher takes VMSH_HEAP), or the guests
 * less memory.
 */
public final class OutOfHostMemory extends RuntimeException {
    private final int framesHeld;

    /** Made in a full heap: no stack trace, and the message only when it is asked for. */
    OutOfHostMemory(int framesHeld) {
        super(null, null, false, false);
        this.framesHeld = framesHeld;
    }

    @Override
    public String getMessage() {
        // plain concatenation: formatting may need classes a full heap cannot load
        return "out of memory: guest RAM comes from the Java heap (at most " + (Runtime.getRuntime().maxMemory() >> 20)
                + " MiB), which is full (this RAM holds " + ((long) framesHeld * Ram.FRAME_SIZE >> 20)
                + " MiB of touched frames); give vmsh a larger heap (VMSH_HEAP=4g ./vmsh ...) or the guests less memory";
    }
}
