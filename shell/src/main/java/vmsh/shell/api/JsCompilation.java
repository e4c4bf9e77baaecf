package vmsh.shell.api;

import java.lang.management.ManagementFactory;
import java.util.regex.Pattern;
import vmsh.shell.Version;

/**
 * Whether GraalJS compiles this process's JavaScript to machine code (its optimizing
 * runtime: the Graal compiler through JVMCI) or interprets it, and why. The JVM decides at
 * start: the launcher starts it with JVMCI and the Graal compiler of GraalJS's own version
 * when {@code --js-compile} is asked for; otherwise, and on a JDK other than
 * 25, GraalJS interprets. Asking builds the shared engine if no script has yet.
 */
public final class JsCompilation {
    /** The engine's implementation name when it has no optimizing runtime. */
    private static final String INTERPRETED = "Interpreted";

    private JsCompilation() {}

    /** The line by which a script asks for compiled JavaScript, among its leading comments. */
    public static final String HEADER = "// vmsh: --js-compile";
    private static final Pattern HEADER_LINE = Pattern.compile("//\\s*vmsh:\\s*--js-compile\\s*");
    /** How many of a script's first lines are looked at (the launcher reads as many). */
    private static final int HEADER_LINES = 20;

    /**
     * True when the script {@code source} asks for compiled JavaScript: a line {@value #HEADER}
     * among its leading comments (the lines before the first that is neither blank nor a
     * {@code //} comment nor {@code #!}, within the first 20). The launcher, which has to
     * start the JVM for it, reads a script file's first lines by the same rule.
     */
    public static boolean askedFor(String source) {
        int n = 0;
        for (String line : (Iterable<String>) source.lines()::iterator) {
            if (++n > HEADER_LINES) return false;
            if (HEADER_LINE.matcher(line).matches()) return true;
            if (!line.isBlank() && !line.startsWith("//") && !line.startsWith("#!")) return false;
        }
        return false;
    }

    /** True when GraalJS compiles hot JavaScript (the optimizing runtime is active). */
    public static boolean active() {
        return !INTERPRETED.equals(Sandbox.engineName());
    }

    /** One line for people: "GraalJS 25.0.3, compiled by Graal" or "GraalJS 25.0.3, interpreted". */
    public static String describe() {
        return "GraalJS " + Version.graalJs() + (active() ? ", compiled by Graal" : ", interpreted");
    }

    /** Why JavaScript is interpreted here (meaningful when {@link #active()} is false). */
    public static String whyNot() {
        int jdk = Runtime.version().feature();
        String interpreted = "; JavaScript runs in GraalJS's interpreter";
        if (jdk != 25) return "compiling JavaScript needs JDK 25 (the JVMCI of GraalJS " + Version.graalJs() + "'s compiler; this is JDK "
                + jdk + ")" + interpreted;
        if (!ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+EnableJVMCI"))
            return "the JVM was started without JVMCI (the vmsh launcher starts it so for --js-compile)" + interpreted;
        return "this JDK (" + Runtime.version() + ") cannot run the Graal compiler of GraalJS " + Version.graalJs()
                + " (it needs JDK " + Version.graalJs() + " or a later update of JDK 25)" + interpreted;
    }
}
