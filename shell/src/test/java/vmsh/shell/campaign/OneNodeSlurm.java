package vmsh.shell.campaign;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private one-node Slurm cluster for a test: munged, slurmctld and slurmd on this machine,
 * with their key, socket, configuration, state and logs in one folder (nothing in /etc, free
 * ports, so a Slurm already running here is not disturbed). Needs root (slurmd starts jobs
 * as their user). {@link #close} stops the daemons it started, by their process ids.
 */
final class OneNodeSlurm implements AutoCloseable {
    /** Why a cluster cannot start here (a skip reason), or null when it can be tried. */
    static String unavailable() {
        if (!"root".equals(System.getProperty("user.name")))
            return "a one-node Slurm needs root (slurmd runs jobs as their user); this is " + System.getProperty("user.name");
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("munged", "slurmctld", "slurmd", "sbatch", "sinfo"))
            if (Tools.find(tool) == null) missing.add(tool);
        return missing.isEmpty() ? null : "not installed: " + String.join(", ", missing) + " (Debian: apt-get install slurm-wlm munge)";
    }

    private final Path dir;
    private final Path conf;
    private final List<Process> daemons = new ArrayList<>();

    private OneNodeSlurm(Path dir) {
        this.dir = dir;
        this.conf = dir.resolve("slurm.conf");
    }

    /** Starts the daemons and waits until the node is idle; IllegalStateException (with their logs) when it does not come up. */
    static OneNodeSlurm start(Path dir) throws IOException, InterruptedException {
        OneNodeSlurm s = new OneNodeSlurm(dir);
        try {
            s.startAll();
            return s;
        } catch (IOException | InterruptedException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void startAll() throws IOException, InterruptedException {
        for (String d : List.of("munge", "state", "spool", "log")) Files.createDirectories(dir.resolve(d));
        Path key = dir.resolve("munge/munge.key");
        byte[] bytes = new byte[1024];
        new SecureRandom().nextBytes(bytes);
        Files.write(key, bytes);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
        Path socket = dir.resolve("munge/munge.sock");
        daemon(List.of(Tools.find("munged"), "--foreground", "--force", "--socket=" + socket, "--key-file=" + key,
                "--log-file=" + dir.resolve("log/munged.log"), "--pid-file=" + dir.resolve("munge/munged.pid"),
                "--seed-file=" + dir.resolve("munge/munged.seed")), "munged");
        waitFor(() -> Files.exists(socket), Duration.ofSeconds(20), "munged made no socket");
        String host = shortHostName();
        Files.writeString(conf, String.join("\n",
                "ClusterName=vmshtest",
                "SlurmctldHost=" + host + "(127.0.0.1)",   // addresses given: no name lookup (CI machines may not resolve their own name)
                "SlurmctldPort=" + freePort(),
                "SlurmdPort=" + freePort(),
                "AuthType=auth/munge",
                "AuthInfo=socket=" + socket,
                "CredType=cred/munge",
                "ProctrackType=proctrack/linuxproc",
                "TaskPlugin=task/none",
                "MpiDefault=none",
                "JobCompType=jobcomp/none",
                "AccountingStorageType=accounting_storage/none",
                "SlurmUser=root",
                "SlurmdUser=root",
                "StateSaveLocation=" + dir.resolve("state"),
                "SlurmdSpoolDir=" + dir.resolve("spool"),
                "SlurmctldPidFile=" + dir.resolve("slurmctld.pid"),
                "SlurmdPidFile=" + dir.resolve("slurmd.pid"),
                "SlurmctldLogFile=" + dir.resolve("log/slurmctld.log"),
                "SlurmdLogFile=" + dir.resolve("log/slurmd.log"),
                "SchedulerType=sched/backfill",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_Core",
                "ReturnToService=2",
                "NodeName=" + host + " NodeAddr=127.0.0.1 CPUs=" + Runtime.getRuntime().availableProcessors() + " RealMemory=1000 State=UNKNOWN",
                "PartitionName=debug Nodes=" + host + " Default=YES MaxTime=INFINITE State=UP", ""));
        daemon(List.of(Tools.find("slurmctld"), "-D", "-f", conf.toString()), "slurmctld");
        daemon(List.of(Tools.find("slurmd"), "-D", "-f", conf.toString()), "slurmd");
        waitFor(() -> sinfo().contains("idle"), Duration.ofSeconds(60), "the node did not become idle (sinfo: " + sinfo().strip() + ")");
    }

    /** The environment a Slurm client command (sbatch, sinfo) needs to reach this cluster. */
    Map<String, String> environment() { return Map.of("SLURM_CONF", conf.toString()); }

    /** The daemons' logs, for a failure message. */
    String logs() {
        StringBuilder b = new StringBuilder();
        for (String name : List.of("munged.log", "slurmctld.log", "slurmd.log", "munged.out", "slurmctld.out", "slurmd.out")) {
            Path f = dir.resolve("log").resolve(name);
            try {
                if (Files.exists(f)) {
                    List<String> lines = Files.readAllLines(f);
                    b.append("--- ").append(name).append('\n');
                    lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> b.append(l).append('\n'));
                }
            } catch (IOException e) {
                b.append("(cannot read ").append(f).append(")\n");
            }
        }
        return b.toString();
    }

    private String sinfo() {
        try {
            return Tools.run(List.of(Tools.find("sinfo"), "-h", "-o", "%T"), dir, environment(), Duration.ofSeconds(10)).output();
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    private void daemon(List<String> command, String name) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("log/" + name + ".out").toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(environment());
        daemons.add(pb.start());
    }

    private interface Check {
        boolean ok() throws IOException;
    }

    private void waitFor(Check check, Duration limit, String failure) throws IOException, InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!check.ok()) {
            for (Process p : daemons)
                if (!p.isAlive()) throw new IllegalStateException("a Slurm daemon (pid " + p.pid() + ") exited with " + p.exitValue() + "\n" + logs());
            if (System.nanoTime() > end) throw new IllegalStateException(failure + "\n" + logs());
            Thread.sleep(250);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String shortHostName() throws IOException {
        String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /** Stops the daemons this object started, last first, by their process ids. */
    @Override
    public void close() throws InterruptedException {
        for (int i = daemons.size() - 1; i >= 0; i--) {
            Process p = daemons.get(i);
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        daemons.clear();
    }
}
