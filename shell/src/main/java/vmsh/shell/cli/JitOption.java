package vmsh.shell.cli;

import java.util.function.Supplier;

/**
 * {@code --jit} and {@code --no-jit}: a command whose machines and hypervisor hosts translate
 * hot guest code to JVM bytecode, or interpret every instruction (the results are the same;
 * the speed differs). The runtime reads the choice as the system property {@code vmsh.jit},
 * set while the command runs.
 */
final class JitOption {
    static final String DESCRIPTION = "--jit translates hot guest code to JVM bytecode once the process has run 2x10^8 guest"
            + " instructions (the default), --no-jit interprets every instruction (the same results either way)";
    private static final String PROPERTY = "vmsh.jit";

    private JitOption() {}

    /** Runs {@code command} with the translator on ({@code jit} true), off (false) or as the default says (null). */
    static <T> T around(Boolean jit, Supplier<T> command) {
        if (jit == null) return command.get();
        String before = System.getProperty(PROPERTY);
        System.setProperty(PROPERTY, jit.toString());
        try {
            return command.get();
        } finally {
            if (before == null) System.clearProperty(PROPERTY);
            else System.setProperty(PROPERTY, before);
        }
    }
}
