package vmsh.shell.bench;

import java.io.IOException;
import java.io.PrintStream;

/** One benchmark: measures host time (a wall or CPU clock), so its figures are for people, not tests. */
@FunctionalInterface
interface Benchmark {
    /**
     * Runs it and prints its figures.
     *
     * @param iterations the CPU guest's loop count ({@code --iterations}), or null for the benchmark's own
     * @param runs       child processes, for the benchmarks that start some ({@code --runs})
     * @return the exit status
     */
    int run(Long iterations, long runs, PrintStream out) throws IOException, InterruptedException;
}
