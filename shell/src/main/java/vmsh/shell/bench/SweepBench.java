package vmsh.shell.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import vmsh.shell.ExitCode;
import vmsh.shell.Home;
import vmsh.shell.VmshException;

/**
 * {@code vmsh bench sweep}: runs per second of {@code scripts/tlb-reach.js} as a sweep (one
 * JVM, one worker thread per core, its GraalJS engine shared) against one {@code vmsh run}
 * process per run, as many at a time. Both are started as a user starts them, through the
 * launcher, so start-up counts; rounds are paired and alternate which goes first, and the
 * medians are reported, with the machine's load around them.
 */
final class SweepBench {
    private static final int ROUNDS = 3;
    private static final String SCRIPT = "scripts/tlb-reach.js";

    private SweepBench() {}

    static int run(Long iterations, long runs, PrintStream out) throws IOException, InterruptedException {
        Path launcher = Home.path("vmsh"), script = Home.path(SCRIPT);
        if (!Files.isExecutable(launcher)) throw new VmshException(ExitCode.ERROR, "no launcher at " + launcher);
        if (!Files.isRegularFile(script)) throw new VmshException(ExitCode.ERROR, "no " + SCRIPT + " in " + Home.home());
        int jobs = Runtime.getRuntime().availableProcessors();
        Path tmp = Files.createTempDirectory("vmsh-bench-sweep");
        try {
            start(List.of(launcher.toString(), "run", "--out", tmp.toString(), script.toString())).waitFor();   // warm-up: a build, the start-up cache
            double loadBefore = load();
            double[] sweep = new double[ROUNDS], processes = new double[ROUNDS], ratio = new double[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                Path dir = tmp.resolve("round" + r);
                boolean sweepFirst = r % 2 == 0;
                if (sweepFirst) sweep[r] = sweep(launcher, script, dir, runs, jobs);
                processes[r] = processes(launcher, script, dir, runs, jobs);
                if (!sweepFirst) sweep[r] = sweep(launcher, script, dir, runs, jobs);
                ratio[r] = sweep[r] / processes[r];
            }
            out.printf("%s, %d runs a round, %d at a time, %d rounds (paired, alternating; wall time, start-up included):%n", SCRIPT, runs, jobs, ROUNDS);
            out.printf("  vmsh sweep (one JVM, %d workers):  %s%n", jobs, figures(sweep));
            out.printf("  vmsh run, a process per run:       %s%n", figures(processes));
            out.printf("  the sweep does %.1fx the runs per second (median ratio; rounds %s)%n", median(ratio), spread(ratio));
            out.printf("  machine load (1-minute average) %.1f before, %.1f after, on %d cores%n", loadBefore, load(), jobs);
            return ExitCode.OK;
        } finally {
            delete(tmp);
        }
    }

    /** Runs per second of one vmsh sweep process over {@code runs} points. */
    private static double sweep(Path launcher, Path script, Path dir, long runs, int jobs) throws IOException, InterruptedException {
        long start = System.nanoTime();
        check(start(List.of(launcher.toString(), "sweep", script.toString(), "--param", "run=1.." + runs,
                "--out", dir.resolve("sweep").toString(), "--jobs", String.valueOf(jobs))), "vmsh sweep");
        return runs / ((System.nanoTime() - start) / 1e9);
    }

    /** Runs per second of {@code runs} vmsh run processes, {@code jobs} at a time. */
    private static double processes(Path launcher, Path script, Path dir, long runs, int jobs) throws IOException, InterruptedException {
        Path out = Files.createDirectories(dir.resolve("processes"));
        long start = System.nanoTime();
        List<Process> running = new ArrayList<>();
        for (long i = 0; i < runs; i++) {
            if (running.size() == jobs) check(running.remove(0), "vmsh run");
            running.add(start(List.of(launcher.toString(), "run", "--out", out.toString(), script.toString())));
        }
        for (Process p : running) check(p, "vmsh run");
        return runs / ((System.nanoTime() - start) / 1e9);
    }

    /** The machine's load: others' work on a shared machine makes the figures noisy. */
    private static double load() { return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(); }

    private static Process start(List<String> command) throws IOException {
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    private static void check(Process p, String what) throws InterruptedException {
        int status = p.waitFor();
        if (status != 0) throw new VmshException(ExitCode.ERROR, what + " exited with " + status);
    }

    private static String figures(double[] perSecond) {
        return String.format("%.2f runs/s median (%s)", median(perSecond), spread(perSecond));
    }

    private static String spread(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return String.format("%.2f..%.2f", v[0], v[v.length - 1]);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
