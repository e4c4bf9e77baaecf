package vmsh.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The repository's samples/ directory, found from wherever the tests run. */
final class SamplesDirectory {
    private SamplesDirectory() {}

    /**
     * samples/ in the working directory or the nearest parent that has one (Maven runs the
     * runtime module's tests with runtime/ as the working directory).
     */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path samples = dir.resolve("samples");
            if (Files.isRegularFile(samples.resolve("hello.s"))) return samples;
        }
        throw new IllegalStateException("no samples/hello.s in " + Path.of("").toAbsolutePath() + " or its parents");
    }

    /** Every samples/**&#47;*.s that carries an expectation header, in path order. */
    static List<Path> samplesWithExpectations() {
        Path root = root();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".s"))
                    .filter(SampleExpectation::hasHeader)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path as the tests name it: relative to samples/, with forward slashes. */
    static String name(Path sample) {
        return root().relativize(sample).toString().replace('\\', '/');
    }
}
