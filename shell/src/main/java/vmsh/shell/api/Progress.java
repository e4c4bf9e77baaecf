package vmsh.shell.api;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A progress bar for long guest runs, on stderr when it is a terminal (never when piped, so
 * redirected output stays byte-identical). It appears only after a run has taken a second
 * of wall time: a person is waiting, and short runs stay silent.
 */
final class Progress {
    private static final long SHOW_AFTER_NANOS = 1_000_000_000L;
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final boolean enabled;
    private long start;
    private boolean shown;

    Progress(PrintStream err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** True when stderr (file descriptor 2) is a terminal; Linux's /proc tells. */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return false;
        }
    }

    void begin() {
        if (!enabled) return;
        start = System.nanoTime();
        shown = false;
    }

    /** {@code done} of {@code total} instructions (total Long.MAX_VALUE: until the guest halts). */
    void update(long done, long total) {
        if (!enabled || System.nanoTime() - start < SHOW_AFTER_NANOS) return;
        shown = true;
        double seconds = (System.nanoTime() - start) / 1e9;
        String rate = String.format("%.0f MIPS", done / seconds / 1e6);
        if (total == Long.MAX_VALUE) {
            err.printf("\r  running: %,d instructions, %s ", done, rate);
        } else {
            int filled = (int) (WIDTH * (double) done / total);
            err.printf("\r  [%s%s] %3d%%  %,d instructions, %s ", "#".repeat(filled), " ".repeat(WIDTH - filled),
                    (int) (100.0 * done / total), done, rate);
        }
        err.flush();
    }

    void end() {
        if (!shown) return;
        err.print("\r\033[K");
        err.flush();
        shown = false;
    }
}
