package vmsh.shell.gdb;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** gdb-multiarch in batch mode, as the tests drive it. */
public final class GdbMultiarch {
    private GdbMultiarch() {}

    /** The gdb-multiarch on PATH, or null. */
    public static Path find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "gdb-multiarch");
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    /**
     * Standard error as vmsh writes it, watched for the port it waits for gdb on
     * ("waiting for gdb on localhost:PORT").
     */
    public static final class PortWatch extends java.io.OutputStream {
        private static final java.util.regex.Pattern PORT = java.util.regex.Pattern.compile("waiting for gdb on localhost:(\\d+)");
        private final java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        private final java.util.concurrent.CompletableFuture<Integer> port = new java.util.concurrent.CompletableFuture<>();

        @Override public synchronized void write(int b) {
            text.write(b);
            if (b == '\n' && !port.isDone()) {
                java.util.regex.Matcher m = PORT.matcher(text.toString(StandardCharsets.UTF_8));
                if (m.find()) port.complete(Integer.parseInt(m.group(1)));
            }
        }

        /** The port, once vmsh listens on it. */
        public int port() throws Exception { return port.get(60, TimeUnit.SECONDS); }

        public synchronized String text() { return text.toString(StandardCharsets.UTF_8); }

        public java.io.PrintStream stream() { return new java.io.PrintStream(this, true, StandardCharsets.UTF_8); }
    }

    /** Why gdb tests are skipped, shown by JUnit. */
    public static final String MISSING = "gdb-multiarch is not installed (apt-get install gdb-multiarch); gdb tests skipped";

    /**
     * Runs gdb-multiarch -batch on {@code file} (null: none), connected to localhost:port, with
     * {@code commands} after {@code target remote}; returns its stdout and stderr together.
     */
    public static String run(Path file, int port, String... commands) throws Exception {
        return output(start(file, port, commands));
    }

    /** gdb-multiarch started as {@link #run} starts it, running in the background; read it with {@link #output}. */
    public static Process start(Path file, int port, String... commands) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(find().toString(), "-batch", "-nx", "-ex", "set confirm off",
                "-ex", "set pagination off", "-ex", "set architecture riscv:rv32", "-ex", "target remote :" + port));
        for (String c : commands) {
            cmd.add("-ex");
            cmd.add(c);
        }
        if (file != null) cmd.add(file.toString());
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    /** What gdb printed (stdout and stderr) once it has ended. */
    public static String output(Process p) throws Exception {
        java.util.concurrent.CompletableFuture<byte[]> out = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return p.getInputStream().readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("gdb-multiarch did not finish: " + new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        }
        return new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }

    /** Ctrl-C to gdb (SIGINT): gdb stops the running target (it sends the remote stub a 0x03). */
    public static void interrupt(Process gdb) throws Exception {
        Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(gdb.pid())).inheritIO().start();
        if (kill.waitFor() != 0) throw new AssertionError("kill -INT " + gdb.pid() + " failed");
    }
}
