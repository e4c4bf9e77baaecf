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

    // ---------------------------------------------------------------- files

    /** The files the script may read and write. */
    FileAccess files();

    // ---------------------------------------------------------------- run limits

    /** Runs a guest under the session's limits (instruction budget, deadline, Ctrl-C, progress bar). */
    <R> R run(Runner<R> runner);

    /** Long host operations call this now and then: it ends the script once the time is up or Ctrl-C was pressed. */
    void checkpoint();

    // ---------------------------------------------------------------- values

    /** A plain JavaScript object with these properties, in order. */
    Value object(Map<String, ?> properties);

    /** A JavaScript array of these elements. */
    Value array(List<?> elements);

    // ---------------------------------------------------------------- errors

    /** Runs a piece of the API, turning any failure into a JavaScript error for the script. */
    <T> T guard(Supplier<T> body);

    // ---------------------------------------------------------------- the script's world

    /** The seed of everything random (--seed). */
    long seed();

    /** The script's command-line arguments. */
    List<String> args();

    /** Makes {@code target} (a machine or a VM) the one the REPL's monitor commands act on. */
    void select(ApiObject target);
}
