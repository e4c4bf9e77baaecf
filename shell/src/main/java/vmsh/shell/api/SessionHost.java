package vmsh.shell.api;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import vmsh.asm.AsmException;
import vmsh.elf.ElfException;
import vmsh.shell.limits.LimitExceeded;
import vmsh.shell.limits.RunLimits;
import vmsh.shell.limits.Runner;
import vmsh.shell.limits.Scope;

/**
 * The {@link ScriptHost} of a session. Its guard is where the API meets the limits: a
 * budget or time limit that runs out inside the API cancels the whole JavaScript context
 * (GraalJS cancellation, which no {@code catch} and no {@code finally} can intercept), so
 * the script ends with that limit's line whatever it catches; after Ctrl-C every API call
 * fails and nothing more is printed, until the interrupt reaches the JavaScript.
 */
final class SessionHost implements ScriptHost {
    /** A line of a JavaScript stack: "at f (t.js:3:13)" or "at t.js:5:1" ("native" frames have no position). */
    private static final Pattern FRAME = Pattern.compile("at (?:.* \\()?(.+:\\d+:\\d+)\\)?");

    private final Sandbox sandbox;
    private final Session.Options options;
    private final FileAccess files;
    private final RunLimits limits;
    private final Value thrower, objectMaker, arrayMaker, stack, undefined;
    /** The limit that ended the session, once one has. */
    private final AtomicReference<Ending> ending = new AtomicReference<>();
    private ApiObject selected;
    private final ScriptResult result = new ScriptResult();

    SessionHost(Sandbox sandbox, Session.Options options, RunLimits limits) {
        this.sandbox = sandbox;
        this.options = options;
        this.limits = limits;
        this.files = new FileAccess(options.scriptDir(), java.nio.file.Path.of(""), options.outDir(), options.allowRead());
        thrower = sandbox.helpers().getMember("thrower");
        objectMaker = sandbox.helpers().getMember("object");
        arrayMaker = sandbox.helpers().getMember("array");
        stack = sandbox.helpers().getMember("stack");
        undefined = sandbox.helpers().getMember("undefined");
    }

    @Override
    public void println(String line) {
        sandbox.output().stream().println(line);
    }

    @Override
    public boolean colors() { return options.colors(); }

    @Override
    public void note(String line) {
        options.err().println(line);
        options.err().flush();
    }

    @Override
    public FileAccess files() { return files; }

    @Override
    public <R> R run(Runner<R> runner) { return limits.run(runner); }

    @Override
    public void checkpoint() { limits.checkpoint(); }

    @Override
    public <T> T limited(long maxInsns, java.time.Duration timeout, Supplier<T> body) {
        Scope scope = limits.enter(maxInsns, timeout);
        try {
            return body.get();
        } finally {
            limits.leave(scope);
        }
    }

    @Override
    public Value object(Map<String, ?> properties) {
        return objectMaker.execute(array(List.copyOf(properties.keySet())), array(new java.util.ArrayList<>(properties.values())));   // values may be null
    }

    @Override
    public Value array(List<?> elements) {
        return arrayMaker.execute(elements.toArray());
    }

    @Override
    public Value undefined() { return undefined; }

    @Override
    public <T> T guard(Supplier<T> body) {
        try {
            refuseWhenStopped();
            T result = body.get();
            refuseWhenStopped();
            return result;
        } catch (PolyglotException | Ended e) {
            throw e;   // from JavaScript the API called back (a hook), or the end of the session
        } catch (LimitExceeded e) {
            if (e.scoped()) throw raise("LimitError", e.getMessage());   // limit(): the script goes on
            throw end(e);
        } catch (JsError e) {
            throw raise(e.type(), e.getMessage());
        } catch (AsmException e) {
            throw raise("AsmError", e.getMessage());
        } catch (ElfException e) {
            throw raise("ElfError", e.getMessage());
        } catch (RuntimeException e) {
            throw raise("Error", e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        }
    }

    /** After Ctrl-C in this evaluation, the API does nothing more. */
    private void refuseWhenStopped() {
        if (limits.interrupted()) throw new LimitExceeded(LimitExceeded.Kind.INTERRUPT, "interrupted");
    }

    /**
     * A limit ran out: Ctrl-C fails the call (the interrupt on its way ends the evaluation);
     * a budget or time limit ends the session: its output is closed and its context
     * cancelled, once, by whoever got there first (this thread or the deadline's watchdog).
     */
    private RuntimeException end(LimitExceeded e) {
        sandbox.output().close();
        if (e.kind() == LimitExceeded.Kind.INTERRUPT) return raise("Error", e.getMessage());
        end(new Ending(e.exitCode(), e.getMessage(), position(), false));
        return e;
    }

    @Override
    public RuntimeException exit(int code) {
        sandbox.output().stream().flush();
        end(new Ending(code, null, null, true));
        return new Ended();
    }

    /** Thrown back into a cancelled context (which ends the script before anyone can catch it). */
    private static final class Ended extends RuntimeException {
        Ended() { super("the session has ended", null, false, false); }
    }

    /** Called by the deadline's watchdog: ends the session with the time limit's line. */
    void timeUp() {
        sandbox.output().close();
        LimitExceeded e = limits.timeUp(null);
        end(new Ending(e.exitCode(), e.getMessage(), null, false));
    }

    /** Ends the session once, by whoever gets here first (this thread or the deadline's watchdog): its context is cancelled. */
    private void end(Ending e) {
        if (ending.compareAndSet(null, e)) sandbox.context().close(true);
    }

    /** How the session ended, or null while it goes on. */
    Ending ending() { return ending.get(); }

    /**
     * How the session ended: its exit status, the one line to print (null for none), the
     * script position of the call that ended it (null when the end came from outside, the
     * deadline's watchdog), and whether the script asked for it (exit()).
     */
    record Ending(int exitCode, String message, String position, boolean exited) {}

    /** file:line:col of the innermost script frame now (the API call being made), or null. */
    private String position() {
        for (String line : stack.execute().asString().split("\n")) {
            Matcher m = FRAME.matcher(line.strip());
            if (m.matches()) return m.group(1);
        }
        return null;
    }

    private RuntimeException raise(String type, String message) {
        thrower.execute(type, message);
        return new IllegalStateException("unreachable: the thrower always throws");
    }

    @Override
    public long seed() { return options.seed(); }

    @Override
    public List<String> args() { return options.args(); }

    @Override
    public Map<String, Object> params() { return options.params(); }

    @Override
    public ScriptResult result() { return result; }

    @Override
    public void select(ApiObject target) { selected = target; }

    /** The REPL's monitor commands, once the session's owner has given them (they live above this package). */
    private java.util.function.Function<String, String> monitorCommands;

    void setMonitorCommands(java.util.function.Function<String, String> commands) { monitorCommands = commands; }

    @Override
    public String monitor(String command) {
        if (monitorCommands == null) return "the REPL's monitor commands are not available in this session";
        try {
            return monitorCommands.apply(command);
        } catch (RuntimeException e) {
            return e.getMessage() == null ? "monitor command failed: " + command : e.getMessage();
        }
    }

    /** The target of the monitor commands, or null. */
    ApiObject selected() { return selected; }
}
