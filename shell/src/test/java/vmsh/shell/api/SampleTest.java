package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vmsh.shell.VmshRun;

/** sample(path): the bundled guests, whatever the script's folder and the working directory. */
class SampleTest {
    @RegisterExtension
    final SessionFixture js = SessionFixture.inTempDir();

    @Test
    void aSampleIsReadFromTheInstallWhereverTheScriptIs() throws IOException {
        assertEquals(Files.readString(VmshRun.repo("samples/hello.s")), js.session.eval("sample('hello.s')", "t.js", 1).asString());
        assertEquals("Hello, world!\n", js.run("const m = machine(); m.load(asm(sample('hello.s'))); m.run(); print(m.console.text.trim())"));
    }

    @Test
    void aSamplesIncludesAreFoundNextToIt() {
        assertEquals("true\n", js.run("""
                const m = machine();
                m.load(asm(sample('kernel/kernel.s')));
                m.run({insns: 5e6});
                print(m.console.text.includes('kernel: boot'));
                """));
    }

    @Test
    void namesOutsideTheSamplesOrMissingAreRefused() {
        assertTrue(js.error("sample('../README.md')").contains("is not inside the bundled samples"));
        assertTrue(js.error("sample('/etc/passwd')").contains("is not inside the bundled samples"));
        assertTrue(js.error("sample('nope.s')").contains("no sample 'nope.s' in "));
    }

    @Test
    void readFileNamesAllowReadWhenItRefuses() {
        assertTrue(js.error("readFile('/etc/hostname')").endsWith("(vmsh run --allow-read DIR lets a script read DIR)"));
    }
}
