package vmsh.shell.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * What is typed or piped into vmsh boot, for the guest's UART. A reader thread takes it as
 * it comes, so that the run loop never blocks on it: between runs it takes what has
 * arrived, and a guest waiting for input waits a little at a time (Ctrl-C and the time
 * limit act meanwhile).
 */
final class ConsoleInput {
    private final ByteArrayOutputStream arrived = new ByteArrayOutputStream();
    private boolean ended;

    ConsoleInput(InputStream in) {
        Thread reader = new Thread(() -> read(in), "vmsh-console-input");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(InputStream in) {
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                synchronized (this) {
                    arrived.write(buffer, 0, n);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // no usable stdin (closed, or none in CI): the guest simply receives nothing more
        }
        synchronized (this) {
            ended = true;
            notifyAll();
        }
    }

    /** What has arrived since the last call (empty when nothing has). */
    synchronized byte[] take() {
        byte[] bytes = arrived.toByteArray();
        arrived.reset();
        return bytes;
    }

    /** Waits up to {@code millis} for input to arrive or to end. */
    synchronized void await(long millis) throws InterruptedException {
        if (arrived.size() == 0 && !ended) wait(millis);
    }

    synchronized boolean hasArrived() { return arrived.size() > 0; }

    /** True when input has ended (and all of it was taken or is waiting). */
    synchronized boolean ended() { return ended; }
}
