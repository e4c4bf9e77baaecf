package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vmsh.shell.VmshRun;

/** elf(path): an executable from a file, with its symbols, that m.load and vm.load run, HTIF tohost included. */
class ElfTest {
    /** Exits with code 5 through HTIF tohost, as the riscv-tests do. */
    private static final String TOHOST_GUEST = """
                    .text
                    .globl _start
            _start: li   t0, (5 << 1) | 1
                    la   t1, tohost
                    sw   t0, 0(t1)
            1:      j    1b
                    .data
                    .balign 8
                    .globl tohost
            tohost: .word 0, 0
            """;

    @RegisterExtension
    final SessionFixture js = SessionFixture.inTempDir();

    @Test
    void anElfFromVmshAsmRunsWithItsSymbols() throws IOException {
        Path source = Files.writeString(js.dir().resolve("guest.s"), TOHOST_GUEST);
        VmshRun built = VmshRun.of("asm", source.toString(), "-o", js.dir().resolve("guest.elf").toString());
        assertEquals(0, built.status(), built.toString());
        assertEquals("image true 0x80000000 halt 5 5\n", js.run("""
                const img = elf('guest.elf');
                const m = machine();
                m.load(img);
                const r = m.run({insns: 1000});
                print(String(img).split(':')[0], img.symbol('tohost') > img.entry, hex(img.entry), r.reason, r.exitCode, m.exitCode);
                """));
    }

    @Test
    void anElfFromGnuAsAndLdRunsToo() throws Exception {
        assumeTrue(onPath("riscv64-unknown-elf-as") && onPath("riscv64-unknown-elf-ld"), "not installed: GNU binutils for RISC-V");
        Path source = Files.writeString(js.dir().resolve("guest.s"), TOHOST_GUEST);
        exec("riscv64-unknown-elf-as", "-march=rv32ima_zicsr", "-mabi=ilp32", source.toString(), "-o", js.dir().resolve("guest.o").toString());
        exec("riscv64-unknown-elf-ld", "-m", "elf32lriscv", "-Ttext=0x80000000", js.dir().resolve("guest.o").toString(),
                "-o", js.dir().resolve("gnu.elf").toString());
        assertEquals("5 true\n", js.run("""
                const img = elf('gnu.elf');
                const m = machine();
                m.load(img);
                print(m.run({insns: 1000}).exitCode, Object.keys(img.symbols).includes('tohost'));
                """));
    }

    @Test
    void aVmLoadsAnElfToo() throws IOException {
        Path source = Files.writeString(js.dir().resolve("vm.s"), """
                _start: li t0, 0x100000
                        li t1, (9 << 16) | 0x3333
                        sw t1, 0(t0)
                """);
        assertEquals(0, VmshRun.of("asm", source.toString(), "-o", js.dir().resolve("vm.elf").toString()).status());
        assertEquals("halted 9\n", js.run("""
                hv.configure({memory: '64M'});
                const vm = hv.create({name: 'v', memory: '16M'});
                vm.load(elf('vm.elf'));
                const r = vm.run({insns: 1000});
                print(r.state, r.exitCode);
                """));
    }

    @Test
    void whatIsNotAnElfOrOutsideTheSandboxIsAClearError() throws IOException {
        Files.writeString(js.dir().resolve("text.elf"), "not an elf");
        assertEquals("test.js:1:1: ElfError: elf(path): 'text.elf' is not an ELF file", js.error("elf('text.elf')"));
        assertTrue(js.error("elf('/etc/passwd')").contains("is outside"), js.error("elf('/etc/passwd')"));
        assertTrue(js.error("elf('missing.elf')").contains("no file 'missing.elf'"));
        Files.write(js.dir().resolve("short.elf"), new byte[] {0x7f, 'E', 'L', 'F', 1, 1, 1});
        assertTrue(js.error("elf('short.elf')").startsWith("test.js:1:1: ElfError: "), js.error("elf('short.elf')"));
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            if (Files.isExecutable(Path.of(d, program))) return true;
        return false;
    }

    private static void exec(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + ": " + out);
    }
}
