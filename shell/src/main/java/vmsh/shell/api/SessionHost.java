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
    private final Value thrower, objectMaker, arrayMaker, stack;
    /** The limit that ended the session, once one has. */
    private final AtomicReference<Ending> ending = new AtomicReference<>();
    private ApiObject selected;

    SessionHost(Sandbox sandbox, Session.Options options, RunLimits limits) {
        this.sandbox = sandbox;
        this.options = options;
        this.limits = limits;
        this.files = new FileAccess(options.scriptDir(), java.nio.file.Path.of(""), options.outDir());
        thrower = sandbox.helpers().getMember("thrower");
        objectMaker = sandbox.helpers().getMember("object");
        arrayMaker = sandbox.helpers().getMember("array");
        stack = sandbox.helpers().getMember("stack");
    }

    @Override
    public void println(String line) {
        sandbox.output().stream().println(line);
    }

    @Override
    public boolean colors() { return options.colors(); }

    @Override
    public FileAccess files() { return files; }

    @Override
    public <R> R run(Runner<R> runner) { return limits.run(runner); }

    @Override
    public void checkpoint() { limits.checkpoint(); }

    @Override
    public Value object(Map<String, ?> properties) {
        return objectMaker.execute(array(List.copyOf(properties.keySet())), array(List.copyOf(properties.values())));
    }

    @Override
    public Value array(List<?> elements) {
        return arrayMaker.execute(elements.toArray());
    }

    @Override
    public <T> T guard(Supplier<T> body) {
        try {
            refuseWhenStopped();
            T result = body.get();
            refuseWhenStopped();
            return result;
        } catch (PolyglotException e) {
            throw e;   // from JavaScript the API called back (a hook): it has its own position
        } catch (LimitExceeded e) {
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
        if (ending.compareAndSet(null, new Ending(e, position()))) sandbox.context().close(true);
        return e;
    }

    /** Called by the deadline's watchdog: ends the session with the time limit's line. */
    void timeUp() {
        if (ending.compareAndSet(null, new Ending(limits.timeUp(null), null))) {
            sandbox.output().close();
            sandbox.context().close(true);
        }
    }

    /** The limit that ended the session, or null. */
    Ending ending() { return ending.get(); }

    /**
     * How the session ended: the limit, and the script position of the API call that ran
     * into it (null when the limit came from outside, the deadline's watchdog).
     */
    record Ending(LimitExceeded limit, String position) {}

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
    public void select(ApiObject target) { selected = target; }

    /** The target of the monitor commands, or null. */
    ApiObject selected() { return selected; }
}
