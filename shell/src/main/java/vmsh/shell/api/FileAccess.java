package vmsh.shell.api;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import vmsh.asm.SourceResolver;
import vmsh.shell.Home;

/**
 * The files a script may touch. Reads: under the script's folder and the working directory
 * (a relative name is looked up in the script's folder first), the folders --allow-read
 * names, and the bundled samples ({@link #sample}). Writes: under the output folder (--out).
 * A path that leaves them, by {@code ..} or by a symbolic link, is refused with a message
 * naming it.
 */
final class FileAccess {
    /** Where relative names are looked up: the script's folder, then the working directory. */
    private final List<Path> searched = new ArrayList<>();
    /** Where reads may go: those, the folders --allow-read names, and the bundled samples. */
    private final List<Path> readable = new ArrayList<>();
    private final boolean othersAllowed;
    private final Path samples;
    private final Path outDir;
    /** Folders of the files readFile has read, latest first: where asm(readFile(f)) finds f's .includes. */
    private final java.util.Deque<Path> readFolders = new java.util.ArrayDeque<>();
    /** Every file resolved for reading, in first-read order: what a sweep's run depends on. */
    private final java.util.Set<Path> filesRead = new java.util.LinkedHashSet<>();

    FileAccess(Path scriptDir, Path workingDir, Path outDir) { this(scriptDir, workingDir, outDir, List.of()); }

    /** With {@code allowRead}: more folders whose files a script may read (--allow-read). */
    FileAccess(Path scriptDir, Path workingDir, Path outDir, List<Path> allowRead) {
        for (Path root : List.of(scriptDir, workingDir)) {
            Path real = realOrAbsolute(root);
            if (!searched.contains(real)) searched.add(real);
        }
        readable.addAll(searched);
        for (Path root : allowRead) readable.add(realOrAbsolute(root));
        this.othersAllowed = !allowRead.isEmpty();
        this.samples = realOrAbsolute(Home.samples());
        readable.add(samples);
        this.outDir = realOrAbsolute(outDir);
    }

    /** "the script's folder and the working directory", and the --allow-read folders when there are some. */
    private String readableFolders() {
        return "the script's folder and the working directory" + (othersAllowed ? " and the --allow-read folders" : "");
    }

    /**
     * The text of the bundled sample {@code name} (samples/NAME of this vmsh), wherever the
     * script runs; its .includes are found next to it.
     */
    String sample(String name) {
        Path file = samples.resolve(name).normalize();
        if (!file.startsWith(samples) || file.equals(samples))
            throw new JsError("Error", "sample: '" + name + "' is not inside the bundled samples (" + samples + ")");
        if (!Files.isRegularFile(file))
            throw new JsError("Error", "sample: no sample '" + name + "' in " + samples);
        return read(file.toString());
    }

    /** The text of {@code name}, read as UTF-8 (at most {@link SourceResolver#MAX_SOURCE_BYTES}). */
    String read(String name) {
        Path file = resolve(name);
        try {
            String text = SourceResolver.readText(file);
            readFolders.remove(file.getParent());
            readFolders.addFirst(file.getParent());
            return text;
        } catch (IOException e) {
            throw new JsError("Error", "cannot read '" + name + "': " + e.getMessage());
        }
    }

    /**
     * The bytes of {@code name}: looked up as {@link #read} does, then in the output folder
     * (where the script may have written it). Its errors are the calling API's (hv.replay(),
     * machine.open()), which names itself: they do not say readFile.
     */
    byte[] readBytes(String name) {
        Path out = outDir.resolve(name).normalize();
        Path file;
        try {
            file = resolve(name);
        } catch (JsError e) {
            if (!out.startsWith(outDir) || !Files.isRegularFile(out) || !realOrAbsolute(out).startsWith(outDir)) {
                String m = e.getMessage();
                throw m.startsWith(READ_FILE) ? new JsError(e.type(), m.substring(READ_FILE.length())) : e;
            }
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
            return SourceResolver.readText(file);
        } catch (IOException e) {
            throw new JsError("Error", "cannot read '" + file + "': " + e.getMessage());
        }
    }

    /** Where the script's file {@code name} is, checked to stay inside the readable folders. */
    private static final String READ_FILE = "readFile: ";

    Path resolve(String name) {
        Path given = Path.of(name);
        List<Path> candidates = new ArrayList<>();
        if (given.isAbsolute()) candidates.add(given.normalize());
        else for (Path root : searched) candidates.add(root.resolve(given).normalize());
        for (Path candidate : candidates) {
            if (readable.stream().noneMatch(candidate::startsWith)) continue;   // a .. escape
            if (!Files.isRegularFile(candidate)) continue;
            Path real = realOrAbsolute(candidate);
            if (readable.stream().noneMatch(real::startsWith))
                throw new JsError("Error", "readFile: '" + name + "' leads outside " + readableFolders() + " (a symbolic link to " + real + ")");
            filesRead.add(real);
            return real;
        }
        if (candidates.stream().allMatch(c -> readable.stream().noneMatch(c::startsWith)))
            throw new JsError("Error", "readFile: '" + name + "' is outside " + readableFolders() + " (vmsh run --allow-read DIR lets a script read DIR)");
        throw new JsError("Error", "readFile: no file '" + name + "' (looked in " + String.join(" and ", searched.stream().map(Path::toString).toList()) + ")");
    }

    /** Writes {@code bytes} to {@code name} under the output folder (see {@link #write(String, Body)}). */
    Path write(String name, byte[] bytes) {
        return write(name, out -> out.write(bytes));
    }

    /** What a writer puts in a file. */
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * The one way a script writes a file (writeFile, plots, the REPL's .save, snapshot
     * files): {@code name} under the output folder, its folders made as needed. The whole
     * path is checked before anything is made: a symbolic link on the way is refused
     * wherever it points. The file is written next to its name and then moved over it, so
     * an existing file that is a hard link is replaced, never written through.
     */
    Path write(String name, Body body) {
        Path target = outputPath(name);
        try {
            checkNoLinks(name, target);
            Path folder = makeFolders(name, target.getParent());
            Path temporary = folder.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    body.writeTo(out);
                }
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
            return target;
        } catch (IOException e) {
            throw new JsError("Error", "cannot write '" + name + "': " + describe(e));
        }
    }

    /** Refuses a symbolic link or a non-folder on the way to {@code target}, and a folder or link at it. */
    private void checkNoLinks(String name, Path target) {
        Path p = outDir;
        for (Path part : outDir.relativize(target)) {
            p = p.resolve(part);
            if (Files.isSymbolicLink(p))
                throw new JsError("Error", "'" + name + "' leads outside the output folder " + outDir
                        + " (through the symbolic link " + outDir.relativize(p) + "); nothing was written");
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
            if (!p.equals(target) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                throw new JsError("Error", "cannot write '" + name + "': " + outDir.relativize(p) + " is a file, not a folder");
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS))
            throw new JsError("Error", "cannot write '" + name + "': it is a folder");
    }

    /** Makes the missing folders of {@code folder} one by one (none may appear as a link meanwhile). */
    private Path makeFolders(String name, Path folder) throws IOException {
        Files.createDirectories(outDir);   // the folder --out named
        Path p = outDir;
        for (Path part : outDir.relativize(folder)) {
            p = p.resolve(part);
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) Files.createDirectory(p);
        }
        if (!realOrAbsolute(folder).startsWith(realOrAbsolute(outDir)))
            throw new JsError("Error", "'" + name + "' leads outside the output folder " + outDir + "; nothing was written");
        return folder;
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.FileAlreadyExistsException) return e.getMessage() + " appeared while writing";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied (" + e.getMessage() + ")";
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
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
