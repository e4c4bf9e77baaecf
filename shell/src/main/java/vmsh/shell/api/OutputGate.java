package vmsh.shell.api;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The script's standard output behind a gate. Once an evaluation has been stopped (Ctrl-C,
 * a budget or time limit), nothing more it prints gets out, however the JavaScript goes on
 * until the stop reaches it: output stays the same from run to run.
 */
final class OutputGate {
    private final PrintStream stream;
    private volatile boolean closed;

    OutputGate(OutputStream out) {
        this.stream = new PrintStream(new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                if (!closed) out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (!closed) out.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
    }

    /** What the script prints to. */
    PrintStream stream() { return stream; }

    /** Nothing more gets out, from now until {@link #open}. */
    void close() {
        stream.flush();
        closed = true;
    }

    void open() { closed = false; }
}
