package vmsh.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmsh.shell.VmshRun;

/** The usual mistakes with vmsh run, each named in a line: a guest given as the script, options after it. */
class RunMistakesTest {
    @TempDir
    Path tmp;

    @Test
    void aGuestIsNotAScriptAndTheMessageSaysToBootIt() throws IOException {
        String hello = VmshRun.repo("samples/hello.s").toString();
        VmshRun r = VmshRun.of("run", hello);
        assertEquals(2, r.status(), r.toString());
        assertEquals("vmsh: 'vmsh run' takes JavaScript, and " + hello + " is assembly: boot it with 'vmsh boot " + hello + "'\n", r.err());
        Path elf = tmp.resolve("hello.elf");
        assertEquals(0, VmshRun.of("asm", hello, "-o", elf.toString()).status());
        assertEquals("vmsh: 'vmsh run' takes JavaScript, and " + elf + " is an ELF executable: boot it with 'vmsh boot " + elf + "'\n",
                VmshRun.of("run", elf.toString()).err());
    }

    @Test
    void anOptionAfterTheScriptIsTheScriptsArgumentWithAWarning() throws IOException {
        Path script = Files.writeString(tmp.resolve("args.js"), "print(args.join(' '))\n");
        VmshRun r = VmshRun.of("run", script.toString(), "--timeout", "5", "--json=x", "--fast");
        assertEquals(0, r.status(), r.toString());
        assertEquals("--timeout 5 --json=x --fast\n", r.out());
        assertEquals("""
                vmsh: warning: '--timeout' comes after the script, so it is the script's argument, not vmsh's option (put vmsh's options before the script)
                vmsh: warning: '--json=x' comes after the script, so it is the script's argument, not vmsh's option (put vmsh's options before the script)
                """, r.err());
    }
}
