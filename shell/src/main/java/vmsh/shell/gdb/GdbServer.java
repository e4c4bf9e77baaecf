package vmsh.shell.gdb;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.function.IntConsumer;
import vmsh.gdb.DebugTarget;
import vmsh.gdb.GdbStub;
import vmsh.gdb.PacketChannel;
import vmsh.gdb.Stop;

/**
 * Waits for gdb on a TCP port of the loopback interface (only this computer can connect)
 * and lets the stub answer it until it detaches, kills or disconnects. While it waits, and
 * while gdb is silent, {@code idle} runs every so often: it ends the wait by throwing (a
 * deadline, Ctrl-C at the host's prompt).
 */
public final class GdbServer {
    /** How often waiting looks at {@code idle}. */
    private static final int POLL_MILLIS = 100;

    private GdbServer() {}

    /** What a conversation came to: how it ended, how many times gdb resumed the target, and whether the guest exited. */
    public record Outcome(GdbStub.Ending ending, int resumes, boolean exited) {}

    /**
     * Listens on {@code port} (0: any free port), tells {@code listening} the port, serves
     * one gdb connection and closes everything.
     *
     * @throws IllegalArgumentException when the port is out of range or cannot be listened on
     */
    public static Outcome serve(int port, DebugTarget target, IntConsumer listening, Runnable idle) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("gdb port " + port + " is not a TCP port (1 to 65535, or 0 for any free one)");
        try (ServerSocket server = listen(port)) {
            listening.accept(server.getLocalPort());
            try (Socket socket = accept(server, idle); PacketChannel channel = new PacketChannel(socket.getInputStream(), socket.getOutputStream())) {
                socket.setTcpNoDelay(true);
                GdbStub stub = new GdbStub(target);
                GdbStub.Ending ending = stub.serve(channel, idle);
                return new Outcome(ending, stub.resumes(), stub.lastStop().kind() == Stop.Kind.EXITED);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("gdb port " + port + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while serving gdb");
        }
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            server.setSoTimeout(POLL_MILLIS);
            return server;
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen there (" + e.getMessage() + ")", e);
        }
    }

    private static Socket accept(ServerSocket server, Runnable idle) throws IOException {
        while (true) {
            try {
                return server.accept();
            } catch (SocketTimeoutException e) {
                idle.run();
            }
        }
    }
}
