package vmsh.shell.campaign;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs a script once in this JVM, sandboxed and limited exactly as {@code vmsh run} runs it:
 * what a sweep needs of the JavaScript layer. That layer ({@code vmsh.shell.api}) provides
 * it, so campaigns sit below the scripts they run and scripts can read campaigns' results.
 */
public interface ScriptLauncher {

    /** A run, set up and not yet started. */
    Run prepare(Setup setup);

    /**
     * How to run the script.
     *
     * @param text     the script's text
     * @param name     the script as the user named it (error lines show this)
     * @param folder   the script's folder: readFile reads under it and the working directory
     * @param args     the global {@code args}
     * @param params   the global {@code params}
     * @param seed     the seed of everything random
     * @param maxInsns the instruction budget, Long.MAX_VALUE for none
     * @param timeout  the wall-clock limit, or null
     * @param outDir   where writeFile and plot().save write
     * @param out      the script's stdout
     * @param err      the script's stderr
     */
    record Setup(String text, String name, Path folder, List<String> args, Map<String, Object> params, long seed,
                 long maxInsns, Duration timeout, Path outDir, PrintStream out, PrintStream err) {}

    /**
     * How a run ended.
     *
     * @param exit         the exit status vmsh run would give
     * @param error        the one-line error, or null (also after exit(n))
     * @param result       what the script reported with result({...})
     * @param instructions guest instructions it ran
     * @param filesRead    the files it read, real paths, in first-read order
     */
    record Outcome(int exit, String error, Map<String, Object> result, long instructions, List<Path> filesRead) {}

    /** One run of a script. */
    interface Run extends AutoCloseable {
        /** Runs the script to its end; null when {@link #interrupt} stopped it. */
        Outcome run();

        /** Ctrl-C: stops the run in progress; safe from any thread. */
        void interrupt();

        @Override
        void close();
    }
}
