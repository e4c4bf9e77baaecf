package vmsh.shell.campaign;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import vmsh.shell.VmshRun;

/** A temporary folder to sweep in: scripts written into it, vmsh run in-process, records read back. */
record SweepFixture(Path dir) {
    Path script(String name, String code) throws IOException {
        return Files.writeString(dir.resolve(name), code);
    }

    /** vmsh ARGS, in-process; arguments starting with @ name files of the folder. */
    VmshRun vmsh(String... args) {
        List<String> resolved = new ArrayList<>();
        for (String a : args) resolved.add(a.startsWith("@") ? dir.resolve(a.substring(1)).toString() : a);
        return VmshRun.of(resolved.toArray(String[]::new));
    }

    List<RunRecord> records(String folder) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new SweepFolder(dir.resolve(folder)).records(quiet);
    }

    RunRecord record(String folder, String label) {
        for (RunRecord r : records(folder)) {
            StringBuilder b = new StringBuilder();
            r.params().forEach((k, v) -> b.append(b.isEmpty() ? "" : " ").append(k).append('=').append(Values.text(v)));
            if (b.toString().equals(label)) return r;
        }
        throw new AssertionError("no record for " + label + " in " + folder);
    }

    String read(String file) throws IOException {
        return Files.readString(dir.resolve(file));
    }

    /**
     * Everything --collect writes for {@code folders} but the plot: the table, the per-run CSV
     * and JSON, and a summary (--y y --x x) as CSV, JSON and a table, in one text to compare.
     */
    String collectAll(String x, String ys, List<Path> folders) throws IOException {
        StringBuilder all = new StringBuilder();
        List<String> dirs = folders.stream().map(Path::toString).toList();
        VmshRun table = VmshRun.of(args(dirs, "--csv", file("collect.csv"), "--json", file("collect.json")));
        if (table.status() != 0) throw new AssertionError(table.toString());
        all.append(table.out()).append(read("collect.csv")).append(read("collect.json"));
        for (String summary : List.of("summary.csv", "summary.json")) {
            VmshRun s = VmshRun.of(args(dirs, "--x", x, "--y", ys, "--summary", file(summary)));
            if (s.status() != 0) throw new AssertionError(s.toString());
            all.append(s.out()).append(read(summary));
        }
        return all.toString();
    }

    /** The vmsh command in a child JVM (this test run's classes and libraries), as the launcher starts it. */
    static List<String> childVmsh() {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss16m", "-Dpolyglot.engine.WarnInterpreterOnly=false"));
        int jdk = Runtime.version().feature();
        if (jdk >= 22) command.add("--enable-native-access=ALL-UNNAMED");
        if (jdk >= 23) command.add("--sun-misc-unsafe-memory-access=allow");
        for (String jit : List.of("vmsh.jit", "vmsh.jit.threshold", "vmsh.jit.warmup"))   // ./test --jit-all and --no-jit reach the child too
            if (System.getProperty(jit) != null) command.add("-D" + jit + "=" + System.getProperty(jit));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "vmsh.shell.cli.Main"));
        return command;
    }

    private String file(String name) { return dir.resolve(name).toString(); }

    private static String[] args(List<String> dirs, String... options) {
        List<String> a = new ArrayList<>(List.of("sweep", "--collect"));
        a.addAll(dirs);
        a.addAll(List.of(options));
        return a.toArray(String[]::new);
    }
}
