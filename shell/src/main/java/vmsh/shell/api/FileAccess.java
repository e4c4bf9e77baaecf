package vmsh.shell.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import vmsh.asm.SourceResolver;

/**
 * The files a script may touch. Reads: under the script's folder and the working directory
 * (a relative name is looked up in the script's folder first). Writes: under the output
 * folder (--out, default the working directory). A path that leaves them, by {@code ..} or
 * by a symbolic link, is refused with a message naming it.
 */
final class FileAccess {
    private final List<Path> roots = new ArrayList<>();
    private final Path outDir;
    /** Folders of the files readFile has read, latest first: where asm(readFile(f)) finds f's .includes. */
    private final java.util.Deque<Path> readFolders = new java.util.ArrayDeque<>();
    /** Every file resolved for reading, in first-read order: what a sweep's run depends on. */
    private final java.util.Set<Path> filesRead = new java.util.LinkedHashSet<>();

    FileAccess(Path scriptDir, Path workingDir, Path outDir) {
        for (Path root : List.of(scriptDir, workingDir)) {
            Path real = realOrAbsolute(root);
            if (!roots.contains(real)) roots.add(real);
        }
        this.outDir = realOrAbsolute(outDir);
    }

    /** The text of {@code name}, read as UTF-8. */
    String read(String name) {
        Path file = resolve(name);
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            readFolders.remove(file.getParent());
            readFolders.addFirst(file.getParent());
            return text;
        } catch (IOException e) {
            throw new JsError("Error", "cannot read '" + name + "': " + e.getMessage());
        }
    }

    /**
     * The bytes of {@code name}: looked up as {@link #read} does, then in the output folder
     * (where the script may have written it).
     */
    byte[] readBytes(String name) {
        Path out = outDir.resolve(name).normalize();
        Path file;
        try {
            file = resolve(name);
        } catch (JsError e) {
            if (!out.startsWith(outDir) || !Files.isRegularFile(out) || !realOrAbsolute(out).startsWith(outDir)) throw e;
            file = out;
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new JsError("Error", "cannot read '" + name + "': " + e.getMessage());
        }
    }

    /**
     * For the assembler's .include: a file next to the including one if it exists there,
     * then next to the files readFile read (latest first: asm(readFile('k/kernel.s')) finds
     * k/'s includes), else looked up as readFile does; always within the readable folders.
     */
    SourceResolver resolver() {
        return (path, fromFile) -> {
            List<Path> near = new ArrayList<>();
            if (fromFile != null && Path.of(fromFile).isAbsolute()) near.add(Path.of(fromFile).getParent());
            near.addAll(readFolders);
            String name = path;
            for (Path dir : near) {
                if (Files.isRegularFile(dir.resolve(path))) {
                    name = dir.resolve(path).toString();
                    break;
                }
            }
            Path file = resolve(name);
            return new SourceResolver.Source(file.toString(), Files.isRegularFile(file) ? readQuietly(file) : read(name));
        };
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new JsError("Error", "cannot read '" + file + "': " + e.getMessage());
        }
    }

    /** Where the script's file {@code name} is, checked to stay inside the readable folders. */
    Path resolve(String name) {
        Path given = Path.of(name);
        List<Path> candidates = new ArrayList<>();
        if (given.isAbsolute()) candidates.add(given.normalize());
        else for (Path root : roots) candidates.add(root.resolve(given).normalize());
        for (Path candidate : candidates) {
            if (roots.stream().noneMatch(candidate::startsWith)) continue;   // a .. escape
            if (!Files.isRegularFile(candidate)) continue;
            Path real = realOrAbsolute(candidate);
            if (roots.stream().noneMatch(real::startsWith))
                throw new JsError("Error", "readFile: '" + name + "' leads outside the script's folder and the working directory (a symbolic link to " + real + ")");
            filesRead.add(real);
            return real;
        }
        if (candidates.stream().allMatch(c -> roots.stream().noneMatch(c::startsWith)))
            throw new JsError("Error", "readFile: '" + name + "' is outside the script's folder and the working directory");
        throw new JsError("Error", "readFile: no file '" + name + "' (looked in " + String.join(" and ", roots.stream().map(Path::toString).toList()) + ")");
    }

    /** Writes {@code bytes} to {@code name} under the output folder, creating folders as needed. */
    Path write(String name, byte[] bytes) {
        Path target = outputPath(name);
        try {
            Files.createDirectories(target.getParent());
            Path realParent = realOrAbsolute(target.getParent());
            if (!realParent.startsWith(outDir) || Files.isSymbolicLink(target))
                throw new JsError("Error", "'" + name + "' leads outside the output folder " + outDir + " (a symbolic link)");
            Files.write(target, bytes);
            return target;
        } catch (IOException e) {
            throw new JsError("Error", "cannot write '" + name + "': " + e.getMessage());
        }
    }

    /** {@code name} inside the output folder, refused when it leaves it. */
    Path outputPath(String name) {
        Path given = Path.of(name);
        Path target = (given.isAbsolute() ? given : outDir.resolve(given)).normalize();
        if (!target.startsWith(outDir) || target.equals(outDir))
            throw new JsError("Error", "'" + name + "' is outside the output folder " + outDir + " (use --out DIR to choose it)");
        return target;
    }

    Path outDir() { return outDir; }

    List<Path> filesRead() { return List.copyOf(filesRead); }

    private static Path realOrAbsolute(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
