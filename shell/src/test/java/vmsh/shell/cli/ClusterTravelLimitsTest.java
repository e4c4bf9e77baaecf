package vmsh.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmsh.shell.VmshRun;
import vmsh.shell.api.ScriptError;
import vmsh.shell.api.Session;

/**
 * A trip through a cluster's history (a cluster VM's reverseContinue()) under the session's
 * limits: limit({seconds}), --timeout and Ctrl-C stop it on the way, and the cluster stays
 * usable: its present comes back bit for bit, and it runs on from there as a cluster that
 * never went back does.
 */
class ClusterTravelLimitsTest {
    /** A busy server with 200 ms of the cluster's history; {@code present} and {@code h} are where it stopped. */
    static final String HISTORY = """
            const dc = cluster({hosts: 2, host: {memory: '128M'}, network: {bandwidth: '1Gbit', latency: '100us'}, seed: 3});
            const [h0, h1] = dc.hosts;
            const vm = h0.create({name: 'web', memory: '16M', technique: 'hw'});
            vm.load(asm(sample('dc/server.s')));
            const c = dc.client({to: vm, rate: 2000});
            const hashes = () => dc.hosts.map(h => h.hv.stateHash()).join(' ');
            dc.keepHistory({interval: '5ms'});
            dc.run({ms: 200});
            const present = vm.history.insn, h = hashes();
            vm.watch(0x80000000, {access: 'w'});   // never written: the search goes through the whole past
            """;

    /** Back at the present, then 2 ms more: the hosts' hashes and the client's answers. */
    static final String ON_FROM_THE_PRESENT = """
            print(vm.seek({insn: present}).at === present, hashes() === h);
            dc.run({ms: 2});
            print(hashes(), c.stats().answered);
            """;

    @TempDir Path dir;

    /** What the cluster does after its 200 ms when it never went back. */
    private String neverWentBack() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Session session = new Session(out, out, dir, List.of())) {
            session.eval(HISTORY + ON_FROM_THE_PRESENT, "t.js", 1);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test void aTimeLimitStopsTheSearchOnTheWayAndTheClusterGoesOn() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Session session = new Session(out, out, dir, List.of())) {
            session.eval(HISTORY + """
                    try {
                        limit({seconds: 0.05}, () => vm.reverseContinue());
                        print('arrived at', vm.history.insn);
                    } catch (e) {
                        print(e.name, e.message.startsWith('time limit of 0.05 s'));
                    }
                    print(vm.history.insn > 0 && vm.history.insn < present);   // stopped in the past, short of the oldest point
                    """ + ON_FROM_THE_PRESENT, "t.js", 1);
        }
        assertEquals("LimitError true\ntrue\n" + neverWentBack(), bytes.toString(StandardCharsets.UTF_8));
    }

    @Test void theTimeoutEndsAScriptInsideTheClustersPastInOneLine() throws IOException {
        Path script = dir.resolve("trips.js");
        Files.writeString(script, HISTORY + """
                print('trips');
                for (;;) { vm.reverseContinue(); vm.seek({insn: present}); }
                """);
        VmshRun r = VmshRun.of("run", "--timeout", "4", script.toString());
        assertEquals(124, r.status(), r.toString());
        assertEquals("trips\n", r.out());   // the limit came in the trips, not before
        assertTrue(r.err().matches(".*trips\\.js:12:\\d+: timeout of 4 s( at guest pc 0x[0-9a-f]{8})?\n"), r.err());
    }

    /** Ctrl-C in a loop of trips through the past: the entry ends as interrupted, the cluster's present comes back and runs on. No sleeps. */
    @Test void ctrlCStopsATripAndLeavesTheClusterUsable() throws Exception {
        CountDownLatch travelling = new CountDownLatch(1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new OutputStream() {
            @Override public void write(int b) {
                if (b == '!') travelling.countDown();
                else bytes.write(b);
            }
        }, true, StandardCharsets.UTF_8);
        try (Session session = new Session(out, out, dir, List.of())) {
            session.eval(HISTORY, "t.js", 1);
            CompletableFuture<Object> trips = CompletableFuture.supplyAsync(() -> {
                try {
                    return session.eval("print('!'); for (;;) { vm.reverseContinue(); vm.seek({insn: present}); }", "t.js", 1);
                } catch (ScriptError e) {
                    return e;
                }
            });
            assertTrue(travelling.await(60, TimeUnit.SECONDS), () -> "the trips never began: " + trips.getNow("not ended"));
            session.interrupt();
            Object outcome = trips.get(30, TimeUnit.SECONDS);
            assertTrue(outcome instanceof ScriptError e && e.interrupted(), String.valueOf(outcome));
            session.eval(ON_FROM_THE_PRESENT, "t.js", 1);
        }
        assertEquals("\n" + neverWentBack(), bytes.toString(StandardCharsets.UTF_8));   // the newline after '!'
    }
}
