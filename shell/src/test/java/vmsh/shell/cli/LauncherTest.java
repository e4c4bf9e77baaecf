package vmsh.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import vmsh.shell.VmshRun;
/**
 * The launcher ({@code ./vmsh}) as installs use it, on an install made here from the test's
 * classes: read-only on a shared lab machine or in a sandboxed grader (no start-up cache
 * recorded yet, a home folder nobody may write), and with the heap VMSH_HEAP gives. As root
 * the read-only run drops to user nobody, for whom the permissions hold.
 */
class LauncherTest {
    private Path install, home, work;

    private record Run(int status, String out, String err) {}

    @Test
    void aReadOnlyInstallAndAnUnwritableHomeRunAScriptQuietly() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        assumeTrue(new File("/usr/bin/setpriv").canExecute() || !root, "needs setpriv to drop root's rights");
        makeInstall();
        Path script = Files.writeString(work.resolve("one.js"), "print(6 * 7)\n");
        makeReadOnly(install);
        makeReadOnly(home);
        makeReadOnly(work);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("r--r--r--"));
        List<String> command = new ArrayList<>();
        if (root) command.addAll(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        command.addAll(List.of(install.resolve("vmsh").toString(), "run", "one.js"));
        Run r = launch(command, Map.of());
        assertEquals(new Run(0, "42\n", ""), r);
        assertEquals(false, Files.exists(install.resolve("shell/target/vmsh.aot.failed")));
    }

    @Test
    void vmshHeapSizesTheHeapAndAFullHeapIsOneLine() throws Exception {
        makeInstall();
        Files.writeString(work.resolve("touch.s"), """
                _start: li t0, 0x80000000
                        li t1, 4096
                        li t2, 0
                        li t3, 65536          # 256 MiB of 4 KiB pages
                1:      sw t1, 0(t0)
                        add t0, t0, t1
                        addi t2, t2, 1
                        blt t2, t3, 1b
                        li t0, 0x100000       # the test finisher: exit 0
                        li t1, 0x5555
                        sw t1, 0(t0)
                """);
        String vmsh = install.resolve("vmsh").toString();
        Run full = launch(List.of(vmsh, "boot", "--memory", "256M", "touch.s"), Map.of("VMSH_HEAP", "96m"));
        assertEquals(1, full.status(), full.toString());
        assertTrue(full.err().matches("vmsh: out of memory: guest RAM comes from the Java heap \\(at most \\d+ MiB\\), which is full"
                + " \\(this RAM holds \\d+ MiB of touched frames\\); give vmsh a larger heap \\(VMSH_HEAP=4g ./vmsh \\.\\.\\.\\) or the guests less memory\n"), full.err());
        Run fits = launch(List.of(vmsh, "boot", "--memory", "256M", "touch.s"), Map.of("VMSH_HEAP", "512m"));
        assertEquals(new Run(0, "", ""), fits);
        Files.writeString(work.resolve("touch.js"), """
                const m = machine({memory: '256M'});
                m.load(asm(readFile('touch.s')));
                try { m.run(); } catch (e) { print(e.name + ': ' + e.message.slice(0, 60)); }
                print('the script goes on');
                """);
        Run caught = launch(List.of(vmsh, "run", "touch.js"), Map.of("VMSH_HEAP", "160m"));
        assertEquals(new Run(0, "Error: out of memory: guest RAM comes from the Java heap (at most 1\nthe script goes on\n", ""),
                caught.status() == 0 ? new Run(0, caught.out().replaceAll("at most \\d+", "at most 1"), caught.err()) : caught);
        Files.writeString(work.resolve("uncaught.js"), """
                const image = asm(readFile('touch.s'));
                const kept = machine({memory: '256M'});
                kept.load(image);
                try { kept.run(); } catch (e) { print('caught'); }
                const m = machine({memory: '256M'});
                m.load(image);
                m.run();
                """);
        Run uncaught = launch(List.of(vmsh, "run", "uncaught.js"), Map.of("VMSH_HEAP", "160m"));
        assertEquals(1, uncaught.status(), uncaught.toString());
        // where the heap filled up decides who says it: the script's position, or vmsh's last resort
        assertTrue(uncaught.err().matches("(uncaught\\.js:\\d+:\\d+|vmsh): out of memory: [^\n]*VMSH_HEAP=4g[^\n]*\n"), uncaught.toString());
        Run bad = launch(List.of(vmsh, "boot", "touch.s"), Map.of("VMSH_HEAP", "lots"));
        assertEquals(new Run(2, "", "vmsh: VMSH_HEAP='lots' is not a heap size (use e.g. 4g or 512m)\n"), bad);
    }

    /** A script whose every line of output depends on JavaScript the compiler compiles when it runs long: a hook, loops, Math.random. */
    private static final String BUSY_SCRIPT = """
            const m = machine({memory: '1M'});
            m.load(asm`
                    li   t0, 3000
                    li   a0, 0
            loop:   add  a0, a0, t0
                    addi t0, t0, -1
                    bnez t0, loop
                    li   t0, 0x100000
                    li   t1, 0x5555
                    sw   t1, 0(t0)
            `);
            const seen = new Map();
            m.on('insn', ctx => { seen.set(ctx.insn, (seen.get(ctx.insn) ?? 0) + 1); if (ctx.regs.a0 > 4000000) ctx.stop('big'); });
            const r = m.run();
            print(r.reason, r.insns, m.regs.a0, [...seen].map(([k, v]) => k + '=' + v).join(', '));
            let h = 7;
            for (let i = 0; i < 200000; i++) h = (Math.imul(h, 31) + Math.floor(Math.random() * 1000)) | 0;
            print(h, JSON.stringify({pi: Math.PI / 3, big: 2 ** 60, neg: -0, s: 'é'.repeat(3)}));
            try { null.x; } catch (e) { print(e.name, e.message); }
            """;

    @Test
    void aScriptPrintsTheSameCompiledOrInterpreted() throws Exception {
        makeInstall();
        Files.writeString(work.resolve("busy.js"), BUSY_SCRIPT);
        String vmsh = install.resolve("vmsh").toString();
        Run plain = launch(List.of(vmsh, "run", "busy.js"), Map.of());
        assertEquals(0, plain.status(), plain.toString());
        assertEquals("", plain.err());
        assertEquals(3, plain.out().lines().count(), plain.out());
        assertEquals(plain, launch(List.of(vmsh, "run", "--no-js-compile", "busy.js"), Map.of()));
        Run compiled = launch(List.of(vmsh, "run", "--js-compile", "busy.js"), Map.of());
        assertEquals(plain.out(), compiled.out());
        if (Runtime.version().feature() == 25) assertEquals("", compiled.err());
        else assertTrue(compiled.err().matches("vmsh: warning: --js-compile: compiling JavaScript needs JDK 25 \\(the JVMCI of GraalJS \\S+"
                + " compiler; this is JDK \\d+\\); JavaScript runs in GraalJS's interpreter\n"), compiled.err());
    }

    @Test
    void jsCompileRunsGraalsCompilerForRunsAndSweeps() throws Exception {
        assumeTrue(Runtime.version().feature() == 25, "GraalJS compiles on JDK 25; this is JDK " + Runtime.version().feature());
        assumeTrue(Files.isDirectory(VmshRun.repo("shell/target/js-compiler")),
                "no shell/target/js-compiler (the build copies the Graal compiler there)");
        makeInstall();
        Files.writeString(work.resolve("hot.js"), "function inc(x) { return x + 1 }\nlet s = 0;\nfor (let i = 0; i < 5000; i++) s = inc(s);\nprint(s)\n");
        // Truffle's own trace: a line per compilation, made at once rather than in the background
        Map<String, String> trace = Map.of("JAVA_TOOL_OPTIONS", "-Dpolyglot.engine.TraceCompilation=true -Dpolyglot.engine.BackgroundCompilation=false");
        String vmsh = install.resolve("vmsh").toString();
        Run compiled = launch(List.of(vmsh, "run", "--js-compile", "hot.js"), trace);
        assertEquals(0, compiled.status(), compiled.toString());
        assertEquals("5000\n", compiled.out());
        assertTrue(compiled.err().contains("opt done") && compiled.err().contains("inc"), compiled.err());
        // (the interpreter has no such option: interpreted runs are aScriptPrintsTheSameCompiledOrInterpreted's)
        Run sweep = launch(List.of(vmsh, "sweep", "--js-compile", "hot.js", "--param", "n=1", "--jobs", "1", "--out", "runs"), trace);
        assertEquals(0, sweep.status(), sweep.toString());
        assertTrue(sweep.err().contains("opt done"), sweep.err());
        // a script that asks for it in its leading comments; --no-js-compile still wins
        Files.writeString(work.resolve("asks.js"), "#!/usr/bin/env vmsh\n// vmsh: --js-compile\n" + Files.readString(work.resolve("hot.js")));
        Run asks = launch(List.of(vmsh, "run", "asks.js"), trace);
        assertEquals(0, asks.status(), asks.toString());
        assertTrue(asks.err().contains("opt done") && asks.err().contains("inc"), asks.err());
        Run asksSweep = launch(List.of(vmsh, "sweep", "asks.js", "--param", "n=1", "--jobs", "1", "--out", "runs2"), trace);
        assertTrue(asksSweep.err().contains("opt done"), asksSweep.err());
        Run declined = launch(List.of(vmsh, "run", "--no-js-compile", "asks.js"), Map.of());
        assertEquals(new Run(0, "5000\n", ""), declined);
    }

    private void makeInstall() throws IOException {
        install = folder("vmsh-install");
        Files.copy(VmshRun.repo("vmsh"), install.resolve("vmsh"), StandardCopyOption.COPY_ATTRIBUTES);
        copyTree(VmshRun.repo("bin"), install.resolve("bin"));
        writeJar(Files.createDirectories(install.resolve("shell/target")));
        Path compiler = VmshRun.repo("shell/target/js-compiler");
        if (Files.isDirectory(compiler)) copyTree(compiler, install.resolve("shell/target/js-compiler"));
        home = folder("vmsh-home");
        work = folder("vmsh-work");
    }

    private Run launch(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("HOME", home.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("XDG_CACHE_HOME");
        pb.environment().remove("VMSH_HEAP");
        pb.environment().putAll(env);
        Process p = pb.start();
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "the launcher did not finish");
        return new Run(p.exitValue(), out, err.get());
    }

    @AfterEach
    void cleanUp() throws IOException {
        for (Path p : new Path[] {install, home, work}) if (p != null) delete(p);
    }

    /** A folder everyone may read, as an install is. */
    private static Path folder(String prefix) throws IOException {
        Path p = Files.createTempDirectory(prefix);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /** vmsh.jar as the build makes it: the classes and the dependencies in lib/, named by its manifest. */
    private static void writeJar(Path target) throws IOException {
        Path lib = Files.createDirectories(target.resolve("lib"));
        List<String> classPath = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path from = Path.of(entry);
            if (entry.contains("junit") || entry.contains("opentest4j") || entry.contains("apiguardian")
                    || entry.endsWith("test-classes") || !Files.exists(from)) continue;
            String name = (n++) + "-" + from.getFileName();
            if (Files.isDirectory(from)) {
                copyTree(from, lib.resolve(name));
                classPath.add("lib/" + name + "/");
            } else {
                Files.copy(from, lib.resolve(name));
                classPath.add("lib/" + name);
            }
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        try (OutputStream out = Files.newOutputStream(target.resolve("vmsh.jar")); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    /** Folders r-x and files r-- (executables r-x) for everyone: nobody may write anything in it. */
    private static void makeReadOnly(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                boolean x = Files.isDirectory(p) || Files.isExecutable(p);
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(x ? "r-xr-xr-x" : "r--r--r--"));
            }
        }
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) if (Files.isDirectory(p)) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
