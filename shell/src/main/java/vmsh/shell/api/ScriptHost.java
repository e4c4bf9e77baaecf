package vmsh.shell.api;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.graalvm.polyglot.Value;
import vmsh.shell.limits.Runner;

/**
 * What the API objects need from the session that hosts the script: output, files, guest
 * runs under the session's limits, JavaScript values, and errors. Nothing else of the
 * session reaches them.
 */
interface ScriptHost {
    // ---------------------------------------------------------------- output

    /** Prints a line on the script's standard output. */
    void println(String line);

    /** True when the output is a terminal that shows colours (heat maps). */
    boolean colors();

    /** Tells the user something on standard error, apart from the script's output (where gdb may connect). */
    void note(String line);

    // ---------------------------------------------------------------- files

    /** The files the script may read and write. */
    FileAccess files();

    // ---------------------------------------------------------------- run limits

    /** Runs a guest under the session's limits (instruction budget, deadline, Ctrl-C, progress bar). */
    <R> R run(Runner<R> runner);

    /** Long host operations call this now and then: it ends the script once the time is up or Ctrl-C was pressed. */
    void checkpoint();

    /**
     * Runs {@code body} under a limit of its own inside the session's: at most {@code maxInsns}
     * guest instructions (Long.MAX_VALUE: none) and {@code timeout} of wall time (null: none)
     * over its guest runs and long host operations; running out throws a LimitError into the
     * script, which may catch it.
     */
    <T> T limited(long maxInsns, java.time.Duration timeout, Supplier<T> body);

    /** Ends the script now with exit status {@code code} (exit(code)); returns what to throw, which the script never sees. */
    RuntimeException exit(int code);

    // ---------------------------------------------------------------- values

    /** A plain JavaScript object with these properties, in order. */
    Value object(Map<String, ?> properties);

    /** A JavaScript array of these elements. */
    Value array(List<?> elements);

    /** JavaScript's undefined: what a function that returns nothing returns. */
    Value undefined();

    // ---------------------------------------------------------------- errors

    /** Runs a piece of the API, turning any failure into a JavaScript error for the script. */
    <T> T guard(Supplier<T> body);

    // ---------------------------------------------------------------- the script's world

    /** The seed of everything random (--seed). */
    long seed();

    /** The script's command-line arguments. */
    List<String> args();

    /** This run's parameters in a sweep (the global params); empty otherwise. */
    Map<String, Object> params();

    /** What the script reports with result({...}). */
    ScriptResult result();

    /** Makes {@code target} (a machine or a VM) the one the REPL's monitor commands act on. */
    void select(ApiObject target);

    /**
     * Runs a monitor command of the REPL ({@code info tlb}, {@code x/4x $sp}) on the
     * selected target and returns what it prints, or why it failed (gdb's {@code monitor}).
     */
    String monitor(String command);
}
