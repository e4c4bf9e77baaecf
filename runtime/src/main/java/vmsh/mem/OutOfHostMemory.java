package vmsh.mem;

/**
 * The simulator's own memory ran out: guest RAM is allocated, a 4 KiB frame at a time, from
 * the Java heap of the process, and a frame the guest touched did not fit. The guest did
 * nothing wrong; the process needs a larger heap, or the guests less memory.
 */
public final class OutOfHostMemory extends RuntimeException {
    OutOfHostMemory(long framesHeld) {
        // plain concatenation: formatting may need classes a full heap cannot load
        super("out of memory: guest RAM comes from the Java heap (at most " + (Runtime.getRuntime().maxMemory() >> 20)
                + " MiB), which is full (this RAM holds " + (framesHeld * Ram.FRAME_SIZE >> 20)
                + " MiB of touched frames); give the JVM a larger heap or the guests less memory", null, false, false);
    }
}
