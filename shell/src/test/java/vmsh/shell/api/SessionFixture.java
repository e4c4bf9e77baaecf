package vmsh.shell.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import vmsh.shell.VmshRun;

/**
 * A session whose output a test reads back. As a field, one per test:
 * {@code @RegisterExtension final SessionFixture js = SessionFixture.inTempDir();} opens a
 * session over a fresh folder before each test ({@link #dir}) and closes it after.
 */
final class SessionFixture implements AutoCloseable, BeforeEachCallback, AfterEachCallback {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final boolean scriptsFromCheckout;
    private Path dir;
    Session session;

    SessionFixture(Path scriptDir) { this(scriptDir, Path.of("")); }

    SessionFixture(Path scriptDir, Path outDir) {
        this(false);
        open(scriptDir, outDir);
    }

    private SessionFixture(boolean scriptsFromCheckout) { this.scriptsFromCheckout = scriptsFromCheckout; }

    /** Per test: scripts read from and write to a fresh folder. */
    static SessionFixture inTempDir() { return new SessionFixture(false); }

    /** Per test: scripts read the checkout (samples/, scripts/) and write to a fresh folder. */
    static SessionFixture inCheckout() { return new SessionFixture(true); }

    private void open(Path scriptDir, Path outDir) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        session = new Session(Session.Options.of(o, o, scriptDir, List.of()).outDir(outDir));
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("vmsh-test");
        open(scriptsFromCheckout ? VmshRun.repo("") : dir, dir);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(SessionFixture::delete);
        }
    }

    private static void delete(Path p) {
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The per-test folder: where scripts write, and read unless they read the checkout. */
    Path dir() { return dir; }

    /** Everything printed so far, then forgotten. */
    String output() {
        String s = out.toString(StandardCharsets.UTF_8);
        out.reset();
        return s;
    }

    /** Runs code as test.js and returns what it printed. */
    String run(String code) {
        session.eval(code, "test.js", 1);
        return output();
    }

    /** The one-line error message the code fails with. */
    String error(String code) {
        try {
            session.eval(code, "test.js", 1);
        } catch (ScriptError e) {
            return e.getMessage();
        }
        throw new AssertionError("no error from: " + code);
    }

    @Override
    public void close() { session.close(); }
}
