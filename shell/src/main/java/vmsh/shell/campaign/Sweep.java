package vmsh.shell.campaign;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import vmsh.shell.ExitCode;

/**
 * {@code vmsh sweep SCRIPT --param ... --out DIR}: runs every point of a campaign that has no
 * valid record yet, on worker threads that share this JVM (and its GraalJS engine, so a
 * thousand short runs do not pay a thousand start-ups; the {@link ScriptLauncher} runs
 * each), appending one record per finished
 * run. A failed run is recorded and the others go on; Ctrl-C stops the runs in progress,
 * which stay pending, and the same command later resumes.
 */
final class Sweep {
    /** Worker threads get the deep stack the launcher gives the main thread (GraalJS recursion). */
    private static final long STACK_BYTES = 16L << 20;

    /**
     * How to run a campaign.
     *
     * @param jobs           worker threads
     * @param shard          the slice of the grid this process runs
     * @param force          run points again even when they have a valid record
     * @param timeout each run's wall-clock limit, or null
     */
    record Options(int jobs, Shard shard, boolean force, Duration timeout) {}

    private final Campaign campaign;
    private final ScriptLauncher launcher;
    private final SweepFolder folder;
    private final Options options;
    private final PrintStream err;
    private final boolean terminal;
    private final Set<ScriptLauncher.Run> active = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    Sweep(Campaign campaign, ScriptLauncher launcher, Path out, Options options, PrintStream err, boolean terminal) {
        this.campaign = campaign;
        this.launcher = launcher;
        this.folder = new SweepFolder(out);
        this.options = options;
        this.err = err;
        this.terminal = terminal;
    }

    /** Runs the pending points of this slice; the exit status is 1 when a run of the slice has failed, now or before. */
    int run() {
        folder.create();
        Manifest.of(campaign, options.timeout()).write(folder.dir());
        Hashes hashes = new Hashes();
        Path base = Path.of("").toAbsolutePath();
        Map<String, RunRecord> valid = validRecords(folder.records(err), base, hashes);
        List<Point> mine = new ArrayList<>(), pending = new ArrayList<>();
        for (Point p : campaign.points()) {
            if (!options.shard().has(p.index())) continue;
            mine.add(p);
            if (options.force() || !valid.containsKey(p.key())) pending.add(p);
        }
        int workers = Math.max(1, Math.min(options.jobs(), pending.size()));
        err.println(header(mine.size(), pending.size(), workers));
        long start = System.nanoTime();
        Map<String, RunRecord> now = runAll(pending, workers, hashes);
        valid.putAll(now);
        long failed = mine.stream().map(p -> valid.get(p.key())).filter(r -> r != null && !r.ok()).count();
        long missing = mine.stream().filter(p -> !valid.containsKey(p.key())).count();
        err.println(footer(now.size(), (System.nanoTime() - start) / 1e9, failed, missing));
        if (stopping || missing > 0) return ExitCode.INTERRUPTED;
        return failed > 0 ? ExitCode.ERROR : ExitCode.OK;
    }

    /** The newest record of each point whose files are unchanged. */
    static Map<String, RunRecord> validRecords(List<RunRecord> records, Path base, Hashes hashes) {
        Map<String, RunRecord> valid = new HashMap<>();
        for (RunRecord r : records) {
            RunRecord old = valid.get(r.point());
            if ((old == null || r.finished().compareTo(old.finished()) >= 0) && r.fresh(base, hashes)) valid.put(r.point(), r);
        }
        return valid;
    }

    private Map<String, RunRecord> runAll(List<Point> pending, int workers, Hashes hashes) {
        Map<String, RunRecord> finished = new ConcurrentHashMap<>();
        if (pending.isEmpty()) return finished;
        SweepProgress progress = new SweepProgress(err, terminal, pending.size(), workers);
        ScriptRunner runner = new ScriptRunner(campaign, folder, options.timeout(), hashes, launcher, active);
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        try (SweepFolder.Appender records = folder.appender(options.shard())) {
            for (int w = 0; w < workers; w++) {
                Thread t = new Thread(null, () -> work(pending, next, runner, records, progress, finished, failure),
                        "vmsh-sweep-" + w, STACK_BYTES);
                threads.add(t);
            }
            Thread onCtrlC = new Thread(() -> stop(threads, progress), "vmsh-sweep-stop");
            Runtime.getRuntime().addShutdownHook(onCtrlC);
            try {
                threads.forEach(Thread::start);
                for (Thread t : threads) join(t);
            } finally {
                removeHook(onCtrlC);
                progress.clear();
            }
        }
        if (failure.get() != null) throw failure.get();
        return finished;
    }

    private void work(List<Point> pending, AtomicInteger next, ScriptRunner runner, SweepFolder.Appender records,
                      SweepProgress progress, Map<String, RunRecord> finished, AtomicReference<RuntimeException> failure) {
        for (int i = next.getAndIncrement(); i < pending.size() && !stopping && failure.get() == null; i = next.getAndIncrement()) {
            Point p = pending.get(i);
            try {
                RunRecord r = runner.run(p);
                if (r == null || stopping) continue;   // interrupted, or cut short by Ctrl-C: stays pending
                records.append(r);
                finished.put(p.key(), r);
                progress.finished(p, r);
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }
    }

    /** Ctrl-C: stop the runs in progress and wait (briefly) for the workers to leave their records whole. */
    private void stop(List<Thread> threads, SweepProgress progress) {
        stopping = true;
        for (ScriptLauncher.Run r : active) r.interrupt();
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                return;
            }
        }
        progress.clear();
        err.println("vmsh: sweep interrupted; the same command resumes it (finished runs are kept in " + folder.dir() + ")");
        err.flush();
    }

    private static void join(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down (Ctrl-C): the hook is running
        }
    }

    private String header(int mine, int pending, int workers) {
        String grid = campaign.grid().names().isEmpty() ? "" : " over " + String.join(" x ", campaign.grid().names());
        String slice = options.shard().count() == 1 ? "" : ", shard " + options.shard() + ": " + mine + " of them";
        return String.format("sweep %s: %s%s%s; %d to run, %d done before%s; records in %s", campaign.name(), runs(campaign.grid().size()),
                grid, slice, pending, mine - pending, pending == 0 ? "" : " (" + workers + " worker" + (workers == 1 ? "" : "s") + ")",
                folder.dir());
    }

    private static String runs(long n) { return n + (n == 1 ? " run" : " runs"); }

    private static String footer(int ran, double seconds, long failed, long missing) {
        StringBuilder b = new StringBuilder(String.format("sweep: %s in %s", runs(ran), SweepProgress.clock(seconds)));
        if (ran > 0 && seconds > 0) b.append(String.format(" (%.2f runs/s)", ran / seconds));
        if (failed > 0) b.append("; ").append(failed).append(" failed (see vmsh sweep --status)");
        if (missing > 0) b.append("; ").append(missing).append(" still to run");
        return b.toString();
    }
}
