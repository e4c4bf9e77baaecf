package vmsh.shell.cli;

import java.util.function.Supplier;

/**
 * {@code --no-jit}: a command whose machines and hypervisor hosts interpret every guest
 * instruction instead of translating hot code to JVM bytecode (the results are the same;
 * for comparing speed, or ruling the translator out). The runtime reads it as the system
 * property {@code vmsh.jit}, set while the command runs.
 */
final class NoJit {
    static final String DESCRIPTION = "interpret every guest instruction: no translation of hot code to JVM bytecode (the same results, slower)";
    private static final String PROPERTY = "vmsh.jit";

    private NoJit() {}

    static <T> T around(boolean noJit, Supplier<T> command) {
        if (!noJit) return command.get();
        String before = System.getProperty(PROPERTY);
        System.setProperty(PROPERTY, "false");
        try {
            return command.get();
        } finally {
            if (before == null) System.clearProperty(PROPERTY);
            else System.setProperty(PROPERTY, before);
        }
    }
}
