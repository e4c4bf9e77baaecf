package vmsh.shell.cli;

import java.io.PrintStream;
import vmsh.hv.HvBench;
import vmsh.image.Image;
import vmsh.shell.ExitCode;

/**
 * {@code vmsh bench hv}: the hypervisor's figures of issue 4 (part 9): trap-and-emulate
 * round trips per second on a guest loop of CSR reads (each read exits to the VMM, is
 * emulated and resumed), and a {@code hw} guest's speed against the bare machine on the
 * CPU-bound guest. Wall-clock time, so for people, not tests.
 */
final class HypervisorBench {
    static final String NAME = "hv";

    /** The targets: exits per second of host time, and hw MIPS as a share of bare-machine MIPS. */
    static final double EXIT_TARGET = 5e6, HW_SHARE_TARGET = 0.8;

    /** CSR exits per measurement: enough for a warm, steady rate (about half a second). */
    private static final int EXITS = 5_000_000;
    /** Iterations of the cpu guest per round (a third of its default, about a second each), when it has the symbol. */
    private static final int ITERATIONS = 4_000;
    /** Rounds; each figure is the best of them (the first ones warm up the JIT). */
    private static final int ROUNDS = 3;

    private HypervisorBench() {}

    /** @param ownIterations the user gave no --iterations: the cpu guest runs {@link #ITERATIONS} */
    static int run(Image cpuGuest, boolean ownIterations, PrintStream out) {
        Image guest = ownIterations && cpuGuest.hasSymbol(BenchCommand.ITERATIONS_SYMBOL)
                ? Images.withWord(cpuGuest, cpuGuest.symbol(BenchCommand.ITERATIONS_SYMBOL), ITERATIONS) : cpuGuest;
        HvBench.Figures f = HvBench.measure(guest, EXITS, ROUNDS);
        out.println(String.format("trap-and-emulate: %.2f M exit round trips/s on a csrr loop (target %.0f M/s: %s)",
                f.exitsPerSecond() / 1e6, EXIT_TARGET / 1e6, f.exitsPerSecond() >= EXIT_TARGET ? "met" : "NOT met"));
        out.println(String.format("hw: %.0f MIPS against %.0f MIPS on the bare machine = %.0f%% (target %.0f%%: %s)",
                f.hwMips(), f.bareMips(), 100 * f.hwShare(), 100 * HW_SHARE_TARGET, f.hwShare() >= HW_SHARE_TARGET ? "met" : "NOT met"));
        return ExitCode.OK;
    }
}
