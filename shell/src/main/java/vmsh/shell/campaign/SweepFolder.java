package vmsh.shell.campaign;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import vmsh.shell.ExitCode;
import vmsh.shell.VmshException;

/**
 * A sweep's results folder (--out DIR):
 * <pre>
 * DIR/sweep.json             the campaign ({@link Manifest})
 * DIR/records.jsonl          one line per finished run ({@link RunRecord}); records-3of8.jsonl for shard 3/8
 * DIR/runs/POINT.out, .err   what the run printed on stdout and stderr (when it printed anything)
 * DIR/runs/POINT/            the run's output folder: its writeFile and plot(...).save (when it wrote any)
 * </pre>
 * Each process appends to its own records file, a whole line at a time, so shards on a
 * shared file system never write into one file and a crash loses at most the line being
 * written, which readers skip.
 */
final class SweepFolder {
    private static final String RUNS = "runs";

    private final Path dir;

    SweepFolder(Path dir) { this.dir = dir; }

    Path dir() { return dir; }

    void create() {
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new VmshException(ExitCode.USAGE, "--out " + dir + " is not a folder");
        try {
            Files.createDirectories(dir.resolve(RUNS));
        } catch (IOException e) {
            throw new VmshException(ExitCode.USAGE, "--out " + dir + ": cannot create the folder (" + e.getMessage() + ")");
        }
    }

    Path runDir(String point) { return dir.resolve(RUNS).resolve(point); }

    Path stdout(String point) { return dir.resolve(RUNS).resolve(point + ".out"); }

    Path stderr(String point) { return dir.resolve(RUNS).resolve(point + ".err"); }

    /** Appends records to this process's file, one whole line per write. */
    Appender appender(Shard shard) {
        Path file = dir.resolve(shard.recordsFile());
        try {
            boolean cut = endsMidLine(file);
            Appender a = new Appender(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
            if (cut) a.write("\n");   // a line cut short by a crash ends here; the next record starts its own
            return a;
        } catch (IOException e) {
            throw new VmshException(ExitCode.ERROR, "cannot write records in " + dir + ": " + e.getMessage());
        }
    }

    private static boolean endsMidLine(Path file) throws IOException {
        if (!Files.exists(file)) return false;
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            if (c.size() == 0) return false;
            var last = java.nio.ByteBuffer.allocate(1);
            c.read(last, c.size() - 1);
            return last.get(0) != '\n';
        }
    }

    static final class Appender implements AutoCloseable {
        private final FileChannel channel;

        private Appender(FileChannel channel) { this.channel = channel; }

        private void write(String text) throws IOException {
            var bytes = java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) channel.write(bytes);
        }

        synchronized void append(RunRecord r) {
            try {
                write(r.line() + "\n");
            } catch (IOException e) {
                throw new VmshException(ExitCode.ERROR, "cannot write a record: " + e.getMessage());
            }
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // every record was written whole already
            }
        }
    }

    /**
     * Every record in the folder's records files, file by file in name order. A line that is
     * not a record (cut short by a crash) is skipped; unless it is a file's last line, with
     * a warning on {@code warnings}.
     */
    List<RunRecord> records(PrintStream warnings) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().matches("records.*\\.jsonl")).sorted().toList();
        } catch (IOException e) {
            throw new VmshException(ExitCode.ERROR, "cannot list " + dir + ": " + e.getMessage());
        }
        List<RunRecord> records = new ArrayList<>();
        for (Path f : files) {
            List<String> lines;
            try {
                lines = new String(Files.readAllBytes(f), StandardCharsets.UTF_8).lines().toList();
            } catch (IOException e) {
                throw new VmshException(ExitCode.ERROR, "cannot read " + f + ": " + e.getMessage());
            }
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) continue;
                try {
                    records.add(RunRecord.parse(lines.get(i)));
                } catch (IllegalArgumentException e) {
                    if (i < lines.size() - 1) warnings.println("vmsh: " + f + ":" + (i + 1) + ": " + e.getMessage() + " (skipped)");
                }
            }
        }
        return records;
    }
}
