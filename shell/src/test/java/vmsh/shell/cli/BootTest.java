package vmsh.shell.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmsh.shell.VmshRun;

/** vmsh boot, asm and disasm on real guests (needs the assembler and the machine). */
class BootTest {
    private static final String LOOP = """
                    .text
                    .globl _start
            _start: addi a0, a0, 1
                    j _start
            """;

    @TempDir
    Path tmp;

    @Test
    void helloPrintsItsGreetingAndExitsZero() {
        VmshRun r = VmshRun.of("boot", VmshRun.repo("samples/hello.s").toString());
        assertEquals(0, r.status(), r.toString());
        assertEquals("Hello, world!\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void jitAndNoJitGiveTheSameResult() {
        String before = System.getProperty("vmsh.jit");
        for (String[] args : new String[][] {{"boot", "--jit"}, {"boot", "--no-jit"}, {"boot", "--jit", "--technique", "hw"}}) {
            String[] all = Arrays.copyOf(args, args.length + 1);
            all[args.length] = VmshRun.repo("samples/hello.s").toString();
            VmshRun r = VmshRun.of(all);
            assertEquals(0, r.status(), r.toString());
            assertEquals("Hello, world!\n", r.out());
        }
        assertEquals(before, System.getProperty("vmsh.jit"), "the setting is the command's, not the process's");
    }

    @Test
    void exitStatusIsTheGuestsExitCode() {
        Path exit = VmshRun.repo("samples/exit.s");
        VmshRun r = VmshRun.of("boot", exit.toString());
        assertEquals(expectedExit(exit), r.status(), r.toString());
    }

    @Test
    void exhaustedBudgetExits124WithOneLine() throws IOException {
        Path loop = Files.writeString(tmp.resolve("loop.s"), LOOP);
        VmshRun r = VmshRun.of("boot", loop.toString(), "--max-insns", "1000");
        assertEquals(124, r.status(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().matches("vmsh: instruction budget of 1000 exhausted at guest pc 0x8000000[04]\n"), r.err());
    }

    @Test
    void budgetsLargerThanASliceRunOnAcrossSlices() throws IOException {
        Path loop = Files.writeString(tmp.resolve("loop.s"), LOOP);
        long budget = BootRun.SLICE * 2 + 7;
        VmshRun r = VmshRun.of("boot", loop.toString(), "--max-insns", Long.toString(budget));
        assertEquals(124, r.status(), r.toString());
        assertTrue(r.err().startsWith("vmsh: instruction budget of " + budget + " exhausted"), r.err());
    }

    @Test
    void aGuestThatCannotGoOnExits3WithOneLine() throws IOException {
        Path bad = Files.writeString(tmp.resolve("fault.s"), "_start: .word 0   # illegal, and no trap handler\n");
        VmshRun r = VmshRun.of("boot", bad.toString(), "--max-insns", "1000");
        assertEquals(3, r.status(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("vmsh: guest fault: "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void memoryOptionSizesTheMachine() throws IOException {
        Path probe = Files.writeString(tmp.resolve("probe.s"), """
                _start: li   t0, 0x80100000      # 1 MiB above the start of RAM
                        sw   zero, 0(t0)
                        li   t0, 0x100000
                        li   t1, 0x5555
                        sw   t1, 0(t0)
                """);
        assertEquals(0, VmshRun.of("boot", probe.toString(), "--memory", "2M").status());
        assertEquals(3, VmshRun.of("boot", probe.toString(), "--memory", "16K").status());
    }

    @Test
    void isaOptionChoosesTheExtensions() throws IOException {
        Path probe = Files.writeString(tmp.resolve("probe.s"), """
                _start: la   t0, fail
                        csrw mtvec, t0
                        csrr t1, hstatus           # illegal without the H extension
                        li   t0, 0x100000
                        li   t1, 0x5555
                        sw   t1, 0(t0)
                fail:   li   t0, 0x100000
                        li   t1, 0x70000 | 0x3333  # exit 7
                        sw   t1, 0(t0)
                """);
        assertEquals(7, VmshRun.of("boot", probe.toString()).status());
        assertEquals(0, VmshRun.of("boot", probe.toString(), "--isa", "rv32ima_zicsr_h").status());
        VmshRun bad = VmshRun.of("boot", probe.toString(), "--isa", "rv32imac");
        assertEquals(2, bad.status());
        assertEquals("", bad.out());
        assertTrue(bad.err().startsWith("vmsh: Invalid value for option '--isa': isa 'rv32imac': extension 'c' is not implemented"), bad.err());
        assertEquals(1, bad.err().lines().count(), bad.err());
    }

    @Test
    void traceGoesToStderrAndLeavesStdoutToTheConsole() {
        VmshRun r = VmshRun.of("boot", VmshRun.repo("samples/hello.s").toString(), "--trace");
        assertEquals(0, r.status());
        assertEquals("Hello, world!\n", r.out());
        assertTrue(r.err().lines().count() > 20, r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.contains("80000000")), r.err());
    }

    @Test
    void traceOfAVmIsRefusedNotIgnored() {
        VmshRun r = VmshRun.of("boot", VmshRun.repo("samples/kernel/kernel.s").toString(), "--technique", "trap", "--trace");
        assertEquals(2, r.status(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().contains("--trace prints the bare machine's instructions"), r.err());
    }

    @Test
    void assemblyErrorsPrintAsTheAssemblerFormatsThemAndExitOne() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.s"), "_start: addi a0, a0\n        frob x1\n");
        VmshRun r = VmshRun.of("boot", bad.toString());
        assertEquals(1, r.status());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith(bad + ":1:"), r.err());
        assertTrue(r.err().contains(bad + ":2:"), "both errors reported: " + r.err());
    }

    @Test
    void asmWritesAnElfThatBootsLikeTheSource() throws IOException {
        Path elf = tmp.resolve("hello.elf");
        VmshRun asm = VmshRun.of("asm", VmshRun.repo("samples/hello.s").toString(), "-o", elf.toString());
        assertEquals(0, asm.status(), asm.toString());
        byte[] bytes = Files.readAllBytes(elf);
        assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, Arrays.copyOf(bytes, 4));
        VmshRun boot = VmshRun.of("boot", elf.toString());
        assertEquals(0, boot.status(), boot.toString());
        assertEquals("Hello, world!\n", boot.out());
    }

    @Test
    void disasmListsSourceAndElfAlike() throws IOException {
        Path hello = VmshRun.repo("samples/hello.s");
        Path elf = tmp.resolve("hello.elf");
        assertEquals(0, VmshRun.of("asm", hello.toString(), "-o", elf.toString()).status());
        VmshRun fromSource = VmshRun.of("disasm", hello.toString());
        VmshRun fromElf = VmshRun.of("disasm", elf.toString());
        assertEquals(0, fromSource.status(), fromSource.toString());
        assertTrue(fromSource.out().contains("<_start>:"), fromSource.out());
        assertEquals(instructions(fromSource.out()), instructions(fromElf.out()));
    }

    @Test
    void asmDefaultOutputReplacesTheExtension() {
        assertEquals(Path.of("dir", "hello.elf"), AsmCommand.defaultOutput(Path.of("dir", "hello.s")));
        assertEquals(Path.of("prog.elf"), AsmCommand.defaultOutput(Path.of("prog")));
    }

    /** The lines of a listing that show an instruction: "80000000:  00000417  auipc ...". */
    private static java.util.List<String> instructions(String listing) {
        return listing.lines().filter(l -> l.matches("^\\s*[0-9a-f]{8}:.*")).toList();
    }

    /** The "# expect-exit: N" line of a sample's header. */
    private static int expectedExit(Path sample) {
        try {
            return Files.readAllLines(sample).stream()
                    .filter(l -> l.startsWith("# expect-exit:"))
                    .map(l -> Integer.parseInt(l.substring("# expect-exit:".length()).strip()))
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
