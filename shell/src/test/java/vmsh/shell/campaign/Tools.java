package vmsh.shell.campaign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** External programs for the cluster tests: found on PATH (and the sbin folders), run with a time limit. */
final class Tools {
    private Tools() {}

    /** The program's path, or null when it is not installed. */
    static String find(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin:/sbin";
        for (String d : path.split(":")) {
            Path p = Path.of(d.isEmpty() ? "." : d, program);
            if (Files.isExecutable(p)) return p.toString();
        }
        return null;
    }

    /** What a finished program said (stdout and stderr together) and its exit status. */
    record Outcome(int status, String output) {}

    static Outcome run(List<String> command, Path dir, Map<String, String> env, Duration limit) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Path log = Files.createTempFile("vmsh-tool", ".log");
        try {
            pb.redirectOutput(log.toFile());
            Process p = pb.start();
            if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                return new Outcome(-1, Files.readString(log, StandardCharsets.UTF_8) + "\n(" + command.get(0) + " killed after " + limit.toSeconds() + " s)");
            }
            return new Outcome(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
