package vmsh.shell;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where vmsh is installed (the checkout, with samples/ and the launcher): the launcher passes
 * it as -Dvmsh.home; without it, the folder above vmsh's own classes or jar that has
 * samples/; failing that, the nearest such folder at or above the working directory.
 */
public final class Home {
    private Home() {}

    /** {@code first/more...} inside the install. */
    public static Path path(String first, String... more) {
        return home().resolve(Path.of(first, more));
    }

    /** The bundled guests (samples/), whatever the working directory. */
    public static Path samples() { return path("samples"); }

    public static Path home() {
        String property = System.getProperty("vmsh.home");
        if (property != null) return Path.of(property).toAbsolutePath();
        Path found = withSamples(codeLocation());
        if (found == null) found = withSamples(Path.of("").toAbsolutePath());
        return found != null ? found : Path.of("").toAbsolutePath();
    }

    /**
     * The output folder when none is given (--out): the working directory, except inside the
     * install, where generated files go to its out/ folder (ignored by git) rather than
     * between the sources.
     */
    public static Path defaultOutput() {
        Path here = Path.of("").toAbsolutePath().normalize();
        Path home = home().normalize();
        return here.startsWith(home) ? home.resolve("out") : here;
    }

    private static Path withSamples(Path from) {
        for (Path p = from; p != null; p = p.getParent()) if (Files.isDirectory(p.resolve("samples"))) return p;
        return null;
    }

    /** The jar or classes folder this class came from, or null. */
    private static Path codeLocation() {
        try {
            var source = Home.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }
}
