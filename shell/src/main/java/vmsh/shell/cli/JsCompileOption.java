package vmsh.shell.cli;

import java.io.PrintStream;
import picocli.CommandLine.Option;
import vmsh.shell.api.JsCompilation;

/**
 * {@code --js-compile} and {@code --no-js-compile}: GraalJS's optimizing runtime for this run.
 * The JVM has to be started for it, so the launcher acts on the option before Java starts;
 * here it is parsed, documented and checked. Asked for and not to be had (a JDK before 25, a
 * JVM started by hand), it says why on stderr, once, and the run goes on interpreted: the
 * output is the same either way.
 */
final class JsCompileOption {
    @Option(names = "--js-compile", negatable = true,
            description = "compile hot JavaScript (a hook on every instruction, long loops) with GraalJS's optimizing runtime:"
                    + " worth it from about 5 s of CPU in JavaScript (a hook on every instruction: some 30 million instructions);"
                    + " start-up costs about 2 s of CPU more (no start-up cache) and the compiler warms up for seconds."
                    + " Needs JDK 25. Default: off (JavaScript is interpreted), unless the script file asks for it in its leading"
                    + " comments with the line '// vmsh: --js-compile'")
    private Boolean compile;

    /** True when --js-compile was given (not --no-js-compile, not neither). */
    boolean requested() { return Boolean.TRUE.equals(compile); }

    /**
     * When the script file {@code name} asks for compiled JavaScript in its leading comments
     * ({@link JsCompilation#HEADER}), the command line does not say --no-js-compile, and
     * JavaScript is interpreted: says so and why on {@code err} (--js-compile given has said it).
     */
    void checkHeader(String name, String source, PrintStream err) {
        if (compile == null && JsCompilation.askedFor(source) && !JsCompilation.active())
            err.println("vmsh: warning: " + name + " asks for --js-compile ('" + JsCompilation.HEADER + "'): " + JsCompilation.whyNot());
    }

    /** When --js-compile was asked for and JavaScript is interpreted, says so and why on {@code err}. */
    void check(PrintStream err) {
        if (requested() && !JsCompilation.active()) err.println("vmsh: warning: --js-compile: " + JsCompilation.whyNot());
    }
}
