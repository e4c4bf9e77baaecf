package vmsh.shell.limits;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A progress bar for long guest runs, on stderr when it is a terminal (never when piped, so
 * redirected output stays byte-identical). It appears only after a run has taken a second
 * of wall time: a person is waiting, and short runs stay silent. A ticker thread draws it
 * from the runner's {@link Runner#progress}, so the run itself does nothing for it.
 */
public final class Progress implements AutoCloseable {
    /** No bar. */
    public static final Progress NONE = new Progress(null, false);

    private static final long SHOW_AFTER_NANOS = 1_000_000_000L;
    private static final long TICK_MILLIS = 250;
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final boolean enabled;
    private final long showAfterNanos, tickMillis;
    private Runner<?> runner;
    private long start;
    private boolean shown;
    private Thread ticker;

    /** A bar on {@code err}, drawn only when {@code enabled}. */
    public Progress(PrintStream err, boolean enabled) {
        this(err, enabled, SHOW_AFTER_NANOS, TICK_MILLIS);
    }

    /** A bar that shows after {@code showAfterNanos} of a run, redrawn every {@code tickMillis}. */
    Progress(PrintStream err, boolean enabled, long showAfterNanos, long tickMillis) {
        this.err = err;
        this.enabled = enabled;
        this.showAfterNanos = showAfterNanos;
        this.tickMillis = tickMillis;
    }

    /** True when stderr (file descriptor 2) is a terminal; Linux's /proc tells. */
    public static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return false;
        }
    }

    synchronized void begin(Runner<?> r) {
        if (!enabled) return;
        runner = r;
        start = System.nanoTime();
        if (ticker == null) {
            ticker = new Thread(this::tickForever, "vmsh-progress");
            ticker.setDaemon(true);
            ticker.start();
        }
    }

    synchronized void end() {
        runner = null;
        if (!shown) return;
        err.print("\r\033[K");
        err.flush();
        shown = false;
    }

    private void tickForever() {
        try {
            while (true) {
                Thread.sleep(tickMillis);
                tick();
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private synchronized void tick() {
        long elapsed = System.nanoTime() - start;
        if (runner == null || elapsed < showAfterNanos) return;
        shown = true;
        long done = runner.progress(), total = runner.budget();
        double millions = done / (elapsed / 1e9) / 1e6;
        String rate = runner.unit().equals("cycles") ? String.format("%.0f M cycles/s", millions) : String.format("%.0f MIPS", millions);
        if (total == Long.MAX_VALUE) {
            err.printf("\r  running: %,d %s, %s ", done, runner.unit(), rate);
        } else {
            double part = Math.min(1, (double) done / total);
            int filled = (int) (WIDTH * part);
            err.printf("\r  [%s%s] %3d%%  %,d %s, %s ", "#".repeat(filled), " ".repeat(WIDTH - filled), (int) (100 * part),
                    done, runner.unit(), rate);
        }
        err.flush();
    }

    @Override
    public synchronized void close() {
        if (ticker != null) ticker.interrupt();
        ticker = null;
    }
}
