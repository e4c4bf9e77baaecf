package vmsh.shell.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import vmsh.shell.ExitCode;
import vmsh.shell.Home;
import vmsh.shell.VmshException;

/**
 * {@code vmsh bench startup}: wall time of {@code ./vmsh run one.js} (a script that prints
 * 1) in N child processes, after one warm-up run: the figure the 0.5 s goal is about.
 */
final class StartupBench {
    private StartupBench() {}

    static int run(Long iterations, long runs, PrintStream out) throws IOException, InterruptedException {
        Path launcher = Home.path("vmsh");
        if (!Files.isExecutable(launcher)) throw new VmshException(ExitCode.ERROR, "no launcher at " + launcher);
        Path script = Files.createTempFile("vmsh-startup", ".js");
        try {
            Files.writeString(script, "print(1)\n");
            time(launcher, script);   // warm-up: builds or records the start-up cache if needed
            long[] nanos = new long[(int) runs];
            for (int i = 0; i < runs; i++) nanos[i] = time(launcher, script);
            Arrays.sort(nanos);
            double mean = Arrays.stream(nanos).average().orElse(0) / 1e9;
            out.println(String.format("vmsh run (print(1)), %d runs: mean %.3f s, median %.3f s, min %.3f s, max %.3f s",
                    runs, mean, nanos[nanos.length / 2] / 1e9, nanos[0] / 1e9, nanos[nanos.length - 1] / 1e9));
            return ExitCode.OK;
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static long time(Path launcher, Path script) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(launcher.toString(), "run", script.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        int status = p.waitFor();
        long elapsed = System.nanoTime() - start;
        if (status != 0) throw new VmshException(ExitCode.ERROR, "vmsh run exited with " + status);
        return elapsed;
    }
}
