package vmsh.shell;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The one line vmsh prints when its Java heap is full: what ran out and what to do. */
public final class OutOfMemory {
    /** The line, encoded at start-up: a full heap may have no room to build it. */
    private static final byte[] REPORT = ("vmsh: " + line() + "\n").getBytes(StandardCharsets.UTF_8);

    /** Set once the line was written: the process then ends without another allocation. */
    private static volatile boolean reported;

    private OutOfMemory() {}

    public static String line() {
        return "out of memory: guest RAM and scripts share vmsh's Java heap (at most " + (Runtime.getRuntime().maxMemory() >> 20)
                + " MiB), and it is full; run vmsh with a larger heap (VMSH_HEAP=4g ./vmsh ...) or give the guests less memory";
    }

    /** Writes "vmsh: " and the line to {@code err}, allocating nothing. */
    public static void report(PrintStream err) {
        err.write(REPORT, 0, REPORT.length);
        err.flush();
        reported = true;
    }

    /** True once {@link #report} wrote the line. */
    public static boolean reported() { return reported; }

    /** Makes the line now, while there is room (call at start-up). */
    public static void prepare() {
        // loading the class encodes REPORT
    }
}
