package vmsh.asm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the file an {@code .include} names, relative to the including file. */
@FunctionalInterface
public interface SourceResolver {
    /** The most a source (or other text) file may hold, so that a runaway file cannot fill memory. */
    long MAX_SOURCE_BYTES = 64L << 20;

    /** The text of {@code path} as included from {@code fromFile}, and its resolved name. */
    Source read(String path, String fromFile) throws IOException;

    record Source(String name, String text) {}

    /** A file that exists but is not read as source: a device, a folder, or too large. */
    final class Refused extends IOException {
        public Refused(String message) { super(message); }
    }

    /** The UTF-8 text of {@code file}: a regular file (not a device or a folder) of at most {@link #MAX_SOURCE_BYTES}. */
    static String readText(Path file) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString());
        if (!Files.isRegularFile(file)) throw new Refused(file + " is not a regular file (a device or a folder)");
        long size = Files.size(file);
        if (size > MAX_SOURCE_BYTES)
            throw new Refused(file + " has " + (size >> 20) + " MiB, more than the " + (MAX_SOURCE_BYTES >> 20) + " MiB vmsh reads as text");
        return Files.readString(file);
    }
}
