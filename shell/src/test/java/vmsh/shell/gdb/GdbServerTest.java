package vmsh.shell.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import vmsh.asm.Assembler;
import vmsh.debug.Hooks;
import vmsh.gdb.GdbStub;
import vmsh.gdb.BoardTarget;
import vmsh.history.History;
import vmsh.image.Image;
import vmsh.machine.Machine;
import vmsh.machine.MachineConfig;
import vmsh.board.StopReason;

/** gdb-multiarch against the stub on a bare machine, over a real socket. */
class GdbServerTest {
    /** Adds 10..1 to `sum` (each a load and a store), then spins counting in a2; `forever` loops without end. */
    private static final Image SUM = Assembler.assemble("""
            .text
            _start: li   t0, 10
                    li   a0, 0
                    la   a1, sum
            loop:   lw   a0, 0(a1)
                    add  a0, a0, t0
            store:  sw   a0, 0(a1)
                    addi t0, t0, -1
                    bnez t0, loop
            forever: addi a2, a2, 1
                    j    forever
            .data
            sum:    .word 0
            """, "sum.s");

    private final Machine machine = new Machine(MachineConfig.defaults().memory(1 << 20));
    private final Hooks hooks = new Hooks(machine);
    private final History history;

    GdbServerTest() {
        machine.load(SUM);
        history = new History(machine, hooks, 8, History.DEFAULT_CAP);
    }

    private static String hex(int a) { return "0x" + Integer.toHexString(a); }

    /** The server on a free port in the background; the port once it listens. */
    private CompletableFuture<GdbServer.Outcome> serve(AtomicInteger port) throws InterruptedException {
        CountDownLatch listening = new CountDownLatch(1);
        BoardTarget target = new BoardTarget(hooks, history, BoardTarget.Driver.plain(hooks),
                command -> "host monitor: " + command);
        CompletableFuture<GdbServer.Outcome> done = CompletableFuture.supplyAsync(() -> GdbServer.serve(0, target, p -> {
            port.set(p);
            listening.countDown();
        }, () -> { }));
        assertTrue(listening.await(10, TimeUnit.SECONDS), "the server listens");
        return done;
    }

    @Test void gdbBreaksStepsReadsAndDetaches() throws Exception {
        assumeTrue(GdbMultiarch.find() != null, GdbMultiarch.MISSING);
        AtomicInteger port = new AtomicInteger();
        CompletableFuture<GdbServer.Outcome> done = serve(port);
        String out = GdbMultiarch.run(null, port.get(),
                "break *" + hex(SUM.symbol("store")), "continue", "continue", "print $a0", "print/x $pc", "stepi", "print/x $pc",
                "x/1dw " + hex(SUM.symbol("sum")), "print $priv", "print/x $misa", "set var $a3 = 77", "print $a3",
                "set {int}" + hex(SUM.symbol("sum")) + " = 1234", "x/1dw " + hex(SUM.symbol("sum")),
                "set $mscratch = 5", "print $mscratch", "set $priv = 1", "print $priv",
                "delete", "detach");
        GdbServer.Outcome o = done.get(30, TimeUnit.SECONDS);
        assertEquals(GdbStub.Ending.DETACHED, o.ending(), out);
        assertTrue(out.contains("$1 = 19"), out);
        assertTrue(out.contains("$2 = " + hex(SUM.symbol("store"))), out);
        assertTrue(out.contains("$3 = " + hex(SUM.symbol("store") + 4)), out);
        assertTrue(out.matches("(?s).*:\\s+19\\n.*"), out);
        assertTrue(out.contains("$4 = 3") || out.contains("$4 = prv:3"), "priv: M-mode\n" + out);
        assertTrue(out.contains("$5 = 0x40141101"), "misa: rv32ima + su\n" + out);
        assertTrue(out.contains("$6 = 77"), out);
        assertTrue(out.matches("(?s).*:\\s+1234\\n.*"), out);
        assertTrue(out.contains("$7 = 5"), "mscratch written\n" + out);
        assertTrue(out.contains("$8 = 1") || out.contains("$8 = prv:1"), "priv: S-mode\n" + out);
        assertEquals(5, machine.csr(0x340));
        assertEquals(1, machine.privilege());
        assertEquals(77, machine.reg(13));
        assertEquals(1234, machine.read(SUM.symbol("sum"), 4));
        assertTrue(hooks.list().isEmpty(), "gdb's breakpoints went with it");
        machine.setPrivilege(3);
        assertEquals(StopReason.BUDGET, machine.run(100).reason(), "the machine goes on");
    }

    @Test void gdbWatchesAndGoesBackInTime() throws Exception {
        assumeTrue(GdbMultiarch.find() != null, GdbMultiarch.MISSING);
        AtomicInteger port = new AtomicInteger();
        CompletableFuture<GdbServer.Outcome> done = serve(port);
        String sum = hex(SUM.symbol("sum"));
        String out = GdbMultiarch.run(null, port.get(),
                "watch *(int *)" + sum, "continue", "continue", "continue", "print $a0",
                "reverse-stepi", "print/x $pc", "reverse-continue", "print *(int *)" + sum, "print $a0",
                "monitor info tlb", "monitor memory physical", "detach");
        done.get(30, TimeUnit.SECONDS);
        assertTrue(out.contains("Hardware watchpoint 1: *(int *)" + sum), out);
        assertTrue(out.contains("Old value = 10\nNew value = 19"), out);
        assertTrue(out.contains("Old value = 19\nNew value = 27\n" + hex(SUM.symbol("store") + 4)), "stopped just after the store\n" + out);
        assertTrue(out.contains("$1 = 27"), out);
        assertTrue(out.contains("$2 = " + hex(SUM.symbol("store"))), out);
        assertTrue(out.contains("Old value = 27\nNew value = 10\n" + hex(SUM.symbol("store"))), "back before the store of 19\n" + out);
        assertTrue(out.contains("$3 = 10"), out);
        assertTrue(out.contains("$4 = 19"), "a0 holds the 19 about to be stored\n" + out);
        assertTrue(out.contains("host monitor: info tlb"), out);
        assertTrue(out.contains("memory accesses are physical"), out);
    }

    @Test void gdbsHardwareBreakpointsAndReadAndAccessWatchpoints() throws Exception {
        assumeTrue(GdbMultiarch.find() != null, GdbMultiarch.MISSING);
        AtomicInteger port = new AtomicInteger();
        CompletableFuture<GdbServer.Outcome> done = serve(port);
        String sum = hex(SUM.symbol("sum"));
        String out = GdbMultiarch.run(null, port.get(),
                "hbreak *" + hex(SUM.symbol("store")), "continue", "print/x $pc", "print $a0", "delete",
                "rwatch *(int *)" + sum, "continue", "print $a0", "delete",
                "awatch *(int *)" + sum, "continue", "continue", "print $a0", "delete", "detach");
        assertEquals(GdbStub.Ending.DETACHED, done.get(30, TimeUnit.SECONDS).ending(), out);
        assertTrue(out.contains("Hardware assisted breakpoint 1 at " + hex(SUM.symbol("store"))), out);
        assertTrue(out.contains("$1 = " + hex(SUM.symbol("store"))) && out.contains("$2 = 10"), "stopped before the first store\n" + out);
        assertTrue(out.contains("Hardware read watchpoint 2: *(int *)" + sum + "\n\nValue = 10\n"), "the second load read 10\n" + out);
        assertTrue(out.contains("$3 = 10"), out);
        assertTrue(out.contains("Hardware access (read/write) watchpoint 3: *(int *)" + sum + "\n\nOld value = 10\nNew value = 19\n"),
                "the second store wrote 19\n" + out);
        assertTrue(out.contains("Hardware access (read/write) watchpoint 3: *(int *)" + sum + "\n\nValue = 19\n"), "the third load read 19\n" + out);
        assertTrue(out.contains("$4 = 19"), out);
        assertTrue(hooks.list().isEmpty(), "gdb's points went with it");
    }

    /** Ctrl-C typed at gdb-multiarch (SIGINT to gdb) while the guest runs: gdb stops it, reads it, and detaches. */
    @Test void ctrlCAtGdbStopsARunningGuest() throws Exception {
        assumeTrue(GdbMultiarch.find() != null, GdbMultiarch.MISSING);
        AtomicInteger port = new AtomicInteger();
        CompletableFuture<GdbServer.Outcome> done = serve(port);
        Process gdb = GdbMultiarch.start(null, port.get(), "continue", "print $a2 > 0", "print $t0", "detach");
        for (int i = 0; i < 3000 && machine.instructions() < 100_000; i++) Thread.sleep(10);   // until it spins in forever
        assertTrue(machine.instructions() >= 100_000, "the guest never ran");
        GdbMultiarch.interrupt(gdb);
        String out = GdbMultiarch.output(gdb);
        assertEquals(GdbStub.Ending.DETACHED, done.get(30, TimeUnit.SECONDS).ending(), out);
        assertTrue(out.contains("Program received signal SIGINT, Interrupt."), out);
        assertTrue(out.contains("$1 = 1") && out.contains("$2 = 0"), "stopped in the spin after the sums\n" + out);
        assertEquals(StopReason.BUDGET, machine.run(10).reason(), "the machine goes on after the detach");
    }

    @Test void ctrlCFromGdbStopsARunningGuest() throws Exception {
        AtomicInteger port = new AtomicInteger();
        CompletableFuture<GdbServer.Outcome> done = serve(port);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port.get())) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            send(out, "c");
            assertEquals("+", new String(in.readNBytes(1), StandardCharsets.ISO_8859_1));
            Thread.sleep(200);
            out.write(3);
            out.flush();
            assertEquals("$T02#", new String(in.readNBytes(5), StandardCharsets.ISO_8859_1).replaceAll("[0-9a-f]{2}$", ""));
        }
        assertEquals(GdbStub.Ending.GONE, done.get(30, TimeUnit.SECONDS).ending());
        assertTrue(machine.instructions() > 30, "it ran until Ctrl-C");
        assertEquals(StopReason.BUDGET, machine.run(10).reason(), "the machine stays usable after the disconnect");
    }

    @Test void garbageAndMalformedPacketsGetErrorsAndTheConnectionStaysUp() throws Exception {
        AtomicInteger port = new AtomicInteger();
        CompletableFuture<GdbServer.Outcome> done = serve(port);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port.get())) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write("garbage$m8000#00".getBytes(StandardCharsets.ISO_8859_1));   // noise, then a bad checksum
            send(out, "mzz,4");
            send(out, "Z0,1");
            send(out, "p");
            send(out, "m80000000,4");
            String replies = new String(in.readNBytes(1 + 3 * (1 + 7) + 13), StandardCharsets.ISO_8859_1);
            assertEquals(3, replies.split("\\$E01#a6", -1).length - 1, replies);
            assertTrue(replies.startsWith("-+") && replies.endsWith("$9302a000#bf"), replies);
            send(out, "k");
        }
        assertEquals(GdbStub.Ending.KILLED, done.get(30, TimeUnit.SECONDS).ending());
    }

    private static void send(OutputStream out, String body) throws Exception {
        int sum = 0;
        for (byte b : body.getBytes(StandardCharsets.ISO_8859_1)) sum += b & 0xff;
        out.write(String.format("$%s#%02x", body, sum & 0xff).getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
