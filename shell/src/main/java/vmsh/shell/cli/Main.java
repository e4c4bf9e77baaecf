package vmsh.shell.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import vmsh.shell.ExitCode;
import vmsh.shell.Io;
import vmsh.shell.OutOfMemory;
import vmsh.shell.api.Session;

/** The vmsh command: see {@link Cli} for the commands and README.md for the tour. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        boolean repl = args.length == 0;
        if (repl || args[0].equals("run")) Session.warmUp(out, err); // while picocli parses
        // only the REPL asks: finding out costs start-up time on JDK 22+
        boolean terminal = repl && isTerminal();
        Io io = new Io(System.in, out, err, terminal);
        OutOfMemory.prepare();
        int status;
        try {
            status = FastRun.applies(args) ? FastRun.run(args, io) : Cli.run(args, io);
        } catch (OutOfMemoryError e) {   // the last resort: a full heap while reporting a failure
            OutOfMemory.report(err);
            status = ExitCode.ERROR;
        }
        out.flush();
        err.flush();
        // a heap that filled up may still be full: System.exit would try to log and say so
        if (OutOfMemory.reported()) Runtime.getRuntime().halt(status);
        System.exit(status);
    }

    /** Both ends on a terminal: System.console() says so (and, from JDK 22, isTerminal()). */
    static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only on a terminal
        }
    }
}
