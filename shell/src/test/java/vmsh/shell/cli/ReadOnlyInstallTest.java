package vmsh.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vmsh.shell.Main;
import vmsh.shell.VmshRun;

/**
 * The launcher on a shared lab machine or in a sandboxed grader: an install nobody may
 * write (no start-up cache recorded yet) and a home folder nobody may write. A script
 * runs, and nothing but its output appears. As root the run drops to user nobody, for
 * whom the permissions hold.
 */
class ReadOnlyInstallTest {
    private Path install, home, work;

    @Test
    void aReadOnlyInstallAndAnUnwritableHomeRunAScriptQuietly() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        assumeTrue(new File("/usr/bin/setpriv").canExecute() || !root, "needs setpriv to drop root's rights");
        install = folder("vmsh-install");
        Files.copy(VmshRun.repo("vmsh"), install.resolve("vmsh"), StandardCopyOption.COPY_ATTRIBUTES);
        copyTree(VmshRun.repo("bin"), install.resolve("bin"));
        writeJar(Files.createDirectories(install.resolve("shell/target")));
        home = folder("vmsh-home");
        work = folder("vmsh-work");
        Path script = Files.writeString(work.resolve("one.js"), "print(6 * 7)\n");
        makeReadOnly(install);
        makeReadOnly(home);
        makeReadOnly(work);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("r--r--r--"));

        List<String> command = new ArrayList<>();
        if (root) command.addAll(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        command.addAll(List.of(install.resolve("vmsh").toString(), "run", "one.js"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("HOME", home.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("XDG_CACHE_HOME");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(2, TimeUnit.MINUTES), "the launcher did not finish");
        assertEquals("", err);
        assertEquals("42\n", new String(out, StandardCharsets.UTF_8));
        assertEquals(0, p.exitValue());
        assertEquals(false, Files.exists(install.resolve("shell/target/vmsh.aot.failed")));
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
