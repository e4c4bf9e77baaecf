package vmsh.shell.js;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import vmsh.asm.SourceResolver;

/**
 * The files a script may read: those under the script's folder and under the working
 * directory. A relative name is looked up in the script's folder first.
 */
final class FileAccess {
    private final List<Path> roots = new ArrayList<>();

    FileAccess(Path scriptDir, Path workingDir) {
        for (Path root : List.of(scriptDir, workingDir)) {
            Path real = realOrAbsolute(root);
            if (!roots.contains(real)) roots.add(real);
        }
    }

    /** The text of {@code name}, read as UTF-8. */
    String read(String name) {
        Path file = resolve(name);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new JsError("Error", "cannot read '" + name + "': " + e.getMessage());
        }
    }

    /**
     * For the assembler's .include: a file next to the including one if it exists there,
     * else looked up as readFile does; always within the same folders.
     */
    SourceResolver resolver() {
        return (path, fromFile) -> {
            Path sibling = fromFile == null ? null : Path.of(fromFile).resolveSibling(path);
            String name = sibling != null && Path.of(fromFile).isAbsolute() && Files.isRegularFile(sibling)
                    ? sibling.toString() : path;
            Path file = resolve(name);
            return new SourceResolver.Source(file.toString(), read(file.toString()));
        };
    }

    private Path resolve(String name) {
        Path given = Path.of(name);
        List<Path> candidates = new ArrayList<>();
        if (given.isAbsolute()) candidates.add(given);
        else for (Path root : roots) candidates.add(root.resolve(given));
        for (Path candidate : candidates) {
            if (!Files.isRegularFile(candidate)) continue;
            Path real = realOrAbsolute(candidate);
            if (roots.stream().noneMatch(real::startsWith))
                throw new JsError("Error", "readFile: '" + name + "' is outside the script's folder and the working directory");
            return real;
        }
        throw new JsError("Error", "readFile: no file '" + name + "' (looked in " + describeRoots() + ")");
    }

    private String describeRoots() {
        return String.join(" and ", roots.stream().map(Path::toString).toList());
    }

    private static Path realOrAbsolute(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
