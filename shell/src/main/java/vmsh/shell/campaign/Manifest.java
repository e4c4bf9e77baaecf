package vmsh.shell.campaign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vmsh.shell.ExitCode;
import vmsh.shell.VmshException;

/**
 * {@code DIR/sweep.json}: the campaign a sweep folder holds (the script, its options, the
 * parameter names and every planned run with its point key), written by each
 * {@code vmsh sweep} into the folder, read by {@code --status} and {@code --collect}. Every
 * shard of a campaign writes the same bytes, each by an atomic rename.
 */
record Manifest(String script, String scriptSha256, List<String> args, long seed, Long maxInsns, Object timeoutSeconds,
                List<String> parameters, List<Point> points, String vmsh) {
    static final String FILE = "sweep.json";

    static Manifest of(Campaign c, Duration timeout) {
        return new Manifest(c.name(), c.scriptHash(), c.args(), c.seed(), c.maxInsns() == Long.MAX_VALUE ? null : c.maxInsns(),
                timeout == null ? null : Values.number(java.math.BigDecimal.valueOf(timeout.toNanos(), 9)), c.grid().names(), c.points(), c.version());
    }

    void write(Path dir) {
        StringBuilder b = new StringBuilder("{\n");
        field(b, "vmsh", vmsh);
        field(b, "script", script);
        field(b, "scriptSha256", scriptSha256);
        field(b, "args", args);
        field(b, "seed", seed);
        field(b, "maxInsns", maxInsns);
        field(b, "timeoutSeconds", timeoutSeconds);
        field(b, "parameters", parameters);
        b.append("  \"runs\": [");
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("index", p.index());
            run.put("point", p.key());
            run.put("seed", p.seed());
            run.put("params", p.params());
            b.append(i == 0 ? "\n    " : ",\n    ").append(Records.json(run));
        }
        b.append("\n  ]\n}\n");
        Path file = dir.resolve(FILE);
        Path tmp = dir.resolve(FILE + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.writeString(tmp, b, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new VmshException(ExitCode.ERROR, "cannot write " + file + ": " + e.getMessage());
        }
    }

    private static void field(StringBuilder b, String name, Object value) {
        b.append("  ").append(Records.json(name)).append(": ").append(Records.json(value)).append(",\n");
    }

    @SuppressWarnings("unchecked")
    static Manifest read(Path dir) {
        Path file = dir.resolve(FILE);
        Object o;
        try {
            o = Records.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new VmshException(ExitCode.ERROR, dir + " holds no sweep (no " + FILE + "; vmsh sweep SCRIPT --out " + dir + " makes one)");
        } catch (IOException e) {
            throw new VmshException(ExitCode.ERROR, "cannot read " + file + ": " + e.getMessage());
        }
        try {
            Map<String, Object> m = (Map<String, Object>) o;
            List<Point> points = new ArrayList<>();
            for (Object r : (List<Object>) m.get("runs")) {
                Map<String, Object> run = (Map<String, Object>) r;
                points.add(new Point(((Long) run.get("index")).intValue(), (Map<String, Object>) run.get("params"),
                        (Long) run.get("seed"), (String) run.get("point")));
            }
            return new Manifest((String) m.get("script"), (String) m.get("scriptSha256"), (List<String>) m.get("args"),
                    (Long) m.get("seed"), (Long) m.get("maxInsns"), m.get("timeoutSeconds"),
                    (List<String>) m.get("parameters"), points, (String) m.get("vmsh"));
        } catch (ClassCastException | NullPointerException e) {
            throw new VmshException(ExitCode.ERROR, file + " is not a sweep description (written by another tool, or damaged)");
        }
    }
}
