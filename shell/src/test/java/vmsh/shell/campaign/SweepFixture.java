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
}
