package vmsh.shell.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import vmsh.debug.Hook;
import vmsh.debug.Hooks;
import vmsh.image.Image;
import vmsh.machine.Machine;
import vmsh.machine.MachineConfig;
import vmsh.machine.RunResult;
import vmsh.shell.api.Session;

/**
 * {@code vmsh bench hooks}: what hooks cost. The cpu guest runs with no hook, with a hook
 * that was added and removed again (it must cost nothing), with a Java hook on every
 * instruction (the runtime's mechanism: at most 10x slower), and for a slice with a
 * JavaScript hook on every instruction (the interpreter's call cost). Each is the second
 * of two runs. Wall time, for people, not tests.
 */
final class HooksBench {
    /** Instructions the JavaScript-hook run executes: enough to measure, short enough to wait for. */
    private static final long JS_INSNS = 2_000_000;

    private HooksBench() {}

    static int run(PrintStream out, Image image) {
        double plain = mips(image, m -> {});
        double removed = mips(image, m -> new Hooks(m).onInstruction(0, Hook.SPACE_END, c -> {}).remove());
        long[] count = {0};
        double hooked = mips(image, m -> new Hooks(m).onInstruction(0, Hook.SPACE_END, c -> count[0]++));
        out.println(String.format("no hooks:                         %7.1f MIPS", plain));
        out.println(String.format("a hook added and removed:         %7.1f MIPS (%.2fx the time of no hooks)", removed, plain / removed));
        out.println(String.format("a Java hook on every instruction: %7.1f MIPS (%.1fx slower)", hooked, plain / hooked));
        double js = jsMips(image);
        out.println(String.format("a JavaScript hook on every instruction: %.2f MIPS (%.0fx slower; GraalJS without its JIT here)", js, plain / js));
        return 0;
    }

    private static double mips(Image image, java.util.function.Consumer<Machine> setUp) {
        double result = 0;
        for (int run = 0; run < 2; run++) {
            Machine m = new Machine(MachineConfig.defaults());
            m.load(image);
            setUp.accept(m);
            Hooks driver = new Hooks(m);
            long start = System.nanoTime();
            RunResult r = driver.run(Long.MAX_VALUE);
            long elapsed = System.nanoTime() - start;
            result = r.insns() / (elapsed / 1e9) / 1e6;
        }
        return result;
    }

    /** The same guest for JS_INSNS instructions with m.on('insn', ...) counting in JavaScript. */
    private static double jsMips(Image image) {
        java.io.PrintStream sink = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        try (Session s = new Session(sink, sink, Path.of(""), List.of())) {
            s.eval("var n = 0; var m = machine(); m.on('insn', c => { n++ });", "bench-hooks.js", 1);
            Machine m = s.machineForBench();
            m.load(image);
            double result = 0;
            for (int run = 0; run < 2; run++) {
                long start = System.nanoTime();
                long insns = s.eval("m.run({insns: " + JS_INSNS + "}).insns", "bench-hooks.js", 1).asLong();
                result = insns / ((System.nanoTime() - start) / 1e9) / 1e6;
            }
            return result;
        }
    }
}
