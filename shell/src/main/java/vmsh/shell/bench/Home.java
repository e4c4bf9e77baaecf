package vmsh.shell.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The vmsh checkout (where samples/ lives): the launcher passes it as -Dvmsh.home; without
 * it, the nearest folder at or above the working directory that has samples/.
 */
final class Home {
    private Home() {}

    static Path path(String first, String... more) {
        return home().resolve(Path.of(first, more));
    }

    static Path home() {
        String property = System.getProperty("vmsh.home");
        if (property != null) return Path.of(property);
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("samples"))) return p;
        }
        return Path.of("");
    }
}
