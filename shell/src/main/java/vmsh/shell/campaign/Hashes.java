package vmsh.shell.campaign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SHA-256 of texts and files. File hashes are remembered by path for the life of one
 * command: a campaign's scripts and samples do not change under it.
 */
final class Hashes {
    private final Map<Path, String> files = new ConcurrentHashMap<>();

    static String of(String text) { return of(text.getBytes(StandardCharsets.UTF_8)); }

    static String of(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The hash of the file now, or null when it cannot be read. */
    String file(Path path) {
        return files.computeIfAbsent(path.toAbsolutePath().normalize(), p -> {
            try {
                return of(Files.readAllBytes(p));
            } catch (IOException e) {
                return "";
            }
        }).transform(h -> h.isEmpty() ? null : h);
    }
}
