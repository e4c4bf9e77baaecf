package vmsh.shell.campaign;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import vmsh.shell.ExitCode;

/**
 * Runs one point of a campaign in this JVM through the {@link ScriptLauncher} (a fresh
 * session set up as {@code vmsh run} sets one up: the same sandbox and file rules, reads
 * under the script's folder and the working directory, writes under the run's own output
 * folder; the instruction budget, the timeout and the seed), and makes its record.
 */
final class ScriptRunner {
    /** Finishing times in one fixed width, so that they sort as text. */
    private static final DateTimeFormatter FINISHED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Campaign campaign;
    private final SweepFolder folder;
    private final Duration timeout;
    private final Hashes hashes;
    private final Path base;
    private final String host;
    private final ScriptLauncher launcher;
    /** The runs in progress, so that Ctrl-C can stop them. */
    private final Set<ScriptLauncher.Run> active;

    ScriptRunner(Campaign campaign, SweepFolder folder, Duration timeout, Hashes hashes, ScriptLauncher launcher,
                 Set<ScriptLauncher.Run> active) {
        this.campaign = campaign;
        this.launcher = launcher;
        this.folder = folder;
        this.timeout = timeout;
        this.hashes = hashes;
        this.active = active;
        this.base = Path.of("").toAbsolutePath();
        this.host = hostName();
    }

    /** Runs {@code p} and returns its record, or null when it was interrupted (Ctrl-C): then it stays pending. */
    RunRecord run(Point p) {
        Path out = fresh(folder.runDir(p.key()));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream(), stderr = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(stdout, true, StandardCharsets.UTF_8), e = new PrintStream(stderr, true, StandardCharsets.UTF_8);
        ScriptLauncher.Setup setup = new ScriptLauncher.Setup(campaign.text(), campaign.name(), campaign.folder(), campaign.args(),
                p.params(), p.seed(), campaign.maxInsns(), timeout, out, o, e);
        long start = System.nanoTime();
        ScriptLauncher.Outcome outcome;
        ScriptLauncher.Run run = launcher.prepare(setup);
        active.add(run);
        try {
            outcome = run.run();
            if (outcome == null) return null;
        } catch (RuntimeException x) {
            outcome = new ScriptLauncher.Outcome(ExitCode.ERROR, "vmsh: internal error: " + x, Map.of(), 0, List.of());
        } finally {
            active.remove(run);
            run.close();
        }
        if (outcome.error() != null) e.println(outcome.error());
        double seconds = Math.round((System.nanoTime() - start) / 1e6) / 1e3;
        keep(folder.stdout(p.key()), stdout);
        keep(folder.stderr(p.key()), stderr);
        removeIfEmpty(out);
        List<FileHash> reads = new ArrayList<>();
        for (Path f : outcome.filesRead()) reads.add(FileHash.of(f, base, hashes));
        return new RunRecord(RunRecord.key(p.key(), reads), p.key(), p.index(), p.params(), outcome.exit(), outcome.error(),
                outcome.result(), outcome.instructions(), seconds, List.copyOf(reads), campaign.version(), host,
                FINISHED.format(Instant.now()));
    }

    /** An empty output folder for a run (what an earlier run of the point left is removed). */
    private static Path fresh(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException x) {
            throw new vmsh.shell.VmshException(ExitCode.ERROR, "cannot make the run folder " + dir + ": " + x.getMessage());
        }
    }

    private static void keep(Path file, ByteArrayOutputStream text) {
        try {
            if (text.size() > 0) Files.write(file, text.toByteArray());
            else Files.deleteIfExists(file);
        } catch (IOException x) {
            throw new vmsh.shell.VmshException(ExitCode.ERROR, "cannot write " + file + ": " + x.getMessage());
        }
    }

    private static void removeIfEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            if (s.findAny().isEmpty()) Files.delete(dir);
        } catch (IOException ignored) {
            // a folder left behind is harmless
        }
    }

    /** The machine's name (Linux keeps it in /proc; no name lookup, which can hang). */
    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException x) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "" : env;
        }
    }
}
