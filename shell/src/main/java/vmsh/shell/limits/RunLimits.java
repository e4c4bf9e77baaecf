package vmsh.shell.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The limits of one session (a script, the REPL, {@code vmsh boot}) over all its guest
 * runs: an instruction budget across every run (--max-insns), a wall-clock deadline
 * (--timeout), Ctrl-C, and the progress bar. Every guest run goes through {@link #run}.
 *
 * <p>The budget is exact: a run is given at most the instructions left, less those that
 * runs still in progress have been given (a hook of one machine may run another). A run
 * that the budget cut short, or any run once nothing is left, ends the session with
 * {@link LimitExceeded} ({@code instruction budget of N exhausted at guest pc ...}); so
 * does a run that the deadline stopped. Ctrl-C stops the runs in progress, and every run
 * after it until {@link #clearInterrupt} (the next command), which then return early as
 * the runner reports a stop: the user stopped them, the session goes on.
 *
 * <p>Stops come from other threads (Ctrl-C, the deadline's watchdog). They are made under
 * one lock together with the start and end of each run, so that a stop reaches the run in
 * progress or the next one of the same command, and never lingers into a later command.
 */
public final class RunLimits implements AutoCloseable {
    /** No budget. */
    public static final long UNLIMITED = Long.MAX_VALUE;
    /** How long the deadline waits for a stopped guest run to end the session before ending it anyway. */
    private static final Duration GRACE = Duration.ofSeconds(1);

    private final long maxInsns;
    private final Progress progress;
    private long left;
    private long reserved;
    /** Instructions every run so far has executed. */
    private long used;

    private final Object lock = new Object();
    /** The runs in progress, outermost first (guarded by lock). */
    private final List<Runner<?>> running = new ArrayList<>();
    /** The limits inside the session's, outermost first (the running thread's). */
    private final List<Scope> scopes = new ArrayList<>();
    /** Ctrl-C since the last clearInterrupt (written under lock; read by every API call, so volatile). */
    private volatile boolean interrupted;
    private volatile boolean timedOut;
    private Duration timeout;
    private Thread watchdog;

    /** Limits with an instruction budget of {@code maxInsns} ({@link #UNLIMITED} for none). */
    public RunLimits(long maxInsns, Progress progress) {
        if (maxInsns < 0) throw new IllegalArgumentException("instruction budget " + maxInsns + " is negative");
        this.maxInsns = maxInsns;
        this.left = maxInsns;
        this.progress = progress;
    }

    /** No budget, no deadline, no progress bar. */
    public static RunLimits none() { return new RunLimits(UNLIMITED, Progress.NONE); }

    /**
     * Ends every run that goes on past {@code timeout} from now, and calls {@code onDeadline}
     * (on the watchdog's thread) when the time is up, so that what runs besides guests can
     * be ended too; when a guest was running, only after a grace period in which the run,
     * stopped, can end the session with the line that says where the guest was.
     */
    public void limitTime(Duration timeout, Runnable onDeadline) {
        if (watchdog != null) throw new IllegalStateException("the time is limited already");
        this.timeout = timeout;
        watchdog = new Thread(() -> {
            try {
                Thread.sleep(timeout);
            } catch (InterruptedException e) {
                return;   // closed in time
            }
            timedOut = true;
            try {
                // a stopped guest run ends the session itself, saying where the guest was
                if (stopAll()) Thread.sleep(GRACE);
            } catch (InterruptedException e) {
                return;
            }
            onDeadline.run();
        }, "vmsh-deadline");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /**
     * Runs {@code runner} under the limits and returns what it returned; throws {@link
     * LimitExceeded} when the budget or the time ran out.
     */
    public <R> R run(Runner<R> runner) {
        if (timedOut) throw timeUp(runner.where());
        checkScopes(runner.where());
        long allowed = left == UNLIMITED ? UNLIMITED : Math.min(runner.maxInsns(), left - reserved);
        if (allowed <= 0) throw budgetExhausted(runner);
        Scope tightest = tightestScope();
        if (tightest != null && tightest.left <= 0) throw tightest.budgetExhausted(runner.where());
        long scoped = tightest == null ? allowed : Math.min(allowed, tightest.left);
        begin(runner, allowed);
        R result;
        try {
            result = runner.run(scoped);
        } finally {
            end(runner, allowed);
        }
        long insns = runner.insns(result);
        used += insns;
        if (left != UNLIMITED) left -= insns;
        for (Scope s : scopes) if (s.left != UNLIMITED) s.left -= insns;
        if (timedOut) throw timeUp(runner.where());
        if (left != UNLIMITED && left - reserved <= 0 && runner.unfinished(result)) throw budgetExhausted(runner);
        checkScopes(runner.where());
        if (tightest != null && tightest.left <= 0 && runner.unfinished(result)) throw tightest.budgetExhausted(runner.where());
        return result;
    }

    // ---------------------------------------------------------------- scopes

    /**
     * Opens a limit inside the session's: at most {@code maxInsns} more instructions
     * ({@link #UNLIMITED}: no budget of its own) and {@code timeout} of wall time (null: none)
     * for the runs and host operations until {@link #leave}.
     */
    public Scope enter(long maxInsns, Duration timeout) {
        Scope s = new Scope(maxInsns, timeout);
        if (timeout != null) {
            s.watchdog = new Thread(() -> {
                try {
                    Thread.sleep(timeout);
                } catch (InterruptedException e) {
                    return;   // left in time
                }
                s.timedOut = true;
                stopAll();
            }, "vmsh-limit");
            s.watchdog.setDaemon(true);
            s.watchdog.start();
        }
        scopes.add(s);
        return s;
    }

    /** Closes a scope opened by {@link #enter} (the innermost). */
    public void leave(Scope s) {
        scopes.remove(s);
        if (s.watchdog != null) s.watchdog.interrupt();
    }

    /** The scope with the fewest instructions left, or null when none has a budget. */
    private Scope tightestScope() {
        Scope tightest = null;
        for (Scope s : scopes) if (s.left != UNLIMITED && (tightest == null || s.left < tightest.left)) tightest = s;
        return tightest;
    }

    private void checkScopes(String where) {
        for (Scope s : scopes) if (s.timedOut) throw s.timeUp(where);
    }

    private void begin(Runner<?> runner, long allowed) {
        boolean outermost;
        synchronized (lock) {
            runner.clearStopRequest();
            if (interrupted || timedOut || scopes.stream().anyMatch(s -> s.timedOut)) runner.requestStop();
            running.add(runner);
            if (allowed != UNLIMITED) reserved += allowed;
            outermost = running.size() == 1;
        }
        if (outermost) progress.begin(runner);
    }

    private void end(Runner<?> runner, long allowed) {
        boolean outermost;
        synchronized (lock) {
            running.remove(runner);
            if (allowed != UNLIMITED) reserved -= allowed;
            outermost = running.isEmpty();
        }
        if (outermost) progress.end();
    }

    /** Ctrl-C: stops the runs in progress, and every later one until {@link #clearInterrupt}; any thread. */
    public void interrupt() {
        synchronized (lock) {
            interrupted = true;
            for (Runner<?> r : running) r.requestStop();
        }
    }

    /** A new command begins: Ctrl-C before it is forgotten. */
    public void clearInterrupt() {
        synchronized (lock) {
            interrupted = false;
        }
    }

    /** True after Ctrl-C, until {@link #clearInterrupt}. */
    public boolean interrupted() { return interrupted; }

    /** Stops the runs in progress; true if there were any. */
    private boolean stopAll() {
        synchronized (lock) {
            for (Runner<?> r : running) r.requestStop();
            return !running.isEmpty();
        }
    }

    /**
     * For long host operations (assembling millions of lines, loading big images): throws
     * {@link LimitExceeded} once the time is up or Ctrl-C was pressed.
     */
    public void checkpoint() {
        if (timedOut) throw timeUp(null);
        checkScopes(null);
        if (interrupted()) throw new LimitExceeded(LimitExceeded.Kind.INTERRUPT, "interrupted");
    }

    /** True once the deadline has passed. */
    public boolean timedOut() { return timedOut; }

    /** "timeout of 2 s" followed by where, when known. */
    public LimitExceeded timeUp(String where) {
        return new LimitExceeded(LimitExceeded.Kind.TIMEOUT, "timeout of " + seconds(timeout) + " s" + (where == null ? "" : " " + where));
    }

    private LimitExceeded budgetExhausted(Runner<?> runner) {
        return new LimitExceeded(LimitExceeded.Kind.BUDGET, "instruction budget of " + maxInsns + " exhausted " + runner.where());
    }

    /** 2 as "2", 0.5 s as "0.5". */
    static String seconds(Duration d) {
        if (d == null) return "?";
        if (d.toNanosPart() == 0) return String.valueOf(d.toSeconds());
        return java.math.BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString();
    }

    /** Instructions the runs have executed so far. */
    public long used() { return used; }

    /** Instructions left of the budget ({@link #UNLIMITED} when there is none). */
    public long left() { return left; }

    @Override
    public void close() {
        if (watchdog != null) watchdog.interrupt();
        progress.close();
    }
}
