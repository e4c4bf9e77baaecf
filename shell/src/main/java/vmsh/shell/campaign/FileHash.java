package vmsh.shell.campaign;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A file a run read and its SHA-256 then. The path is relative to the folder the sweep ran
 * in when the file lies under it (so a checkout can move), else absolute.
 */
record FileHash(String path, String sha256) {
    static FileHash of(Path file, Path base, Hashes hashes) {
        Path real = file.toAbsolutePath().normalize();
        Path root = base.toAbsolutePath().normalize();
        String shown = real.startsWith(root) ? root.relativize(real).toString() : real.toString();
        return new FileHash(shown, hashes.file(real));
    }

    /** True while the file still holds what the run read (unknown files count as changed). */
    boolean unchanged(Path base, Hashes hashes) {
        return sha256 != null && sha256.equals(hashes.file(base.resolve(path)));
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path);
        m.put("sha256", sha256);
        return m;
    }

    static FileHash fromJson(Object o) {
        if (!(o instanceof Map<?, ?> m) || !(m.get("path") instanceof String p)) throw new IllegalArgumentException("a read file needs a path");
        return new FileHash(p, m.get("sha256") instanceof String s ? s : null);
    }
}
