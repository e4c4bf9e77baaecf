package vmsh.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vmsh.shell.VmshRun;
import vmsh.shell.api.JsCompilation;

/**
 * --js-compile and --no-js-compile as the shell parses them. Tests run in a JVM started
 * without JVMCI, so here JavaScript is interpreted and --js-compile says so on stderr (once)
 * while the run goes on; LauncherTest starts vmsh with the compiler.
 */
class JsCompileOptionTest {
    private static final String WHY = "vmsh: warning: --js-compile: the JVM was started without JVMCI (the vmsh launcher starts it so"
            + " for --js-compile); JavaScript runs in GraalJS's interpreter\n";

    @TempDir
    Path tmp;

    @Test
    void runTakesBothFormsBeforeTheScript() throws IOException {
        assumeFalse(JsCompilation.active(), "this test JVM compiles JavaScript");
        Path script = Files.writeString(tmp.resolve("sum.js"), "let s = 0; for (let i = 0; i < 1000; i++) s += i; print(s)\n");
        assertEquals(new VmshRun(0, "499500\n", WHY), VmshRun.of("run", "--js-compile", script.toString()));
        assertEquals(new VmshRun(0, "499500\n", ""), VmshRun.of("run", "--no-js-compile", script.toString()));
        assertEquals(new VmshRun(0, "499500\n", ""), VmshRun.of("run", script.toString()));
    }

    @Test
    void afterTheScriptItIsTheScriptsArgumentAndSaysSo() throws IOException {
        Path script = Files.writeString(tmp.resolve("args.js"), "print(args.join(' '))\n");
        VmshRun r = VmshRun.of("run", script.toString(), "--js-compile");
        assertEquals(0, r.status(), r.toString());
        assertEquals("--js-compile\n", r.out());
        assertTrue(r.err().startsWith("vmsh: warning: '--js-compile' comes after the script"), r.err());
    }

    @Test
    void theReplTakesItAndBeforeACommandItIsAMistake() {
        assumeFalse(JsCompilation.active(), "this test JVM compiles JavaScript");
        assertEquals(new VmshRun(0, "3\n", WHY), VmshRun.withInput("print(1 + 2)\n", "--js-compile"));
        assertEquals(new VmshRun(0, "3\n", ""), VmshRun.withInput("print(1 + 2)\n", "--no-js-compile"));
        VmshRun before = VmshRun.of("--js-compile", "run", "x.js");
        assertEquals(2, before.status(), before.toString());
        assertTrue(before.err().startsWith("vmsh: --js-compile before 'run' is the REPL's option"), before.err());
    }

    @Test
    void aValueIsAMistake() {
        VmshRun r = VmshRun.of("run", "--js-compile=yes", "x.js");
        assertEquals(2, r.status(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "sweep", "bench"})
    void helpDocumentsIt(String command) {
        VmshRun r = VmshRun.of(command, "--help");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("--[no-]js-compile"), r.out());
        assertTrue(VmshRun.of("--help").out().contains("--[no-]js-compile"));
    }

    @Test
    void sweepsCheckItToo() throws IOException {
        assumeFalse(JsCompilation.active(), "this test JVM compiles JavaScript");
        Path script = Files.writeString(tmp.resolve("p.js"), "result({n: params.n * 2})\n");
        VmshRun r = VmshRun.of("sweep", "--js-compile", script.toString(), "--param", "n=1,2", "--jobs", "1",
                "--out", tmp.resolve("runs").toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.err().startsWith(WHY), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.contains("--js-compile")).count(), r.err());
    }

    @Test
    void aScriptAsksForItInItsLeadingComments() throws IOException {
        assumeFalse(JsCompilation.active(), "this test JVM compiles JavaScript");
        Path script = Files.writeString(tmp.resolve("hot.js"), "// counts in a hook\n// vmsh: --js-compile\nprint(6 * 7)\n");
        String asks = "vmsh: warning: " + script + " asks for --js-compile ('// vmsh: --js-compile'): the JVM was started without JVMCI"
                + " (the vmsh launcher starts it so for --js-compile); JavaScript runs in GraalJS's interpreter\n";
        assertEquals(new VmshRun(0, "42\n", asks), VmshRun.of("run", script.toString()));
        assertEquals(new VmshRun(0, "42\n", ""), VmshRun.of("run", "--no-js-compile", script.toString()));
        assertEquals(new VmshRun(0, "42\n", WHY), VmshRun.of("run", "--js-compile", script.toString()));
        Path late = Files.writeString(tmp.resolve("late.js"), "print(6 * 7)\n// vmsh: --js-compile\n");
        assertEquals(new VmshRun(0, "42\n", ""), VmshRun.of("run", late.toString()));
        VmshRun sweep = VmshRun.of("sweep", script.toString(), "--param", "n=1,2", "--jobs", "1", "--out", tmp.resolve("runs").toString());
        assertEquals(0, sweep.status(), sweep.toString());
        assertTrue(sweep.err().startsWith(asks), sweep.err());
        assertEquals(1, sweep.err().lines().filter(l -> l.contains("--js-compile")).count(), sweep.err());
    }

    @Test
    void describesTheEngine() {
        assertTrue(JsCompilation.describe().matches("GraalJS \\d+\\.\\d+\\.\\d+\\S*, (compiled by Graal|interpreted)"), JsCompilation.describe());
    }
}
