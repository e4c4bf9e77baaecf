package vmsh.shell.campaign;

import java.io.PrintStream;

/**
 * How a sweep shows its progress on stderr: a bar redrawn in place on a terminal
 * ({@code [=====>     ] 61/80 runs, 2 workers, 1 failed, eta 0:41}), one plain line per
 * finished run when stderr is a file or a pipe (a cluster job's log).
 */
final class SweepProgress {
    private static final int WIDTH = 30;
    /** Redraw the bar at most this often. */
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream err;
    private final boolean terminal;
    private final int total;
    private final int workers;
    private final long start = System.nanoTime();
    private int done;
    private int failed;
    private long lastDrawn;
    private boolean drawn;

    SweepProgress(PrintStream err, boolean terminal, int total, int workers) {
        this.err = err;
        this.terminal = terminal;
        this.total = total;
        this.workers = workers;
    }

    synchronized void finished(Point p, RunRecord r) {
        done++;
        if (!r.ok()) failed++;
        if (!terminal) {
            String outcome = r.ok() ? "ok" : "exit " + r.exit() + ": " + Status.firstLine(r.error());
            err.printf("[%d/%d] %s: %s (%.1f s)%n", done, total, p.label(), outcome, r.hostSeconds());
            err.flush();
            return;
        }
        if (!r.ok()) {
            clear();
            err.println("failed: " + p.label() + ": exit " + r.exit() + ": " + Status.firstLine(r.error()));
        }
        long now = System.nanoTime();
        if (now - lastDrawn >= REDRAW_NANOS || done == total) draw(now);
    }

    private void draw(long now) {
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 && filled < WIDTH ? ">" : filled == WIDTH ? "=" : "")
                + " ".repeat(WIDTH - filled);
        StringBuilder line = new StringBuilder(String.format("\r[%s] %d/%d runs, %d worker%s", bar, done, total, workers, workers == 1 ? "" : "s"));
        if (failed > 0) line.append(", ").append(failed).append(" failed");
        if (done > 0 && done < total) line.append(", eta ").append(clock((now - start) / 1e9 / done * (total - done)));
        err.print(line.append("\033[K"));
        err.flush();
        lastDrawn = now;
        drawn = true;
    }

    /** Takes the bar off the screen (before a message, and at the end). */
    synchronized void clear() {
        if (!drawn) return;
        err.print("\r\033[K");
        err.flush();
        drawn = false;
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
