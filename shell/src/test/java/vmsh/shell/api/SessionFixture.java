package vmsh.shell.api;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** A session whose output a test reads back. */
final class SessionFixture implements AutoCloseable {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final Session session;

    SessionFixture(Path scriptDir) { this(scriptDir, Path.of("")); }

    SessionFixture(Path scriptDir, Path outDir) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        session = new Session(Session.Options.of(o, o, scriptDir, List.of()).outDir(outDir));
    }

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
