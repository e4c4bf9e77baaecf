package vmsh.shell.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import vmsh.machine.RunResult;
import vmsh.shell.ExitCode;
import vmsh.shell.Io;
import vmsh.shell.limits.LimitExceeded;
import vmsh.shell.limits.Progress;
import vmsh.shell.limits.RunLimits;

/**
 * The run loop of vmsh boot, for a bare machine or a VM: runs of a slice of instructions
 * under the run limits (--max-insns, --timeout, Ctrl-C), the console flushed and typed input
 * given to the guest between them, and one ending: the guest's exit (its status as
 * {@link ExitCodeFrom} says) or one of vmsh's own, each told in one line on stderr that
 * starts on a line of its own even when the guest's output did not end its last line.
 */
final class BootRun {
    /** Instructions per run: the console is flushed and input taken between runs. */
    static final long SLICE = 1L << 22;
    /** How long a guest waiting for input waits at a time before the limits are looked at. */
    private static final long INPUT_WAIT_MILLIS = 50;

    /** A guest as the loop drives it. */
    interface Guest {
        /** One run under the limits: why it stopped (HALT with the exit code, FAULT, IDLE, ...). */
        RunResult run(RunLimits limits, long slice);

        /** Where it is: "at pc 0x80000010". */
        String where();

        /** Gives typed input to the guest's UART. */
        void feed(byte[] input);

        /** True when an IDLE guest waits for console input (more may wake it). */
        boolean waitsForInput(RunResult idle);
    }

    private final Io io;
    private final long maxInsns;
    private final Duration timeout;
    private final ExitCodeFrom exitCodeFrom;
    private final ConsoleEnd console;

    BootRun(Io io, long maxInsns, Duration timeout, ExitCodeFrom exitCodeFrom, ConsoleEnd console) {
        this.io = io;
        this.maxInsns = maxInsns;
        this.timeout = timeout;
        this.exitCodeFrom = exitCodeFrom;
        this.console = console;
    }

    /** Runs {@code guest} to its ending; the exit status. */
    int run(Guest guest) {
        ConsoleInput input = new ConsoleInput(io.in());
        try (RunLimits limits = new RunLimits(maxInsns, Progress.NONE);
             Interrupts ctrlC = Interrupts.onCtrlC(limits::interrupt)) {
            if (timeout != null) limits.limitTime(timeout, () -> { });
            return loop(guest, limits, input);
        } catch (LimitExceeded e) {
            return end(e.exitCode(), e.getMessage());
        } catch (InterruptedException e) {
            return end(ExitCode.INTERRUPTED, "interrupted " + guest.where());
        } finally {
            io.out().flush();
        }
    }

    private int loop(Guest guest, RunLimits limits, ConsoleInput input) throws InterruptedException {
        while (true) {
            RunResult r = guest.run(limits, SLICE);
            io.out().flush();
            if (limits.interrupted()) return end(ExitCode.INTERRUPTED, "interrupted " + guest.where());
            switch (r.reason()) {
                case HALT -> {
                    String line = exitCodeFrom.line(r.exitCode());
                    if (line != null) end(0, line);
                    return exitCodeFrom.status(r.exitCode());
                }
                case FAULT -> {
                    return end(ExitCode.GUEST_FAULT, "guest fault: " + r.message());
                }
                case IDLE -> {
                    if (!guest.waitsForInput(r) || !awaitInput(limits, input)) return end(ExitCode.GUEST_FAULT, "guest idle forever: " + r.message());
                }
                case STOPPED, BUDGET, BREAK -> { }
            }
            byte[] typed = input.take();
            if (typed.length > 0) guest.feed(typed);
        }
    }

    /** Waits for console input, a little at a time so that Ctrl-C and the deadline act; false when none will come. */
    private static boolean awaitInput(RunLimits limits, ConsoleInput input) throws InterruptedException {
        while (true) {
            limits.checkpoint();
            input.await(INPUT_WAIT_MILLIS);
            if (input.hasArrived()) return true;
            if (input.ended()) return false;
        }
    }

    /** Prints vmsh's line for this ending, on a line of its own; returns {@code status}. */
    private int end(int status, String line) {
        io.out().flush();
        if (console.endsMidLine() && sameDestination(io)) io.err().println();
        io.err().println("vmsh: " + line);
        return status;
    }

    /**
     * True when stdout and stderr end up in the same place (a terminal, one file or pipe):
     * then a guest's unfinished last line would run into vmsh's message.
     */
    static boolean sameDestination(Io io) {
        if (io.out() == io.err()) return true;
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/1")).equals(Files.readSymbolicLink(Path.of("/proc/self/fd/2")));
        } catch (Exception e) {
            return false;   // not Linux, or not knowable: no extra newline
        }
    }

    /** The end of the guest's console output: whether its last line is unfinished. */
    static final class ConsoleEnd {
        private volatile int last = '\n';

        /** Wraps the guest's console sink. */
        java.util.function.IntConsumer watch(PrintStream out) {
            return b -> {
                last = b;
                out.write(b);
            };
        }

        boolean endsMidLine() { return last != '\n'; }
    }
}
