package vmsh.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import vmsh.board.StopReason;
import vmsh.elf.ElfReader;
import vmsh.hv.HvConfig;
import vmsh.hv.Hypervisor;
import vmsh.hv.Technique;
import vmsh.hv.Vm;
import vmsh.hv.VmMachine;
import vmsh.hv.VmOptions;
import vmsh.hv.VmState;

/**
 * The public riscv-tests, run unmodified: one dynamic test per ELF file in the directory
 * named by the environment variable {@code VMSH_RISCV_TESTS} (or the system property
 * {@code vmsh.riscvTests}). Each program reports through HTIF {@code tohost}: it passes
 * when the machine halts with exit code 0. An optional regular expression in
 * {@code VMSH_RISCV_TESTS_FILTER} (or {@code vmsh.riscvTests.filter}) picks file names,
 * e.g. {@code rv32u.-p-.*}. vmsh does not ship these programs: build them yourself.
 *
 * <p>Each program also runs unmodified as a whole machine ({@code machine 'full'}) under
 * every technique that virtualizes M-mode, and must pass there too, but for the known
 * deviations listed (reported as skipped, with the reason).
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
        return programs.stream().flatMap(p -> {
            String name = p.getFileName().toString();
            Stream<DynamicTest> bare = Stream.of(DynamicTest.dynamicTest(name, () -> passes(p)));
            Stream<DynamicTest> vms = Stream.of(Technique.values()).filter(t -> t.wholeMachine)
                    .map(t -> DynamicTest.dynamicTest(name + " as a whole machine under " + t.label, () -> passesInAVm(p, t)));
            return Stream.concat(bare, vms);
        });
    }

    /** Programs that fail as whole machines, by technique ("*": all), and why. */
    static final Map<String, String> WHOLE_MACHINE_DEVIATIONS = Map.of(
            "rv32si-p-dirty *", "it stores through mstatus.MPRV, which the VMM does not virtualize",
            "rv32mi-p-instret_overflow bt", "bt's minstret counts the instructions of the translated code, not the guest's own");

    private static void passesInAVm(Path program, Technique t) throws IOException {
        String name = program.getFileName().toString();
        String why = WHOLE_MACHINE_DEVIATIONS.getOrDefault(name + " *", WHOLE_MACHINE_DEVIATIONS.get(name + " " + t.label));
        assumeTrue(why == null, name + " under " + t.label + ": " + why);
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(128L << 20));
        Vm vm = hv.create("guest", 32L << 20, t, -1, 0, 32L << 20, VmOptions.DEFAULTS.machine(VmMachine.FULL));
        vm.load(ElfReader.read(Files.readAllBytes(program)));
        hv.run(BUDGET, false);
        assertEquals(VmState.HALTED, vm.state(), name + " under " + t.label + ": " + vm.message());
        assertEquals(0, vm.exitCode(), name + " under " + t.label + " (tohost reports the failing test case as the code)");
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
