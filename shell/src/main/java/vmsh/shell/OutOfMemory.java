package vmsh.shell;

/** The one line vmsh prints when its Java heap is full: what ran out and what to do. */
public final class OutOfMemory {
    private OutOfMemory() {}

    public static String line() {
        // plain concatenation: formatting may need classes a full heap could not load
        return "out of memory: guest RAM and scripts share vmsh's Java heap (at most " + (Runtime.getRuntime().maxMemory() >> 20)
                + " MiB), and it is full; run vmsh with a larger heap (VMSH_HEAP=4g ./vmsh ...) or give the guests less memory";
    }
}
