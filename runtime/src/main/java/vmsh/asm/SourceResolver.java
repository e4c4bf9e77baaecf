package vmsh.asm;

import java.io.IOException;

/** Reads the file an {@code .include} names, relative to the including file. */
@FunctionalInterface
public interface SourceResolver {
    /** The text of {@code path} as included from {@code fromFile}, and its resolved name. */
    Source read(String path, String fromFile) throws IOException;

    record Source(String name, String text) {}
}
