package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scripts reach our API and nothing else: no Java, no file writes, reads only nearby. */
class SandboxTest {
    @TempDir
    Path dir;

    private SessionFixture js;

    @BeforeEach
    void open() throws IOException { js = new SessionFixture(dir, Files.createDirectories(dir.resolve("out"))); }

    @AfterEach
    void close() { js.close(); }

    @Test
    void javaInteropIsGone() {
        assertEquals("undefined undefined undefined\n", js.run("print(typeof Java, typeof Packages, typeof java)"));
        assertTrue(js.error("Java.type('java.lang.System')").contains("ReferenceError: Java is not defined"));
    }

    @Test
    void shellBuiltinsThatReachOutAreGone() {
        assertEquals("undefined undefined undefined undefined\n",
                js.run("print(typeof load, typeof quit, typeof read, typeof Polyglot)"));
    }

    @Test
    void apiObjectsExposeNoJavaMembers() {
        assertEquals("undefined undefined undefined\n",
                js.run("const m = machine(); print(m.getClass, m.machine, m.session)"));
        assertEquals("undefined\n", js.run("print(print.getClass)"));
    }

    @Test
    void threadsAreNotAvailable() {
        assertEquals("undefined\n", js.run("print(typeof Thread)"));
    }

    @Test
    void readFileReadsRelativeToTheScriptFolder() throws IOException {
        Files.writeString(dir.resolve("data.txt"), "hello\n");
        assertEquals("hello\n\n", js.run("print(readFile('data.txt'))"));
    }

    @Test
    void readFileRefusesFilesOutsideTheScriptFolderAndWorkingDirectory() {
        String e = js.error("readFile('/etc/hostname')");
        assertTrue(e.contains("'/etc/hostname' is outside the script's folder and the working directory"), e);
        String up = js.error("readFile('../../../../../../../../etc/hostname')");
        assertTrue(up.contains("is outside"), up);
    }

    @Test
    void readFileOfAMissingFileNamesIt() {
        String e = js.error("readFile('nope.txt')");
        assertTrue(e.startsWith("test.js:1:1: Error: readFile: no file 'nope.txt'"), e);
    }

    @Test
    void moduleLoadingIsRefused() {
        assertEquals("undefined\n", js.run("print(typeof require)"));
        assertEquals("refused\n", js.run("import('fs').then(() => print('loaded'), () => print('refused'))"));
    }

    @Test
    void everyWayOutThroughTheLanguageIsClosed() {
        for (String attempt : new String[] {
                "Java.type('java.lang.Runtime')", "Polyglot.eval('js', '1')", "load('http://example.com/x.js')",
                "Packages.java.lang.System", "importClass(java.io.File)", "importPackage('java.io')",
                "new JavaImporter(java.io)", "Graal.versionJS", "quit()", "readline()", "java.lang.System.exit(0)",
                "Interop.eval('js', '1')", "loadWithNewGlobal({script: '1'})"}) {
            String e = js.error(attempt);
            assertTrue(e.contains("ReferenceError") || e.contains("TypeError"), attempt + ": " + e);
        }
    }

    @Test
    void apiFunctionsDoNotLeakJavaThroughReflectionLikeTricks() {
        assertEquals("undefined undefined undefined\n",
                js.run("print(print.constructor.constructor('return typeof Java')(), machine().constructor.class, asm.getClass)"));
    }

    @Test
    void readFileRefusesDotDotEscapesEvenToMissingFiles() {
        String e = js.error("readFile('../../x')");
        assertTrue(e.contains("'../../x' is outside the script's folder and the working directory"), e);
    }

    @Test
    void readFileRefusesSymbolicLinksLeadingOut() throws IOException {
        Files.createSymbolicLink(dir.resolve("passwd"), Path.of("/etc/passwd"));
        String e = js.error("readFile('passwd')");
        assertTrue(e.contains("'passwd' leads outside") && e.contains("/etc/passwd"), e);
        assertTrue(js.error("readFile('/etc/passwd')").contains("is outside"));
    }

    @Test
    void writesGoUnderTheOutputFolderOnly() throws IOException {
        js.run("writeFile('sub/result.txt', 'hi')");
        assertEquals("hi", Files.readString(dir.resolve("out/sub/result.txt")));
        for (String bad : new String[] {"../escape.txt", "/tmp/vmsh-escape.txt", "sub/../../escape.txt"}) {
            String e = js.error("writeFile('" + bad + "', 'x')");
            assertTrue(e.contains("is outside the output folder"), bad + ": " + e);
        }
        assertTrue(Files.notExists(dir.resolve("escape.txt")));
        assertTrue(Files.notExists(Path.of("/tmp/vmsh-escape.txt")));
    }

    @Test
    void writesThroughASymbolicLinkOutOfTheOutputFolderAreRefused() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createSymbolicLink(dir.resolve("out/link"), outside);
        String e = js.error("writeFile('link/x.txt', 'x')");
        assertTrue(e.contains("leads outside the output folder"), e);
        assertTrue(Files.notExists(outside.resolve("x.txt")));
    }

    @Test
    void aSymbolicLinkOnTheWayIsRefusedBeforeAnyFolderIsMade() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createSymbolicLink(dir.resolve("out/link"), outside);
        String e = js.error("writeFile('link/a/b/c/x.txt', 'x')");
        assertTrue(e.contains("leads outside the output folder") && e.contains("symbolic link link"), e);
        assertTrue(Files.notExists(outside.resolve("a")), "a/b/c was made where the link points");
        for (String writer : new String[] {"plot({x: [1], y: [2]}).save('link/p/q.png')", "plot({x: [1], y: [2]}).save('link/p.svg')"}) {
            assertTrue(js.error(writer).contains("symbolic link link"), writer);
        }
        assertEquals(List.of(), listing(outside));
    }

    @Test
    void aSymbolicLinkAsTheFileItselfIsRefused() throws IOException {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "keep");
        Files.createSymbolicLink(dir.resolve("out/r.txt"), victim);
        assertTrue(js.error("writeFile('r.txt', 'x')").contains("symbolic link r.txt"));
        assertEquals("keep", Files.readString(victim));
    }

    @Test
    void aHardLinkInTheOutputFolderIsReplacedNotWrittenThrough() throws IOException {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "keep");
        Files.createLink(dir.resolve("out/r.txt"), victim);
        js.run("writeFile('r.txt', 'new')");
        assertEquals("keep", Files.readString(victim));
        assertEquals("new", Files.readString(dir.resolve("out/r.txt")));
        js.run("plot({x: [1], y: [2]}).save('p.png')");
        Files.delete(dir.resolve("out/p.png"));
        Files.createLink(dir.resolve("out/p.png"), victim);
        js.run("plot({x: [1], y: [2]}).save('p.png')");
        assertEquals("keep", Files.readString(victim));
        assertEquals(List.of("p.png", "r.txt"), listing(dir.resolve("out")), "no temporary file is left");
    }

    @Test
    void theReplsSaveWritesTheSameWay() throws IOException {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "keep");
        Files.createLink(dir.resolve("out/session.js"), victim);
        js.session.writeOutput("session.js", "print(1)".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("keep", Files.readString(victim));
        Files.createSymbolicLink(dir.resolve("out/link"), dir);
        assertThrows(ScriptError.class, () -> js.session.writeOutput("link/deep/s.js", new byte[0]));
        assertTrue(Files.notExists(dir.resolve("deep")));
    }

    @Test
    void aFileWhereAFolderShouldBeIsNamed() throws IOException {
        Files.writeString(dir.resolve("out/plain"), "x");
        assertTrue(js.error("writeFile('plain/x.txt', 'x')").contains("plain is a file, not a folder"));
    }

    private static List<String> listing(Path folder) throws IOException {
        try (var s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void plotsAreSavedUnderTheOutputFolderOnly() {
        String e = js.error("plot({x: [1], y: [2]}).save('../p.png')");
        assertTrue(e.contains("is outside the output folder"), e);
    }

    @Test
    void threadsAndProcessesCannotBeCreated() {
        assertEquals("undefined undefined\n", js.run("print(typeof Thread, typeof process)"));
    }
}
