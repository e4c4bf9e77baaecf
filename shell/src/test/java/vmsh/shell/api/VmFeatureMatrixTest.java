package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of VM against every way of saving, copying, rewinding and debugging it: each
 * cell works (its state comes back bit for bit, a clone goes on alike, gdb attaches and
 * detaches), or is refused in one line, and README's table "What each kind of VM can do"
 * says which, cell by cell.
 */
class VmFeatureMatrixTest {
    @TempDir
    Path dir;

    /** The rows and features, in JavaScript: cell(row, feature, port) is 'yes', 'refused: message' or 'inexact: what differed'. */
    static final String MATRIX = """
            const ROWS = {
              'trap': {technique: 'trap'}, 'trap-vtlb': {technique: 'trap-vtlb'}, 'bt': {technique: 'bt'},
              'hw-shadow': {technique: 'hw-shadow'}, 'hw': {technique: 'hw'}, 'pv': {technique: 'pv'},
              'whole machine (hw)': {technique: 'hw', machine: 'full'}, 'nested (hw)': {technique: 'hw', nested: true},
              '2 vCPUs (hw)': {technique: 'hw', vcpus: 2}, 'cluster host (hw)': {technique: 'hw', cluster: true},
            };
            let HV = hv, DC = null;   // the row's host, and its cluster
            function fresh(row) {
              const o = ROWS[row];
              DC = null;
              if (o.cluster) {
                DC = cluster({hosts: 2, seed: 1, host: {memory: '128M'}});
                const h = DC.hosts[0];
                HV = h.hv;
                const vm = h.create({name: 'v', memory: '32M', technique: o.technique});
                vm.load(asm(sample('kernel/kernel.s')));
                vm.run({insns: 40000});
                return vm;
              }
              HV = hv;
              hv.configure({memory: '128M'});
              const vm = hv.create(Object.assign({name: 'v', memory: '32M'}, o));
              if (o.nested) vm.load(asm(sample('hyper/hyper.s')));
              else if (o.vcpus) vm.load(asm(sample('hv/disco.s')), {params: {harts: 2, rounds: 200}});
              else vm.load(asm(sample(o.technique === 'pv' ? 'kernel/kernel-pv.s' : 'kernel/kernel.s')));
              vm.run({insns: 40000});
              return vm;
            }
            function same(b, what) { if (!b) throw new Error('inexact: ' + what); }
            const FEATURES = {
              'vm.snapshot': vm => { for (let k = 0; k < 3; k++) {   // at three points: whether an interrupt comes in the run depends on where
                                       const s = vm.snapshot(); vm.run({insns: 20000}); const a = vm.snapshot();
                                       vm.restore(s); vm.run({insns: 20000}); const b = vm.snapshot();
                                       same(b.guestHash === a.guestHash, 'the guest after a restore and the same run');
                                       same(b.hash === a.hash, "the VM's counters after a restore and the same run");
                                       vm.run({insns: 13000}); } },
              'vm.clone': vm => { const c = vm.clone({name: 'c'}); vm.run({insns: 20000}); c.run({insns: 20000});
                                  same(c.pc === vm.pc && c.console.text === vm.console.text, 'the clone goes on otherwise'); },
              'hv.snapshot': vm => { const s = HV.snapshot(); HV.run({insns: 20000}); const h = HV.stateHash();
                                     HV.restore(s); HV.run({insns: 20000}); same(HV.stateHash() === h, 'the host after a restore and the same run'); },
              'history': vm => { if (DC) {   // a cluster's VM goes back with the whole cluster
                                   const all = () => DC.hosts.map(h => h.hv.stateHash()).join(' ');
                                   DC.keepHistory({interval: '50us'}); DC.run({us: 300}); const g = vm.history.insn, h = all();
                                   DC.run({us: 200}); const end = all();
                                   vm.seek({insn: g}); same(all() === h, 'the cluster at a seek');
                                   vm.reverseStep(10); same(vm.history.insn === g - 10, 'a reverse step');
                                   vm.seek({insn: vm.history.present}); same(all() === end, 'the present again'); return; }
                                 HV.keepHistory({interval: 20000}); vm.run({insns: 30000}); const g = vm.history.insn, h = HV.stateHash();
                                 vm.run({insns: 50000}); const end = HV.stateHash();
                                 vm.seek({insn: g}); same(HV.stateHash() === h, 'the host at a seek');
                                 vm.reverseStep(10); same(vm.history.insn === g - 10, 'a reverse step');
                                 vm.seek({insn: vm.history.present}); same(HV.stateHash() === end, 'the present again'); },
              'record/replay': vm => { if (DC) {   // a cluster's VM records and replays with the whole cluster
                                         const r = DC.record(); vm.console.feed('x'); DC.run({us: 300}); r.stop(); const h = DC.stateHash();
                                         same(DC.replay(r).identical && DC.stateHash() === h && vm.console.text.length > 0, 'the replay of the cluster'); return; }
                                       const r = HV.record(); vm.console.feed('x'); vm.run({insns: 30000}); r.stop();
                                       const h = HV.stateHash(); same(HV.replay(r).identical && HV.stateHash() === h, 'the replay'); },
              'hooks': vm => { const s = vm.snapshot(), pcs = []; const k = vm.on('insn', ctx => pcs.push(ctx.pc)); vm.run({insns: 1000}); k.remove();
                               same(pcs.length >= 900, pcs.length + ' insn hook calls');
                               vm.restore(s); let called = 0; const b = vm.break(pcs[500], () => called++); const r = vm.run({insns: 1000}); b.remove();
                               same(r.reason === 'break' && vm.pc === pcs[500] && called === 1, 'the breakpoint: ' + r.message + ', ' + called + ' calls'); },
              'vm.gdb': (vm, port) => { const g = vm.gdb({port}); same(g.ending === 'detached', 'gdb ended ' + g.ending); },
            };
            function cell(row, feature, port) {
              try { FEATURES[feature](fresh(row), port); return 'yes'; }
              catch (e) { const m = String(e.message); return m.startsWith('inexact: ') ? m : 'refused: ' + m; }
            }
            """;

    @Test
    void everyCellWorksOrIsRefusedAsTheReadmeSays() throws Exception {
        Map<String, Map<String, String>> readme = readmeTable();
        List<String> wrong = new ArrayList<>();
        try (SessionFixture js = new SessionFixture(dir, dir.resolve("out"))) {
            js.run(MATRIX);
            assertEquals(List.copyOf(readme.keySet()), List.of(js.run("print(Object.keys(ROWS).join('|'))").strip().split("\\|")), "README's rows");
            for (Map.Entry<String, Map<String, String>> row : readme.entrySet()) {
                for (Map.Entry<String, String> c : row.getValue().entrySet()) {
                    String actual = cell(js, row.getKey(), c.getKey());
                    if (!agrees(c.getValue(), actual)) wrong.add(row.getKey() + " / " + c.getKey() + ": README says '" + c.getValue() + "', it is '" + actual + "'");
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    /** One cell; gdb's attaches a client that asks for the stop reason and the registers, then detaches. */
    private static String cell(SessionFixture js, String row, String feature) throws Exception {
        int port = feature.equals("vm.gdb") ? freePort() : 0;
        CompletableFuture<String> client = port == 0 ? null : CompletableFuture.supplyAsync(() -> gdbSession(port));
        String printed = js.run("print(cell('" + row + "', '" + feature + "', " + port + "))").strip();
        String out = printed.substring(printed.lastIndexOf('\n') + 1);   // after gdb's "waiting for gdb" line
        if (client != null) {
            String c = client.get(60, TimeUnit.SECONDS);
            if (out.equals("yes") && !c.equals("ok")) return "inexact: gdb client " + c;
        }
        return out;
    }

    /** README says yes, "refused (phrase)" where the refusal contains phrase, or "inexact (why)" where the check found a difference. */
    private static boolean agrees(String readme, String actual) {
        if (readme.equals("yes")) return actual.equals("yes");
        if (readme.startsWith("refused (") && readme.endsWith(")"))
            return actual.startsWith("refused: ") && actual.contains(readme.substring("refused (".length(), readme.length() - 1));
        if (readme.startsWith("inexact")) return actual.startsWith("inexact: ");
        return false;
    }

    /** README's table under "What each kind of VM can do": row name to feature to cell. */
    static Map<String, Map<String, String>> readmeTable() throws IOException {
        List<String> lines = Files.readAllLines(readme());
        int i = lines.indexOf("### What each kind of VM can do");
        assertTrue(i >= 0, "README has the section");
        while (!lines.get(i).startsWith("| kind of VM |")) i++;
        String[] features = cells(lines.get(i));
        Map<String, Map<String, String>> table = new LinkedHashMap<>();
        for (i += 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] c = cells(lines.get(i));
            Map<String, String> row = new LinkedHashMap<>();
            for (int k = 1; k < features.length; k++) row.put(features[k].replace("`", ""), c[k].replace("`", ""));
            table.put(c[0].replace("`", ""), row);
        }
        return table;
    }

    private static String[] cells(String line) {
        String[] c = line.substring(1, line.length() - 1).split("\\|");
        for (int k = 0; k < c.length; k++) c[k] = c[k].strip();
        return c;
    }

    private static Path readme() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent())
            if (Files.isRegularFile(d.resolve("README.md")) && Files.isDirectory(d.resolve("samples"))) return d.resolve("README.md");
        throw new IllegalStateException("no README.md above " + Path.of("").toAbsolutePath());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A minimal gdb: connects (the VM may not listen yet), asks '?', 'g', detaches; "ok" or what went wrong. */
    private static String gdbSession(int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(50);
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(30_000);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                String stop = exchange(out, in, "?"), regs = exchange(out, in, "g"), detach = exchange(out, in, "D");
                if (!stop.startsWith("T") && !stop.startsWith("S")) return "stop reply " + stop;
                if (regs.length() < 33 * 8) return "registers " + regs;
                return detach.equals("OK") ? "ok" : "detach reply " + detach;
            } catch (java.net.ConnectException e) {
                if (System.nanoTime() > deadline) return "no server on port " + port;
                try {
                    Thread.sleep(20);
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                    return "interrupted";
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Sends one packet and returns the reply packet's body (acknowledging it). */
    private static String exchange(OutputStream out, InputStream in, String body) throws IOException {
        int sum = 0;
        for (byte b : body.getBytes(StandardCharsets.ISO_8859_1)) sum += b & 0xff;
        out.write(String.format("$%s#%02x", body, sum & 0xff).getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        int c;
        while ((c = in.read()) != '$') if (c < 0) throw new IOException("the stub hung up");
        StringBuilder reply = new StringBuilder();
        while ((c = in.read()) != '#') {
            if (c < 0) throw new IOException("the stub hung up");
            reply.append((char) c);
        }
        in.readNBytes(2);
        out.write('+');
        out.flush();
        return reply.toString();
    }
}
