package vmsh.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmsh.shell.VmshRun;

/** The overcommit walkthrough (four kernels on a host that holds only their mins), as a user types it, in a vmsh process run from the checkout (its readFile is relative). */
@Tag("slow")   // a script in its own JVM with a large heap; ./test --quick leaves it out
class OvercommitBlockTest {
    static final String BLOCK = """
            hv.configure({ memory: '128M', idleTax: 0.75, seed: 7 });
            const vms = [0,1,2,3].map(i => hv.create({ name: 'vm'+i, memory: '48M', shares: 1000,
                                                       min: '8M', technique: 'hw' }));
            vms.forEach(v => v.load(asm(readFile('samples/kernel/kernel.s'))));
            hv.run({ cycles: 1e9 });
            print(hv.memory);                 // total, free, shared, zero, ballooned, swapped, per VM
            print(heatmap(vms[0].pmap()));    // one cell per page, by state
            vms[1].balloon.target = '16M';    // the guest's balloon driver gives pages back
            hv.sharing.scan({ pages: 4096 });
            print(table(hv.sharing.stats()));
            """;

    @TempDir
    Path dir;

    @Test void issueBlockRunsVerbatim() throws Exception {
        Path js = dir.resolve("block.js");
        Files.writeString(js, BLOCK + """
                print('balloon target', vms[1].balloon.target, 'size', vms[1].balloon.size);
                print('consoles', vms.every(v => v.state === 'halted' && v.exitCode === 0));
                hv.sharing.scan();
                print('saved', hv.memory.saved);
                try { hv.create({ name: 'big', memory: '128M', min: '100M' }); } catch (e) { print(e.message); }
                """);
        String out = run(js);
        assertTrue(out.startsWith("host memory: 128.0 MiB in 32768 frames"), out);
        assertTrue(out.contains("  vm0 12288"), out);
        assertTrue(out.contains("P private"), out);                      // the heat map's legend
        assertTrue(out.contains("total") && out.contains("sharedFrames"), out);
        assertTrue(out.contains("balloon target 16777216 size 0"), out); // the kernels had shut down
        assertTrue(out.contains("consoles true"), out);
        assertTrue(out.contains("cannot admit VM 'big'"), out);
        // four identical kernels: one full scan shares the image pages three times over
        int saved = Integer.parseInt(out.replaceAll("(?s).*saved (\\d+).*", "$1"));
        assertTrue(saved >= 3 * 10, out);
    }

    private static String run(Path js) throws Exception {
        Path root = VmshRun.repo("scripts").getParent();
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss16m", "-Dpolyglot.engine.WarnInterpreterOnly=false", "-cp", System.getProperty("java.class.path"),
                "vmsh.shell.cli.Main", "run", "--out", js.getParent().toString(), js.toString()))
                .directory(root.toFile()).redirectError(ProcessBuilder.Redirect.PIPE)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "vmsh did not finish");
        assertEquals(0, p.exitValue(), err + out);
        return out;
    }
}
