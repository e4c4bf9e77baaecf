package vmsh.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import vmsh.board.StopReason;
import vmsh.elf.ElfReader;

/**
 * The public riscv-tests, run unmodified: one dynamic test per ELF file in the directory
 * named by the environment variable {@code VMSH_RISCV_TESTS} (or the system property
 * {@code vmsh.riscvTests}). Each program reports through HTIF {@code tohost}: it passes
 * when the machine halts with exit code 0. An optional regular expression in
 * {@code VMSH_RISCV_TESTS_FILTER} (or {@code vmsh.riscvTests.filter}) picks file names,
 * e.g. {@code rv32u.-p-.*}. vmsh does not ship these programs: build them yourself.
 */
class RiscvTestsTest {
    static final long BUDGET = 20_000_000;

    @TestFactory
    Stream<DynamicTest> everyProgramPasses() throws IOException {
        String dir = setting("VMSH_RISCV_TESTS", "vmsh.riscvTests");
        if (dir == null) return skipped("set VMSH_RISCV_TESTS to a directory of built riscv-tests ELFs");
        Path root = Path.of(dir);
        if (!Files.isDirectory(root)) return skipped(root + " is not a directory");
        String filter = setting("VMSH_RISCV_TESTS_FILTER", "vmsh.riscvTests.filter");
        Pattern names = Pattern.compile(filter == null ? ".*" : filter);

        List<Path> programs;
        try (Stream<Path> files = Files.list(root)) {
            programs = files.filter(Files::isRegularFile)
                    .filter(p -> names.matcher(p.getFileName().toString()).matches())
                    .filter(RiscvTestsTest::isElf)
                    .sorted()
                    .toList();
        }
        if (programs.isEmpty()) return skipped("no ELF files in " + root + " match '" + names + "'");
        return programs.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> passes(p)));
    }

    /** One test that reports itself skipped, so the reason shows in the test report. */
    private static Stream<DynamicTest> skipped(String reason) {
        return Stream.of(DynamicTest.dynamicTest("riscv-tests", () -> assumeTrue(false, "riscv-tests skipped: " + reason)));
    }

    private static void passes(Path program) throws IOException {
        GuestRun run = GuestRun.run(ElfReader.read(Files.readAllBytes(program)), BUDGET);
        String why = program.getFileName() + ": " + run.describe();
        assertEquals(StopReason.HALT, run.result().reason(), why);
        assertEquals(0, run.result().exitCode(), why + " (tohost reports the failing test case as the code)");
    }

    private static boolean isElf(Path file) {
        try (var in = Files.newInputStream(file)) {
            return ElfReader.isElf(in.readNBytes(4));
        } catch (IOException e) {
            return false;
        }
    }

    private static String setting(String env, String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) value = System.getenv(env);
        return value == null || value.isBlank() ? null : value;
    }
}
