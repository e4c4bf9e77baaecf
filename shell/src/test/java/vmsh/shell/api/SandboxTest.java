package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void open() { js = new SessionFixture(dir); }

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
    void thereIsNoWayToWriteFiles() {
        assertEquals("undefined undefined\n", js.run("print(typeof writeFile, typeof require)"));
        assertEquals("refused\n", js.run("import('fs').then(() => print('loaded'), () => print('refused'))"));
    }
}
